package gmailfake

import (
	"strings"
	"testing"
)

func TestParseMessageEdges(t *testing.T) {
	for _, tc := range []struct {
		name, raw      string
		mimeType, body string
		children       int
		firstChildBody string
		headerCount    int
	}{
		{"LF line endings and folded header", "Subject: a\n  folded\nContent-Type: text/plain\n\nhello\n", "text/plain", "hello\n", 0, "", 2},
		{"no header block end", "Subject: only headers", "text/plain", "", 0, "", 1},
		{"no content type", "Subject: x\r\n\r\nbody", "text/plain", "body", 0, "", 1},
		{"broken content type params", "Content-Type: text/html; charset\r\n\r\n<p>x</p>", "text/html", "<p>x</p>", 0, "", 1},
		{"base64 with bad padding", "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8\r\n", "text/plain", "hello", 0, "", 1},
		{"quoted-printable soft breaks", "Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 =\r\nau lait", "text/plain", "Café au lait", 0, "", 1},
		{"multipart with preamble and epilogue", "Content-Type: multipart/mixed; boundary=xx\r\n\r\npreamble\r\n--xx\r\n\r\none\r\n--xx\r\nContent-Type: text/html\r\n\r\n<b>two</b>\r\n--xx--\r\nepilogue", "multipart/mixed", "", 2, "one", 1},
		{"unterminated multipart", "Content-Type: multipart/mixed; boundary=xx\r\n\r\n--xx\r\n\r\nonly part", "multipart/mixed", "", 1, "only part", 1},
		{"boundary-like line inside a part", "Content-Type: multipart/mixed; boundary=xx\r\n\r\n--xx\r\n\r\n--xxy is not a delimiter\r\n--xx--", "multipart/mixed", "", 1, "--xxy is not a delimiter", 1},
	} {
		n := parseMessage([]byte(tc.raw))
		if n.mimeType != tc.mimeType || string(n.data) != tc.body || len(n.children) != tc.children || len(n.headers) != tc.headerCount {
			t.Errorf("%s: %s %q, %d children, %d headers", tc.name, n.mimeType, n.data, len(n.children), len(n.headers))
			continue
		}
		if tc.children > 0 && string(n.children[0].data) != tc.firstChildBody {
			t.Errorf("%s: first child %q", tc.name, n.children[0].data)
		}
	}
	if h, _ := splitHeader([]byte("Subject: a\n  folded\n\n")); h[0].Value != "a folded" {
		t.Errorf("unfolded = %q", h[0].Value)
	}
}

func TestRemoveAndSetHeader(t *testing.T) {
	raw := "To: a@example.com\r\nBcc: x@example.com,\r\n y@example.com\r\nSubject: s\r\n\r\nBcc: in the body stays\r\n"
	got := string(removeHeader([]byte(raw), "bcc"))
	if got != "To: a@example.com\r\nSubject: s\r\n\r\nBcc: in the body stays\r\n" {
		t.Errorf("removeHeader = %q", got)
	}
	if got := string(setHeader([]byte(raw), "Subject", "new")); !strings.Contains(got, "y@example.com\r\nSubject: new\r\n\r\n") || strings.Count(got, "Subject:") != 1 {
		t.Errorf("setHeader = %q", got)
	}
}

func FuzzParseMessage(f *testing.F) {
	entries, _ := demoFiles.ReadDir("demo")
	for _, e := range entries[:8] {
		b, _ := demoFiles.ReadFile("demo/" + e.Name())
		f.Add(b)
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: message/rfc822\r\n\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		n := parseMessage(raw)
		m := &message{id: "1", tree: n, raw: raw}
		m.snippet = snippetOf(n)
		m.doc = newSearchDoc(m)
		j := m.toJSON(formatFull, nil)
		if j.Payload == nil {
			t.Fatal("no payload")
		}
	})
}
