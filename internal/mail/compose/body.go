package compose

import (
	"bytes"
	"encoding/base64"
	"mime/quotedprintable"
	"slices"
	"strings"
)

// Content-Transfer-Encodings a body can be written in.
const (
	cte7bit   = "7bit"
	cteQP     = "quoted-printable"
	cteBase64 = "base64"
)

// canonicalText gives text MIME's canonical line endings: CRLF, LF and a lone
// CR each become CRLF (RFC 2046 4.1.1 allows CR and LF in text only as CRLF).
func canonicalText(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// encodeText returns the canonical text body in the transfer encoding that
// fits: 7bit only when that is true of it (ASCII, short lines, no control
// characters), quoted-printable when it is mostly ASCII, base64 otherwise.
func encodeTextBody(s string) (cte string, body []byte) {
	s = canonicalText(s)
	if is7bit(s) {
		return cte7bit, []byte(s)
	}
	qpCost := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= ' ' && c <= '~' && c != '=' || c == '\r' || c == '\n' {
			qpCost++
		} else {
			qpCost += 3
		}
	}
	if qpCost > base64.StdEncoding.EncodedLen(len(s)) {
		return cteBase64, appendBase64Lines(nil, []byte(s))
	}
	var buf bytes.Buffer
	buf.Grow(qpCost + qpCost/70*3)
	w := quotedprintable.NewWriter(&buf)
	_, _ = w.Write([]byte(s)) // writes to a bytes.Buffer cannot fail
	_ = w.Close()
	return cteQP, buf.Bytes()
}

// is7bit reports whether canonical text can be sent unencoded: printable
// ASCII and tabs, lines of at most 998 octets, no trailing whitespace (some
// transports strip it; quoted-printable keeps it), and never a line that
// could be taken for one of our MIME boundaries (they all start with "--=_").
func is7bit(s string) bool {
	line := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			if i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
				return false
			}
			i++
			line = 0
			continue
		case c == '\t' || c >= ' ' && c <= '~':
		default:
			return false
		}
		if line++; line > maxLineOctets {
			return false
		}
	}
	return !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, "\t") && !strings.Contains(s, "--=_")
}

// appendBase64Lines appends b in base64, in lines of 76 characters (RFC 2045
// 6.8), each ending CRLF. Appending lets a large attachment be encoded
// straight into the message buffer, with no intermediate copy.
func appendBase64Lines(dst, b []byte) []byte {
	const lineLen, perLine = 76, 57 // 57 bytes encode to 76 characters
	dst = slices.Grow(dst, (len(b)+perLine-1)/perLine*(lineLen+2))
	for len(b) > 0 {
		k := min(perLine, len(b))
		dst = base64.StdEncoding.AppendEncode(dst, b[:k])
		dst = append(dst, '\r', '\n')
		b = b[k:]
	}
	return dst
}
