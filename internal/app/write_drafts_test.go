package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
)

type draftResult struct {
	DraftID   string `json:"draft_id"`
	MessageID string `json:"message_id"`
	ThreadID  string `json:"thread_id"`
	Message   string `json:"message"`
}

type draftItem struct {
	DraftID   string   `json:"draft_id"`
	MessageID string   `json:"message_id"`
	To        []string `json:"to"`
	Subject   string   `json:"subject"`
}

type draftList struct {
	Drafts        []draftItem `json:"drafts"`
	NextPageToken string      `json:"next_page_token"`
}

func TestDraftCreateListSend(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	d := callOK[draftResult](t, cs, "create_draft", map[string]any{
		"to": []string{"Dan <dan@example.org>"}, "subject": "Trip — Überblick", "body": "Plan attached.",
		"attachments": []map[string]any{{"filename": "plan.txt", "content_base64": "cGxhbg=="}},
	})
	if d.DraftID == "" || d.MessageID == "" {
		t.Fatalf("create_draft = %+v", d)
	}
	if len(e.acct.Sent()) != 0 {
		t.Fatal("create_draft sent mail")
	}
	if labels := e.acct.LabelIDs(d.MessageID); !slices.Contains(labels, "DRAFT") {
		t.Errorf("draft message labels = %v, want DRAFT", labels)
	}
	list := callOK[draftList](t, cs, "list_drafts", map[string]any{"limit": 10})
	i := slices.IndexFunc(list.Drafts, func(x draftItem) bool {
		return x.DraftID == d.DraftID
	})
	if i < 0 {
		t.Fatalf("list_drafts %+v lacks %s", list, d.DraftID)
	}
	if got := list.Drafts[i]; got.Subject != "Trip — Überblick" || len(got.To) != 1 || !strings.Contains(got.To[0], "dan@example.org") {
		t.Errorf("listed draft = %+v", got)
	}

	r := callOK[sendResult](t, cs, "send_draft", map[string]any{"draft_id": d.DraftID})
	if !r.Sent || r.ID == "" {
		t.Fatalf("send_draft = %+v", r)
	}
	sent := e.acct.Sent()
	if len(sent) != 1 {
		t.Fatalf("fake sent %d messages, want 1", len(sent))
	}
	m := wrParse(t, sent[0].Raw)
	if got := m.subject(t); got != "Trip — Überblick" {
		t.Errorf("sent subject = %q", got)
	}
	if got := m.addresses(t, "From"); len(got) != 1 || got[0] != testAccount {
		t.Errorf("From = %v", got)
	}
	if labels := e.acct.LabelIDs(r.ID); slices.Contains(labels, "DRAFT") || !slices.Contains(labels, "SENT") {
		t.Errorf("sent message labels = %v, want SENT and no DRAFT", labels)
	}
	if n := len(fakeSaw(e.fake, "POST", "/drafts/send")); n != 1 {
		t.Errorf("%d drafts.send requests, want 1", n)
	}
	if left := callOK[draftList](t, cs, "list_drafts", nil); slices.ContainsFunc(left.Drafts, func(x draftItem) bool {
		return x.DraftID == d.DraftID
	}) {
		t.Error("the sent draft is still listed")
	}
	msg := callErr(t, cs, "send_draft", map[string]any{"draft_id": d.DraftID})
	if !strings.Contains(msg, "no draft") {
		t.Errorf("sending it again: %q, want no draft", msg)
	}
	if len(e.acct.Sent()) != 1 {
		t.Error("a draft was sent twice")
	}
}

func TestReplyDraftThreads(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	orig := e.insert(t, "From: Alice <alice@example.com>\nTo: me@example.com\nSubject: Budget\nMessage-ID: <b1@example.com>\nReferences: <b0@example.com>\n\nNumbers?\n")
	thread := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": orig}).ThreadID
	d := callOK[draftResult](t, cs, "create_draft", map[string]any{"reply_to_message_id": orig, "body": "Here they are."})
	if d.ThreadID != thread {
		t.Errorf("draft thread = %s, want %s", d.ThreadID, thread)
	}
	raw, ok := e.acct.Raw(d.MessageID)
	if !ok {
		t.Fatal("draft message not stored")
	}
	m := wrParse(t, raw)
	if m.header.Get("In-Reply-To") != "<b1@example.com>" || strings.Join(strings.Fields(m.header.Get("References")), " ") != "<b0@example.com> <b1@example.com>" {
		t.Errorf("threading headers: In-Reply-To %q References %q", m.header.Get("In-Reply-To"), m.header.Get("References"))
	}
	if got := m.addresses(t, "To"); !slices.Equal(got, []string{"alice@example.com"}) || m.subject(t) != "Re: Budget" {
		t.Errorf("To %v subject %q", got, m.subject(t))
	}
}

func TestSendDraftAllowedRecipients(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *config.Config) { c.AllowedRecipients = []string{"@example.com"} })
	cs := e.connect(t, nil)
	// Saving a draft sends nothing, so the policy applies when it is sent.
	d := callOK[draftResult](t, cs, "create_draft", map[string]any{"to": []string{"ok@example.com"}, "bcc": []string{"hidden@evil.org"}, "subject": "s", "body": "b"})
	msg := callErr(t, cs, "send_draft", map[string]any{"draft_id": d.DraftID})
	if !strings.Contains(msg, "hidden@evil.org") || !strings.Contains(msg, "nothing was sent") {
		t.Errorf("error = %q, want the disallowed Bcc named", msg)
	}
	if n := wrSendRequests(e.fake); n != 0 || len(e.acct.Sent()) != 0 {
		t.Errorf("refused draft reached the fake: %d requests", n)
	}
}
