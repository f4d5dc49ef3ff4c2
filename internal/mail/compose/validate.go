package compose

import (
	"fmt"
	netmail "net/mail"
	"strings"
	"unicode/utf8"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// headerProblem says what is wrong with a caller-supplied header value, or ""
// when it is safe to put in a header (after encoding where needed).
func headerProblem(what, v string) string {
	switch {
	case strings.ContainsAny(v, "\r\n"):
		return fmt.Sprintf("%s contains a line break (CR or LF): header values must be a single line", what)
	case strings.IndexByte(v, 0) >= 0:
		return fmt.Sprintf("%s contains a NUL character: remove it", what)
	case !utf8.ValidString(v):
		return fmt.Sprintf("%s is not valid UTF-8 text", what)
	}
	return ""
}

// addressProblem checks one address for a header: safe characters, and a
// net/mail round trip that gives back exactly the same name and address, so
// what the recipient's software reads is what the caller asked for.
func addressProblem(what string, a mail.Address) string {
	if p := headerProblem(what+" name", a.Name); p != "" {
		return p
	}
	if p := headerProblem(what+" address", a.Email); p != "" {
		return p
	}
	if a.Email == "" {
		return fmt.Sprintf("%s has no email address", what)
	}
	// The bare address must parse to itself: this refuses lists smuggled into
	// one entry and quoted local parts, which no real correspondent needs.
	bare, err := netmail.ParseAddress(a.Email)
	if err != nil || bare.Address != a.Email || bare.Name != "" {
		return fmt.Sprintf("%s %q is not a valid email address: use the form name@example.com", what, a.Email)
	}
	got, err := netmail.ParseAddress(a.String())
	if err != nil || got.Address != a.Email {
		return fmt.Sprintf("%s %q is not a valid email address: use the form name@example.com", what, a.Email)
	}
	if got.Name != a.Name {
		return fmt.Sprintf("%s display name %q cannot be written in a header unchanged: simplify it", what, a.Name)
	}
	return ""
}

// normalizeMsgID checks a Message-ID supplied by a caller and returns it in
// angle brackets. A bare id ("abc@example.com") is accepted and bracketed.
func normalizeMsgID(what, id string) (string, string) {
	if p := headerProblem(what, id); p != "" {
		return "", p
	}
	id = strings.TrimSpace(id)
	inner := strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	if inner == "" || len(inner) > 900 || strings.ContainsAny(inner, "<>") || !isVisibleASCII(inner) {
		return "", fmt.Sprintf("%s %q is not a message id: expected the form <id@domain>", what, id)
	}
	return "<" + inner + ">", ""
}

// isVisibleASCII reports whether s is printable ASCII without spaces.
func isVisibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
