package gmailfake

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/mail"
	"slices"
	"strings"
	"testing"

	gmailapi "google.golang.org/api/gmail/v1"
	"google.golang.org/api/googleapi"
)

func rawMsg(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) }

func apiReason(err error) (int, string) {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return 0, ""
	}
	if len(ge.Errors) == 0 {
		return ge.Code, ""
	}
	return ge.Code, ge.Errors[0].Message
}

const original = "From: Alice <alice@example.com>\r\nTo: me@example.com\r\nSubject: Plans\r\nDate: Mon, 2 Jun 2025 10:00:00 +0000\r\nMessage-ID: <plans-1@example.com>\r\n\r\nWhat are the plans?\r\n"

func TestSend(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	orig := e.insert(t, original, "INBOX")
	reply := "To: Alice <alice@example.com>\r\nBcc: secret@example.org\r\nSubject: Re: Plans\r\nIn-Reply-To: <plans-1@example.com>\r\nReferences: <plans-1@example.com>\r\n\r\nThese plans.\r\n"
	for _, tc := range []struct {
		name       string
		call       func() (*gmailapi.Message, error)
		wantThread bool
	}{
		{"json with threadId", func() (*gmailapi.Message, error) {
			return e.gm.Users.Messages.Send("me", &gmailapi.Message{Raw: rawMsg(reply), ThreadId: orig}).Do()
		}, true},
		{"json, threaded by headers", func() (*gmailapi.Message, error) {
			return e.gm.Users.Messages.Send("me", &gmailapi.Message{Raw: rawMsg(reply)}).Do()
		}, true},
		{"media upload", func() (*gmailapi.Message, error) {
			return e.gm.Users.Messages.Send("me", &gmailapi.Message{ThreadId: orig}).Media(strings.NewReader(reply), googleapi.ContentType("message/rfc822")).Do()
		}, true},
		{"resumable upload in chunks", func() (*gmailapi.Message, error) {
			big := reply + strings.Repeat("0123456789abcdef\r\n", 17000) // 306 KB: two 256 KB chunks
			return e.gm.Users.Messages.Send("me", &gmailapi.Message{ThreadId: orig}).Media(strings.NewReader(big), googleapi.ContentType("message/rfc822"), googleapi.ChunkSize(256<<10)).Do()
		}, true},
		{"subject mismatch starts a thread", func() (*gmailapi.Message, error) {
			return e.gm.Users.Messages.Send("me", &gmailapi.Message{Raw: rawMsg("To: bob@example.com\r\nSubject: Other\r\n\r\nx\r\n"), ThreadId: orig}).Do()
		}, false},
	} {
		before := len(e.acct.Sent())
		m, err := tc.call()
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if (m.ThreadId == orig) != tc.wantThread || !slices.Equal(m.LabelIds, []string{"SENT"}) {
			t.Errorf("%s: thread %s labels %v", tc.name, m.ThreadId, m.LabelIds)
		}
		sent := e.acct.Sent()
		if len(sent) != before+1 || sent[before].ID != m.Id {
			t.Errorf("%s: Sent() = %d entries", tc.name, len(sent))
			continue
		}
		stored, _ := e.acct.Raw(m.Id)
		parsed, err := mail.ReadMessage(bytes.NewReader(stored))
		if err != nil {
			t.Fatalf("%s: stored message: %v", tc.name, err)
		}
		if parsed.Header.Get("Bcc") != "" || parsed.Header.Get("From") != "me@example.com" || parsed.Header.Get("Message-Id") == "" {
			t.Errorf("%s: stored headers %v", tc.name, parsed.Header)
		}
	}
	for _, tc := range []struct{ raw, want string }{
		{"Subject: nobody\r\n\r\nx\r\n", "Recipient address required"},
		{"To: not an address\r\nSubject: x\r\n\r\nx\r\n", "Invalid To header"},
	} {
		_, err := e.gm.Users.Messages.Send("me", &gmailapi.Message{Raw: rawMsg(tc.raw)}).Do()
		if code, msg := apiReason(err); code != 400 || msg != tc.want {
			t.Errorf("send %q: %v, want 400 %s", tc.raw, err, tc.want)
		}
	}
	if n := len(e.acct.Sent()); n != 5 {
		t.Errorf("Sent() has %d messages, want 5", n)
	}
	uploads := map[string]int{}
	for _, r := range e.srv.Stats().Requests {
		uploads[r.Query.Get("uploadType")]++
	}
	if uploads["multipart"] != 1 || uploads["resumable"] != 3 {
		t.Errorf("upload requests by type %v, want 1 multipart and 3 resumable (open + 2 chunks)", uploads)
	}
	if s := e.acct.Sent()[3]; len(s.Raw) < 300000 {
		t.Errorf("resumable upload stored %d bytes", len(s.Raw))
	}
}

func TestDrafts(t *testing.T) {
	e := newEnv(t, Options{})
	d, err := e.gm.Users.Drafts.Create("me", &gmailapi.Draft{Message: &gmailapi.Message{Raw: rawMsg("To: bob@example.com\r\nSubject: Draft one\r\n\r\nfirst\r\n")}}).Do()
	if err != nil || d.Id == "" || !slices.Equal(d.Message.LabelIds, []string{"DRAFT"}) {
		t.Fatalf("create = %+v, %v", d, err)
	}
	upd, err := e.gm.Users.Drafts.Update("me", d.Id, &gmailapi.Draft{Message: &gmailapi.Message{Raw: rawMsg("To: bob@example.com\r\nSubject: Draft one\r\n\r\nsecond\r\n")}}).Do()
	if err != nil || upd.Id != d.Id {
		t.Fatalf("update = %+v, %v", upd, err)
	}
	list, err := e.gm.Users.Drafts.List("me").Do()
	if err != nil || len(list.Drafts) != 1 || list.Drafts[0].Message.Id != upd.Message.Id {
		t.Fatalf("list = %+v, %v", list, err)
	}
	got, err := e.gm.Users.Drafts.Get("me", d.Id).Do()
	if err != nil || got.Message.Snippet != "second" {
		t.Fatalf("get = %+v, %v", got, err)
	}
	sent, err := e.gm.Users.Drafts.Send("me", &gmailapi.Draft{Id: d.Id}).Do()
	if err != nil || !slices.Equal(sent.LabelIds, []string{"SENT"}) {
		t.Fatalf("send = %+v, %v", sent, err)
	}
	if s := e.acct.Sent(); len(s) != 1 || !bytes.Contains(s[0].Raw, []byte("second")) {
		t.Errorf("Sent() = %+v", s)
	}
	if _, err := e.gm.Users.Drafts.Get("me", d.Id).Do(); err == nil {
		t.Error("sent draft still exists")
	}
	// A draft without recipients can be saved but not sent.
	bare, _ := e.gm.Users.Drafts.Create("me", &gmailapi.Draft{Message: &gmailapi.Message{Raw: rawMsg("Subject: later\r\n\r\nx\r\n")}}).Do()
	if _, err := e.gm.Users.Drafts.Send("me", &gmailapi.Draft{Id: bare.Id}).Do(); err == nil {
		t.Error("a draft without recipients was sent")
	}
	if err := e.gm.Users.Drafts.Delete("me", bare.Id).Do(); err != nil {
		t.Error(err)
	}
	if n := e.acct.MessageCount(); n != 1 {
		t.Errorf("MessageCount = %d, want 1 (the sent draft)", n)
	}
}

func TestModifyTrashAndLabels(t *testing.T) {
	e := newEnv(t, Options{})
	a := e.insert(t, original, "INBOX", "UNREAD")
	b := e.insert(t, strings.Replace(original, "plans-1", "plans-2", 1), "INBOX", "UNREAD")
	lbl, err := e.gm.Users.Labels.Create("me", &gmailapi.Label{Name: "Follow up"}).Do()
	if err != nil || lbl.Id != "Label_1" || lbl.Type != "user" {
		t.Fatalf("label create = %+v, %v", lbl, err)
	}
	if _, err := e.gm.Users.Labels.Create("me", &gmailapi.Label{Name: "follow up"}).Do(); err == nil {
		t.Error("duplicate label accepted")
	}
	if _, err := e.gm.Users.Messages.Modify("me", a, &gmailapi.ModifyMessageRequest{AddLabelIds: []string{lbl.Id}, RemoveLabelIds: []string{"UNREAD"}}).Do(); err != nil {
		t.Fatal(err)
	}
	if got := e.acct.LabelIDs(a); !slices.Equal(got, []string{"INBOX", "Label_1"}) {
		t.Errorf("after modify: %v", got)
	}
	_, err = e.gm.Users.Messages.Modify("me", a, &gmailapi.ModifyMessageRequest{AddLabelIds: []string{"Nope"}}).Do()
	if code, msg := apiReason(err); code != 400 || msg != "Invalid label: Nope" {
		t.Errorf("unknown label: %v", err)
	}
	if err := e.gm.Users.Messages.BatchModify("me", &gmailapi.BatchModifyMessagesRequest{Ids: []string{a, b}, AddLabelIds: []string{"STARRED"}}).Do(); err != nil {
		t.Fatal(err)
	}
	l, _ := e.gm.Users.Labels.Get("me", "STARRED").Do()
	if l.MessagesTotal != 2 || l.ThreadsTotal != 2 {
		t.Errorf("STARRED counts %+v", l)
	}
	if _, err := e.gm.Users.Messages.Trash("me", a).Do(); err != nil {
		t.Fatal(err)
	}
	inbox, _ := e.gm.Users.Messages.List("me").LabelIds("INBOX").Do()
	if len(inbox.Messages) != 1 || inbox.Messages[0].Id != b {
		t.Errorf("INBOX after trash = %+v", inbox.Messages)
	}
	if m, err := e.gm.Users.Messages.Untrash("me", a).Do(); err != nil || !slices.Contains(m.LabelIds, "INBOX") || slices.Contains(m.LabelIds, "TRASH") {
		t.Errorf("untrash = %+v, %v", m, err)
	}
	if err := e.gm.Users.Messages.Delete("me", b).Do(); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.acct.Raw(b); ok || e.acct.MessageCount() != 1 {
		t.Error("delete left the message")
	}
	var deletes int
	for _, r := range e.srv.Stats().Requests {
		if r.Method == "DELETE" {
			deletes++
		}
	}
	if deletes != 1 {
		t.Errorf("Stats saw %d DELETE requests, want 1", deletes)
	}
}
