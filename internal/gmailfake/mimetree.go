package gmailfake

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"strconv"
	"strings"
)

// header is one header field as Gmail's payload lists it.
type header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// node is one part of a parsed message: the shape Gmail's "full" format
// returns. data holds the leaf content with the transfer encoding undone but
// still in the part's own charset; for message/rfc822 it is the whole
// embedded message.
type node struct {
	partID     string
	headers    []header
	mimeType   string
	params     map[string]string
	filename   string
	data       []byte
	children   []*node
	attachment bool // Gmail keeps the content apart, behind an attachmentId
}

// maxDepth bounds nesting so a hostile message cannot exhaust the stack.
const maxDepth = 32

func headerValue(h []header, name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// splitHeader separates the header block from the body and unfolds the
// header lines, keeping their order (net/mail and textproto lose it).
func splitHeader(raw []byte) ([]header, []byte) {
	var hdrs []header
	rest := raw
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		if len(next) == 0 && !bytes.HasSuffix(rest, []byte("\n")) {
			next = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			return hdrs, next
		}
		if (line[0] == ' ' || line[0] == '\t') && len(hdrs) > 0 {
			hdrs[len(hdrs)-1].Value += " " + strings.TrimSpace(string(line))
		} else if name, value, ok := bytes.Cut(line, []byte(":")); ok && len(bytes.TrimSpace(name)) > 0 {
			hdrs = append(hdrs, header{Name: string(bytes.TrimSpace(name)), Value: strings.TrimSpace(string(value))})
		}
		rest = next
	}
	return hdrs, nil
}

// parseMessage parses an RFC 5322 message into its part tree.
func parseMessage(raw []byte) *node {
	h, body := splitHeader(raw)
	return parsePart(h, body, "", 0)
}

func parsePart(h []header, body []byte, partID string, depth int) *node {
	n := &node{partID: partID, headers: h}
	n.mimeType, n.params = contentType(headerValue(h, "Content-Type"))
	n.filename = filename(h, n.params)
	disposition, _, _ := mime.ParseMediaType(headerValue(h, "Content-Disposition"))
	switch {
	case strings.HasPrefix(n.mimeType, "multipart/") && depth < maxDepth:
		for i, p := range splitMultipart(body, n.params["boundary"]) {
			ph, pb := splitHeader(p)
			n.children = append(n.children, parsePart(ph, pb, childID(partID, i), depth+1))
		}
		return n
	case n.mimeType == "message/rfc822" && depth < maxDepth:
		n.data = decodeTransfer(headerValue(h, "Content-Transfer-Encoding"), body)
		eh, eb := splitHeader(n.data)
		n.children = []*node{parsePart(eh, eb, childID(partID, 0), depth+1)}
		n.attachment = true
		return n
	}
	n.data = decodeTransfer(headerValue(h, "Content-Transfer-Encoding"), body)
	n.attachment = n.filename != "" || disposition == "attachment" || !strings.HasPrefix(n.mimeType, "text/")
	return n
}

func childID(parent string, i int) string {
	if parent == "" {
		return strconv.Itoa(i)
	}
	return parent + "." + strconv.Itoa(i)
}

// contentType is lenient like Gmail: a broken header still yields its type,
// and a missing one means text/plain.
func contentType(v string) (string, map[string]string) {
	if strings.TrimSpace(v) == "" {
		return "text/plain", map[string]string{}
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil && mt == "" {
		mt, _, _ = strings.Cut(v, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	if params == nil {
		params = map[string]string{}
	}
	if !strings.Contains(mt, "/") {
		mt = "text/plain"
	}
	return mt, params
}

// filename takes Content-Disposition's filename (RFC 2231 handled by
// mime.ParseMediaType) or Content-Type's name, RFC 2047-decoded as Gmail does.
func filename(h []header, ctParams map[string]string) string {
	_, dp, _ := mime.ParseMediaType(headerValue(h, "Content-Disposition"))
	name := dp["filename"]
	if name == "" {
		name = ctParams["name"]
	}
	if dec, err := wordDecoder.DecodeHeader(name); err == nil {
		name = dec
	}
	return name
}

// splitMultipart returns the raw body parts between boundary delimiter lines.
func splitMultipart(body []byte, boundary string) [][]byte {
	if boundary == "" {
		return nil
	}
	delim := []byte("--" + boundary)
	var parts [][]byte
	start := -1
	for pos := 0; pos < len(body); {
		end := bytes.IndexByte(body[pos:], '\n')
		lineEnd := len(body)
		if end >= 0 {
			lineEnd = pos + end + 1
		}
		line := bytes.TrimRight(body[pos:lineEnd], " \t\r\n")
		if bytes.HasPrefix(line, delim) {
			tail := line[len(delim):]
			if len(tail) == 0 || bytes.Equal(tail, []byte("--")) {
				if start >= 0 {
					parts = append(parts, trimLineBreak(body[start:pos]))
				}
				if len(tail) > 0 {
					return parts
				}
				start = lineEnd
			}
		}
		pos = lineEnd
	}
	if start >= 0 && start < len(body) {
		parts = append(parts, body[start:]) // unterminated: keep what came
	}
	return parts
}

// trimLineBreak drops the line break that belongs to the next delimiter.
func trimLineBreak(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// decodeTransfer undoes base64 and quoted-printable leniently: Gmail shows
// what it could decode rather than failing the message.
func decodeTransfer(cte string, body []byte) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, body)
		clean = bytes.TrimRight(clean, "=")
		out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
		n, _ := base64.RawStdEncoding.Decode(out, clean)
		return out[:n]
	case "quoted-printable":
		out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
		if err != nil && len(out) == 0 {
			return body
		}
		return out
	}
	return body
}
