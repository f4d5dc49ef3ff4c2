package gmailfake

import (
	"encoding/base64"
	"testing"

	gmailapi "google.golang.org/api/gmail/v1"
)

func TestSmokeListGetSend(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.insert(t, "From: Alice <alice@example.com>\r\nTo: me@example.com\r\nSubject: Hello\r\nDate: Mon, 2 Jun 2025 10:00:00 +0000\r\nMessage-ID: <a1@example.com>\r\n\r\nHi there & welcome\r\n", "INBOX", "UNREAD")
	p, err := e.gm.Users.GetProfile("me").Do()
	if err != nil || p.EmailAddress != "me@example.com" || p.MessagesTotal != 1 {
		t.Fatalf("profile = %+v, %v", p, err)
	}
	l, err := e.gm.Users.Messages.List("me").LabelIds("INBOX").Do()
	if err != nil || len(l.Messages) != 1 || l.Messages[0].Id != id {
		t.Fatalf("list = %+v, %v", l, err)
	}
	m, err := e.gm.Users.Messages.Get("me", id).Do()
	if err != nil {
		t.Fatal(err)
	}
	if m.Snippet != "Hi there &amp; welcome" || m.Payload.MimeType != "text/plain" {
		t.Fatalf("message = %+v", m)
	}
	raw := "To: bob@example.org\r\nBcc: carol@example.org\r\nSubject: Re: Hello\r\nIn-Reply-To: <a1@example.com>\r\n\r\nreply\r\n"
	sent, err := e.gm.Users.Messages.Send("me", &gmailapi.Message{Raw: base64.URLEncoding.EncodeToString([]byte(raw)), ThreadId: id}).Do()
	if err != nil || sent.ThreadId != id {
		t.Fatalf("send = %+v, %v", sent, err)
	}
	if got := e.acct.Sent(); len(got) != 1 || string(got[0].Raw) != raw {
		t.Fatalf("Sent() = %+v", got)
	}
}
