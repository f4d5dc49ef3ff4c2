package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// wrPart is one leaf of a parsed message, its content decoded.
type wrPart struct {
	mediaType string
	params    map[string]string
	filename  string // from Content-Disposition, RFC 2231 decoded
	body      []byte
}

// wrMail is a message as a receiving client reads it with the standard
// library: net/mail for the header, mime/multipart for the tree.
type wrMail struct {
	header netmail.Header
	leaves []wrPart
}

func wrParse(t *testing.T, raw []byte) wrMail {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail cannot read the message: %v\n%s", err, raw)
	}
	m := wrMail{header: msg.Header}
	wrWalk(t, &m, func(k string) string { return msg.Header.Get(k) }, msg.Body)
	return m
}

func wrWalk(t *testing.T, m *wrMail, get func(string) string, body io.Reader) {
	t.Helper()
	ct := get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatalf("Content-Type %q: %v", ct, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("multipart: %v", err)
			}
			wrWalk(t, m, p.Header.Get, p)
		}
	}
	b, err := io.ReadAll(decodeTransfer(t, get("Content-Transfer-Encoding"), body))
	if err != nil {
		t.Fatalf("reading %s part: %v", mediaType, err)
	}
	leaf := wrPart{mediaType: mediaType, params: params, body: b}
	if cd := get("Content-Disposition"); cd != "" {
		_, dp, err := mime.ParseMediaType(cd)
		if err != nil {
			t.Fatalf("Content-Disposition %q: %v", cd, err)
		}
		leaf.filename = dp["filename"]
	}
	m.leaves = append(m.leaves, leaf)
}

// text returns the decoded body of the first leaf of mediaType with no
// filename, line endings made LF.
func (m wrMail) text(mediaType string) string {
	for _, l := range m.leaves {
		if l.mediaType == mediaType && l.filename == "" {
			return strings.ReplaceAll(string(l.body), "\r\n", "\n")
		}
	}
	return ""
}

func (m wrMail) attachments() []wrPart {
	var out []wrPart
	for _, l := range m.leaves {
		if l.filename != "" {
			out = append(out, l)
		}
	}
	return out
}

func (m wrMail) subject(t *testing.T) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(m.header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject %q: %v", m.header.Get("Subject"), err)
	}
	return s
}

// addresses returns the addresses of an address header, lower-cased.
func (m wrMail) addresses(t *testing.T, name string) []string {
	t.Helper()
	if m.header.Get(name) == "" {
		return nil
	}
	list, err := m.header.AddressList(name)
	if err != nil {
		t.Fatalf("%s %q: %v", name, m.header.Get(name), err)
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = strings.ToLower(a.Address)
	}
	return out
}

// wrSendRequests counts every request that could send mail.
func wrSendRequests(fake *gmailfake.Server) int {
	return len(fakeSaw(fake, "POST", "/messages/send")) + len(fakeSaw(fake, "POST", "/drafts/send"))
}

// wrAudit returns the audit log lines of tool.
func wrAudit(t *testing.T, e *env, tool string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(e.logs.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == "audit" && rec["tool"] == tool {
			out = append(out, rec)
		}
	}
	return out
}
