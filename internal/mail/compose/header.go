package compose

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"
)

const (
	foldAt        = 78  // RFC 5322 2.1.1: lines SHOULD be at most 78 characters
	maxLineOctets = 998 // RFC 5322 2.1.1: lines MUST be at most 998 characters
)

// writeHeader writes "Name: value" folded at whitespace outside quoted strings
// so lines stay within 78 characters where the value allows. It folds only at
// single spaces: unfolding turns the fold back into exactly one space, so the
// value reads back unchanged. A line that still exceeds 998 octets is an error.
func writeHeader(buf *bytes.Buffer, name, value string) error {
	tokens := foldTokens(value)
	line := name + ":"
	if len(tokens) == 0 {
		line += " "
	}
	for i, tok := range tokens {
		if i > 0 && len(line)+1+len(tok) > foldAt {
			if err := writeLine(buf, name, line); err != nil {
				return err
			}
			line = ""
		}
		line += " " + tok
	}
	return writeLine(buf, name, line)
}

func writeLine(buf *bytes.Buffer, name, line string) error {
	if len(line) > maxLineOctets {
		return invalid([]string{fmt.Sprintf("the %s header needs a line of %d characters, more than the %d mail allows: shorten it", name, len(line), maxLineOctets)})
	}
	buf.WriteString(line)
	buf.WriteString("\r\n")
	return nil
}

// foldTokens splits a header value at the single spaces where it may be
// folded: not inside a quoted string, not next to another space.
func foldTokens(v string) []string {
	var tokens []string
	start, quoted, escaped := 0, false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == ' ' && !quoted && i > start && v[i-1] != ' ' && i+1 < len(v) && v[i+1] != ' ':
			tokens = append(tokens, v[start:i])
			start = i + 1
		}
	}
	if start < len(v) {
		tokens = append(tokens, v[start:])
	}
	return tokens
}

// encodeText makes unstructured header text (a subject) safe: left as is when
// it reads back unchanged and folds within 78 columns, else RFC 2047 encoded
// words, which also carry leading, trailing and repeated spaces intact.
func encodeText(s string) string {
	if s == "" || plainText(s) {
		return s
	}
	return encodeWords(s)
}

// plainText reports whether s can go into a header verbatim: printable ASCII,
// single spaces only, nothing a decoder would take for an encoded word, and
// no word too long to fold.
func plainText(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") || strings.Contains(s, "=?") {
		return false
	}
	word := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' {
			return false
		}
		if c == ' ' {
			word = 0
			continue
		}
		if word++; word > foldAt-len("Subject: ")-1 {
			return false
		}
	}
	return true
}

// encodedWordPayload is what fits in one encoded word after "=?utf-8?x?" and
// "?=" when the word must fit on the first line after "Subject: " within 78
// columns (RFC 2047 allows up to 75 characters; shorter keeps folding simple).
const encodedWordPayload = foldAt - len("Subject: ") - len("=?utf-8?q?") - len("?=")

// encodeWords encodes s as RFC 2047 UTF-8 encoded words separated by spaces,
// never splitting a character across words. Q encoding when most bytes are
// plain ASCII, B otherwise, whichever is shorter.
func encodeWords(s string) string {
	qLen := 0
	for i := 0; i < len(s); i++ {
		if qSafe(s[i]) {
			qLen++
		} else {
			qLen += 3
		}
	}
	if qLen > base64.StdEncoding.EncodedLen(len(s)) {
		return bWords(s)
	}
	return qWords(s)
}

// qSafe is the restrictive set RFC 2047 5(3) allows unencoded in a phrase.
func qSafe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '!' || c == '*' || c == '+' || c == '-' || c == '/' || c == ' '
}

func qWords(s string) string {
	const hex = "0123456789ABCDEF"
	var words []string
	var cur []byte
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		var enc []byte
		for _, c := range []byte(s[:size]) {
			switch {
			case c == ' ':
				enc = append(enc, '_')
			case qSafe(c):
				enc = append(enc, c)
			default:
				enc = append(enc, '=', hex[c>>4], hex[c&15])
			}
		}
		if len(cur)+len(enc) > encodedWordPayload {
			words = append(words, "=?utf-8?q?"+string(cur)+"?=")
			cur = cur[:0]
		}
		cur = append(cur, enc...)
		s = s[size:]
	}
	return strings.Join(append(words, "=?utf-8?q?"+string(cur)+"?="), " ")
}

func bWords(s string) string {
	maxBytes := encodedWordPayload / 4 * 3
	var words []string
	start := 0
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		if i+size-start > maxBytes {
			words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[start:i]))+"?=")
			start = i
		}
		i += size
	}
	words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[start:]))+"?=")
	return strings.Join(words, " ")
}
