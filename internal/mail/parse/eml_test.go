package parse

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// parseEML turns an RFC 5322 message into the tree Gmail's "full" format
// returns: header order kept, values raw; transfer encoding undone, charset
// untouched; partIds "", "0", "0.1", …; parts with a filename (and forwarded
// messages) get an attachment id and, as in Gmail, no inline body except for
// message/rfc822, whose bytes the reader may use for a name.
func parseEML(raw []byte) (*mail.Message, error) {
	root, err := parsePart(raw, "", 0)
	if err != nil {
		return nil, err
	}
	return &mail.Message{ID: "test", ThreadID: "test", SizeEstimate: len(raw), Payload: root}, nil
}

func parsePart(raw []byte, id string, depth int) (*mail.Part, error) {
	if depth > 40 {
		return nil, fmt.Errorf("part %q: nested too deep", id)
	}
	headers, body := splitHeaders(raw)
	p := &mail.Part{PartID: id, Headers: headers}
	ct, params := mediaParams(headers.Get("Content-Type"))
	if ct == "" || !strings.Contains(ct, "/") {
		ct = "text/plain"
	}
	p.MIMEType = ct
	_, dParams := mediaParams(headers.Get("Content-Disposition"))
	p.Filename = dParams["filename"]
	if p.Filename == "" {
		p.Filename = params["name"]
	}
	if strings.HasPrefix(ct, "multipart/") && params["boundary"] != "" {
		for i, child := range splitMultipart(body, params["boundary"]) {
			cid := fmt.Sprint(i)
			if id != "" {
				cid = id + "." + cid
			}
			c, err := parsePart(child, cid, depth+1)
			if err != nil {
				return nil, err
			}
			p.Parts = append(p.Parts, c)
		}
		return p, nil
	}
	decoded := decodeTransfer(body, headers.Get("Content-Transfer-Encoding"))
	p.Size = len(decoded)
	switch {
	case ct == "message/rfc822":
		p.AttachmentID = "att-" + id
		p.Body = decoded
	case p.Filename != "":
		p.AttachmentID = "att-" + id
	default:
		p.Body = decoded
	}
	return p, nil
}

// splitHeaders reads the header block (unfolding continuation lines) and
// returns the body after the blank line.
func splitHeaders(raw []byte) (mail.Headers, []byte) {
	var hs mail.Headers
	rest := raw
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		line := rest
		if i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(hs) > 0 {
			hs[len(hs)-1].Value += " " + string(bytes.TrimLeft(line, " \t"))
			continue
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		hs = append(hs, mail.Header{Name: string(bytes.TrimSpace(name)), Value: string(bytes.TrimSpace(value))})
	}
	return hs, rest
}

// splitMultipart returns the raw parts between boundary lines.
func splitMultipart(body []byte, boundary string) [][]byte {
	delim := []byte("--" + boundary)
	var parts [][]byte
	var cur []byte
	inPart := false
	for len(body) > 0 {
		i := bytes.IndexByte(body, '\n')
		line := body
		if i >= 0 {
			line, body = body[:i+1], body[i+1:]
		} else {
			body = nil
		}
		trimmed := bytes.TrimRight(line, " \t\r\n")
		if bytes.HasPrefix(trimmed, delim) {
			if inPart {
				parts = append(parts, trimLastNewline(cur))
			}
			cur = nil
			if bytes.Equal(trimmed, append(delim, '-', '-')) {
				break
			}
			inPart = true
			continue
		}
		if inPart {
			cur = append(cur, line...)
		}
	}
	return parts
}

// trimLastNewline drops the CRLF that belongs to the next boundary line.
func trimLastNewline(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

func decodeTransfer(body []byte, cte string) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' || r == '=' {
				return -1
			}
			return r
		}, body)
		if len(clean)%4 == 1 {
			clean = clean[:len(clean)-1] // a lone trailing character encodes nothing
		}
		out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
		n, _ := base64.RawStdEncoding.Decode(out, clean) // keep what decoded before any damage
		return out[:n]
	case "quoted-printable":
		return decodeQP(body)
	}
	return body
}

// decodeQP undoes quoted-printable leniently: soft breaks joined, broken
// escapes kept literally.
func decodeQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		switch {
		case i+1 < len(b) && b[i+1] == '\n':
			i++
		case i+2 < len(b) && b[i+1] == '\r' && b[i+2] == '\n':
			i += 2
		case i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]):
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out
}
