package app_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

func TestSendWithAttachmentsRoundTrips(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	binary := make([]byte, 3000)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	notes := []byte("Grüße\r\nline two\nno final newline")
	subject := "Quarterly report — Übersicht"
	body := "Hi Ann,\n\nthe report is attached; a < b & c.\n"
	r := callOK[sendResult](t, cs, "send_email", map[string]any{
		"to": []string{"Ann Example <ann@example.com>"}, "cc": []string{"bob@example.org"}, "bcc": []string{"audit@example.net"},
		"subject": subject, "body": body,
		"attachments": []map[string]any{
			{"filename": "report.pdf", "mime_type": "application/pdf", "content_base64": base64.StdEncoding.EncodeToString(binary)},
			{"filename": "Notizen für Jürgen.txt", "content_base64": base64.StdEncoding.EncodeToString(notes)},
		},
	})
	if !r.Sent || r.ID == "" {
		t.Fatalf("result = %+v", r)
	}
	sent := e.acct.Sent()
	if len(sent) != 1 {
		t.Fatalf("fake received %d messages, want 1", len(sent))
	}
	m := wrParse(t, sent[0].Raw)
	if got := m.addresses(t, "From"); len(got) != 1 || got[0] != testAccount {
		t.Errorf("From = %v, want %s", got, testAccount)
	}
	for _, c := range []struct {
		header string
		want   string
	}{{"To", "ann@example.com"}, {"Cc", "bob@example.org"}, {"Bcc", "audit@example.net"}} {
		if got := m.addresses(t, c.header); len(got) != 1 || got[0] != c.want {
			t.Errorf("%s = %v, want [%s]", c.header, got, c.want)
		}
	}
	if got := m.subject(t); got != subject {
		t.Errorf("subject = %q, want %q", got, subject)
	}
	if m.header.Get("Message-ID") == "" || m.header.Get("Date") == "" || m.header.Get("MIME-Version") != "1.0" {
		t.Errorf("missing Message-ID, Date or MIME-Version: %v", m.header)
	}
	if got := m.text("text/plain"); got != body {
		t.Errorf("body = %q, want %q", got, body)
	}
	atts := m.attachments()
	if len(atts) != 2 {
		t.Fatalf("got %d attachments, want 2", len(atts))
	}
	want := []struct {
		name, mediaType string
		content         []byte
	}{{"report.pdf", "application/pdf", binary}, {"Notizen für Jürgen.txt", "text/plain", notes}}
	for i, w := range want {
		if atts[i].filename != w.name || atts[i].mediaType != w.mediaType || !bytes.Equal(atts[i].body, w.content) {
			t.Errorf("attachment %d = %q %s (%d bytes), want %q %s (%d bytes, identical)",
				i, atts[i].filename, atts[i].mediaType, len(atts[i].body), w.name, w.mediaType, len(w.content))
		}
	}
}

func TestWriteHeaderInjectionRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	reply := e.insert(t, "From: alice@example.com\nTo: me@example.com\nSubject: hi\nMessage-ID: <orig@example.com>\n\nhello\n")
	file := func(name, mimeType string) []map[string]any {
		return []map[string]any{{"filename": name, "mime_type": mimeType, "content_base64": "aGVsbG8="}}
	}
	cases := []struct {
		name string
		tool string
		args map[string]any
	}{
		{"subject LF", "send_email", map[string]any{"subject": "hi\nBcc: evil@example.com"}},
		{"subject CR", "send_email", map[string]any{"subject": "hi\rBcc: evil@example.com"}},
		{"subject CRLF", "send_email", map[string]any{"subject": "hi\r\nBcc: evil@example.com"}},
		{"subject NUL", "send_email", map[string]any{"subject": "hi\x00there"}},
		{"to", "send_email", map[string]any{"to": []string{"a@example.com\r\nBcc: evil@example.com"}}},
		{"to name", "send_email", map[string]any{"to": []string{"\"Eve\nBcc: evil@example.com\" <a@example.com>"}}},
		{"to two in one", "send_email", map[string]any{"to": []string{"a@example.com, evil@example.com"}}},
		{"to group", "send_email", map[string]any{"to": []string{"friends: evil@example.com;"}}},
		{"cc", "send_email", map[string]any{"cc": []string{"b@example.com\nX-Evil: 1"}}},
		{"cc name", "send_email", map[string]any{"cc": []string{"\"Bob\r\nX-Evil: 1\" <b@example.com>"}}},
		{"bcc", "send_email", map[string]any{"bcc": []string{"c@example.com\n"}}},
		{"bcc name", "send_email", map[string]any{"bcc": []string{"\"C\x00\" <c@example.com>"}}},
		{"filename LF", "send_email", map[string]any{"attachments": file("a.txt\nBcc: evil@example.com", "text/plain")}},
		{"filename CR", "send_email", map[string]any{"attachments": file("a.txt\rX: y", "text/plain")}},
		{"filename NUL", "send_email", map[string]any{"attachments": file("a\x00.txt", "text/plain")}},
		{"mime type LF", "send_email", map[string]any{"attachments": file("a.txt", "text/plain\nBcc: evil@example.com")}},
		{"mime type params", "send_email", map[string]any{"attachments": file("a.txt", "text/plain\r\n\r\nbody")}},
		{"mime type multipart", "send_email", map[string]any{"attachments": file("a.txt", "multipart/mixed; boundary=x")}},
		{"bad base64", "send_email", map[string]any{"attachments": []map[string]any{{"filename": "a.txt", "content_base64": "not base64!"}}}},
		{"reply filename", "reply_email", map[string]any{"message_id": reply, "body": "x", "attachments": file("a\r\nBcc: e@example.com", "")}},
		{"reply mime type", "reply_email", map[string]any{"message_id": reply, "body": "x", "attachments": file("a.txt", "text/plain\nX: 1")}},
		{"forward to", "forward_email", map[string]any{"message_id": reply, "to": []string{"x@example.com\nBcc: evil@example.com"}}},
		{"forward to name", "forward_email", map[string]any{"message_id": reply, "to": []string{"\"X\nBcc: e@example.com\" <x@example.com>"}}},
		{"draft subject", "create_draft", map[string]any{"to": []string{"a@example.com"}, "body": "x", "subject": "s\nBcc: evil@example.com"}},
		{"draft filename", "create_draft", map[string]any{"to": []string{"a@example.com"}, "body": "x", "attachments": file("a\nb", "")}},
	}
	e.fake.ResetStats()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := map[string]any{"to": []string{"a@example.com"}, "subject": "hi", "body": "x"}
			if c.tool != "send_email" {
				args = map[string]any{}
			}
			for k, v := range c.args {
				args[k] = v
			}
			msg := callErr(t, cs, c.tool, args)
			if strings.Contains(msg, "internal error") {
				t.Errorf("want a clear error, got %q", msg)
			}
		})
	}
	if n := len(e.acct.Sent()); n != 0 {
		t.Errorf("fake received %d messages after refused sends", n)
	}
	if n := wrSendRequests(e.fake); n != 0 {
		t.Errorf("%d send requests reached the fake", n)
	}
	if n := len(fakeSaw(e.fake, "POST", "/drafts")); n != 0 {
		t.Errorf("%d draft requests reached the fake", n)
	}
}

func TestSendAllowedRecipients(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *config.Config) { c.AllowedRecipients = []string{"@example.com", "boss@partner.org"} })
	cs := e.connect(t, nil)
	orig := e.insert(t, "From: stranger@elsewhere.net\nTo: me@example.com\nCc: colleague@example.com\nSubject: hi\nMessage-ID: <s1@elsewhere.net>\n\nhello\n")
	e.fake.ResetStats()
	for _, c := range []struct {
		tool string
		args map[string]any
		bad  string
	}{
		{"send_email", map[string]any{"to": []string{"ann@example.com"}, "cc": []string{"spy@evil.org"}, "subject": "s", "body": "b"}, "spy@evil.org"},
		{"send_email", map[string]any{"to": []string{"ann@example.com"}, "bcc": []string{"Boss <BOSS@partner.org>", "x@sub.example.com"}, "subject": "s", "body": "b"}, "x@sub.example.com"},
		{"reply_email", map[string]any{"message_id": orig, "body": "b"}, "stranger@elsewhere.net"},
		{"forward_email", map[string]any{"message_id": orig, "to": []string{"ann@example.com", "leak@evil.org"}}, "leak@evil.org"},
	} {
		msg := callErr(t, cs, c.tool, c.args)
		if !strings.Contains(msg, c.bad) || !strings.Contains(msg, "GMAIL_MCP_ALLOWED_RECIPIENTS") || !strings.Contains(msg, "nothing was sent") {
			t.Errorf("%s: error %q should name %s and the policy", c.tool, msg, c.bad)
		}
	}
	if n := wrSendRequests(e.fake); n != 0 || len(e.acct.Sent()) != 0 {
		t.Errorf("refused sends reached the fake: %d requests, %d sent", n, len(e.acct.Sent()))
	}
	r := callOK[sendResult](t, cs, "send_email", map[string]any{"to": []string{"ann@example.com"}, "bcc": []string{"boss@partner.org"}, "subject": "s", "body": "b"})
	if !r.Sent || len(e.acct.Sent()) != 1 {
		t.Errorf("allowed send: result %+v, fake has %d", r, len(e.acct.Sent()))
	}
	if got := wrAudit(t, e, "forward_email"); len(got) != 1 || got[0]["outcome"] != "refused" {
		t.Errorf("forward audit = %v, want one refused line", got)
	}
}

func TestSendUncertainIsReportedAndNeverResent(t *testing.T) {
	t.Parallel()
	for _, applied := range []bool{false, true} {
		name := "not stored"
		if applied {
			name = "stored, then 503"
		}
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			cs := e.connect(t, nil)
			e.fake.InjectFault(gmailfake.Fault{Method: "POST", PathSuffix: "/messages/send", Status: http.StatusServiceUnavailable, ApplyAfterHandling: applied})
			e.fake.ResetStats()
			msg := callErr(t, cs, "send_email", map[string]any{"to": []string{"ann@example.com"}, "subject": "s", "body": "b"})
			if !strings.Contains(msg, "may or may not have been sent") || !strings.Contains(msg, "SENT folder") {
				t.Errorf("error = %q, want it to say the email may or may not have been sent and to check SENT", msg)
			}
			if n := len(fakeSaw(e.fake, "POST", "/messages/send")); n != 1 {
				t.Errorf("fake saw %d send requests, want exactly 1", n)
			}
			want := 0
			if applied {
				want = 1
			}
			if n := len(e.acct.Sent()); n != want {
				t.Errorf("fake stored %d sent messages, want %d", n, want)
			}
			if got := wrAudit(t, e, "send_email"); len(got) != 1 || got[0]["outcome"] != "uncertain" {
				t.Errorf("audit = %v, want one uncertain line", got)
			}
		})
	}
}

func TestReplyUncertainNeverResent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	orig := e.insert(t, "From: alice@example.com\nTo: me@example.com\nSubject: hi\nMessage-ID: <u1@example.com>\n\nhello\n")
	e.fake.InjectFault(gmailfake.Fault{Method: "POST", PathSuffix: "/messages/send", ResetConnection: true})
	e.fake.ResetStats()
	msg := callErr(t, cs, "reply_email", map[string]any{"message_id": orig, "body": "ok"})
	if !strings.Contains(msg, "may or may not have been sent") {
		t.Errorf("error = %q", msg)
	}
	if n := len(fakeSaw(e.fake, "POST", "/messages/send")); n != 1 {
		t.Errorf("fake saw %d send requests, want exactly 1", n)
	}
}
