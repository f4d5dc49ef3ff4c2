package parse

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// DecodeHeader decodes the RFC 2047 encoded-words in a header value, in any
// charset x/text knows. It also reads the malformed forms common in real mail:
// a character split across adjacent encoded-words, encoded-words glued to other
// text, spaces inside a word, and raw 8-bit bytes (UTF-8 or Latin-1). Folding
// and control characters become spaces, so the result is one line of valid
// UTF-8 that is safe to reuse in a header (e.g. a reply's subject).
func DecodeHeader(s string) string {
	if !strings.Contains(s, "=?") {
		return cleanHeaderText(fix8bit(s))
	}
	var (
		out     strings.Builder
		pending []byte // decoded bytes of adjacent words in pendCS
		pendCS  string
		gap     string // whitespace after the last word, dropped if another word follows
	)
	flush := func() {
		if pending != nil {
			out.WriteString(DecodeCharset(pending, pendCS))
			pending, pendCS = nil, ""
		}
	}
	for s != "" {
		start := strings.Index(s, "=?")
		if start < 0 {
			break
		}
		charset, raw, rest, ok := parseEncodedWord(s[start:])
		if !ok {
			// Not a word: keep "=?" as text and look further on.
			flush()
			out.WriteString(gap)
			gap = ""
			out.WriteString(fix8bit(s[:start+2]))
			s = s[start+2:]
			continue
		}
		between := s[:start]
		if pending != nil && strings.Trim(between, " \t\r\n") == "" {
			// RFC 2047 §6.2: whitespace between adjacent words is dropped.
		} else {
			flush()
			out.WriteString(gap)
			out.WriteString(fix8bit(between))
		}
		gap = ""
		if pending != nil && !strings.EqualFold(charset, pendCS) {
			flush()
		}
		if pending == nil {
			pending, pendCS = []byte{}, charset
		}
		pending = append(pending, raw...)
		s = rest
		// Hold trailing whitespace until we know whether a word follows.
		n := len(s) - len(strings.TrimLeft(s, " \t\r\n"))
		gap, s = s[:n], s[n:]
	}
	flush()
	out.WriteString(gap)
	out.WriteString(fix8bit(s))
	return cleanHeaderText(out.String())
}

// parseEncodedWord reads one "=?charset[*lang]?enc?text?=" at the start of s and
// returns its charset, its decoded bytes and the text after it.
func parseEncodedWord(s string) (charset string, raw []byte, rest string, ok bool) {
	body := s[2:]
	q1 := strings.IndexByte(body, '?')
	if q1 <= 0 || q1+2 >= len(body) || body[q1+2] != '?' {
		return "", nil, "", false
	}
	charset = body[:q1]
	if strings.ContainsAny(charset, " \t\r\n=") {
		return "", nil, "", false
	}
	if i := strings.IndexByte(charset, '*'); i >= 0 {
		charset = charset[:i] // RFC 2231 language suffix
	}
	enc := body[q1+1]
	text := body[q1+3:]
	end := strings.Index(text, "?=")
	if end < 0 || strings.ContainsAny(text[:end], "\r\n") {
		return "", nil, "", false
	}
	rest = text[end+2:]
	text = text[:end]
	switch enc {
	case 'B', 'b':
		raw, ok = decodeBase64Lenient(text)
	case 'Q', 'q':
		raw, ok = decodeQ(text), true
	}
	return charset, raw, rest, ok
}

// decodeBase64Lenient decodes base64 with or without padding, ignoring spaces.
func decodeBase64Lenient(s string) ([]byte, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '=' {
			return -1
		}
		return r
	}, s)
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		// Keep what decoded before the damage, if anything did.
		if n := len(s) / 4 * 4; n > 0 {
			if b2, err2 := base64.RawStdEncoding.DecodeString(s[:n]); err2 == nil {
				return b2, true
			}
		}
		return nil, false
	}
	return b, true
}

// decodeQ decodes RFC 2047 "Q" text; a malformed escape is kept literally.
func decodeQ(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_':
			out = append(out, ' ')
		case c == '=' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// fix8bit returns s as valid UTF-8: valid UTF-8 sequences are kept and each
// other byte is read as Windows-1252, the usual source of raw 8-bit headers.
func fix8bit(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	dec := charmap.Windows1252
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(dec.DecodeByte(s[0]))
		} else {
			sb.WriteString(s[:size])
		}
		s = s[size:]
	}
	return sb.String()
}

// cleanHeaderText unfolds a header value: CR, LF and other control characters
// become spaces, and runs of those are collapsed.
func cleanHeaderText(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	lastCtl, lastSpace := false, false
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f {
			if !lastCtl && !lastSpace {
				// Folding (CRLF + space) should become a single space.
				sb.WriteByte(' ')
			}
			lastCtl = true
			continue
		}
		if lastCtl && (r == ' ' || r == '\t') {
			continue
		}
		lastCtl, lastSpace = false, r == ' ' || r == '\t'
		sb.WriteRune(r)
	}
	return sb.String()
}
