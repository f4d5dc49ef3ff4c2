package compose

import (
	"fmt"
	netmail "net/mail"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// Recipients validates the address strings a user gave for one field ("to",
// "cc", "bcc"). Each entry is one address, "a@example.com" or
// "Name <a@example.com>". Entries are trimmed and deduplicated by address,
// case-insensitively, keeping the first. An error names every bad entry.
func Recipients(field string, list []string) ([]mail.Address, error) {
	var out []mail.Address
	var problems []string
	seen := map[string]bool{}
	for i, entry := range list {
		a, problem := recipient(entry)
		if problem != "" {
			problems = append(problems, fmt.Sprintf("%s[%d] %q %s", field, i, entry, problem))
			continue
		}
		if key := strings.ToLower(a.Email); !seen[key] {
			seen[key] = true
			out = append(out, a)
		}
	}
	if len(problems) > 0 {
		return nil, invalid(append(problems, "give each "+field+" entry as one address: a@example.com or Name <a@example.com>"))
	}
	return out, nil
}

// recipient parses one entry, or says why it is not one address.
func recipient(entry string) (mail.Address, string) {
	switch {
	case strings.ContainsAny(entry, "\r\n"):
		return mail.Address{}, "contains a line break"
	case strings.IndexByte(entry, 0) >= 0:
		return mail.Address{}, "contains a NUL character"
	}
	entry = strings.TrimSpace(entry)
	if entry == "" {
		return mail.Address{}, "is empty"
	}
	if isGroup(entry) {
		return mail.Address{}, "is a group (name: addresses;): list the addresses one by one"
	}
	if list, err := netmail.ParseAddressList(entry); err == nil && len(list) > 1 {
		return mail.Address{}, fmt.Sprintf("holds %d addresses: give each as its own entry", len(list))
	}
	parsed, err := netmail.ParseAddress(entry)
	if err != nil {
		return mail.Address{}, "is not an email address (" + strings.TrimPrefix(err.Error(), "mail: ") + ")"
	}
	a := mail.Address{Name: strings.TrimSpace(parsed.Name), Email: parsed.Address}
	if p := addressProblem("address", a); p != "" {
		return mail.Address{}, "cannot be used: " + p
	}
	return a, ""
}

// isGroup reports whether entry has a ':' outside quotes and comments before
// any '<' — the RFC 5322 group syntax, which could smuggle in a list.
func isGroup(entry string) bool {
	quoted, depth := false, 0
	for i := 0; i < len(entry); i++ {
		switch c := entry[i]; {
		case c == '\\':
			i++
		case c == '"' && depth == 0:
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth > 0:
		case c == '<':
			return false
		case c == ':' || c == ';':
			return true
		}
	}
	return false
}
