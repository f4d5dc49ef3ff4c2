package gmailfake

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"
	gmailapi "google.golang.org/api/gmail/v1"
)

var testNow = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

// demoEnv serves the demo mailbox to a real Gmail client.
func demoEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t, Options{Now: func() time.Time { return testNow }})
	demo := e.srv.AddAccount(DemoEmail)
	if err := SeedDemo(demo, testNow); err != nil {
		t.Fatal(err)
	}
	e.acct, e.rt = demo, demo.NewRefreshToken()
	e.gm = e.client(t, e.rt)
	return e
}

func TestDemoCountsAndLabels(t *testing.T) {
	t.Parallel()
	e := demoEnv(t)
	if got := e.acct.MessageCount(); got != 44 {
		t.Errorf("MessageCount = %d, want 44", got)
	}
	labels, err := e.gm.Users.Labels.List("me").Do()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, l := range labels.Labels {
		ids[l.Name] = l.Id
		if l.MessagesTotal != 0 {
			t.Errorf("labels.list carries counts for %s; the real API does not", l.Name)
		}
	}
	for _, tc := range []struct {
		label         string
		total, unread int64
	}{
		{"INBOX", 35, 14}, {"SENT", 4, 0}, {"SPAM", 2, 1}, {"TRASH", 2, 0}, {"DRAFT", 1, 0},
		{"STARRED", 4, 2}, {"Receipts", 5, 3}, {"Projects/Apollo", 5, 2},
	} {
		id := ids[tc.label]
		if id == "" {
			t.Errorf("no label %q", tc.label)
			continue
		}
		l, err := e.gm.Users.Labels.Get("me", id).Do()
		if err != nil {
			t.Fatal(err)
		}
		if l.MessagesTotal != tc.total || l.MessagesUnread != tc.unread {
			t.Errorf("%s: total %d unread %d, want %d %d", tc.label, l.MessagesTotal, l.MessagesUnread, tc.total, tc.unread)
		}
	}
	if ids["Receipts"] == "" || !strings.HasPrefix(ids["Receipts"], "Label_") {
		t.Errorf("Receipts id = %q", ids["Receipts"])
	}
}

func TestDemoInboxPagesAndThreads(t *testing.T) {
	t.Parallel()
	e := demoEnv(t)
	var all []*gmailapi.Message
	err := e.gm.Users.Messages.List("me").LabelIds("INBOX").MaxResults(20).Pages(context.Background(), func(r *gmailapi.ListMessagesResponse) error {
		all = append(all, r.Messages...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 35 {
		t.Fatalf("paged INBOX = %d messages, want 35", len(all))
	}
	first, _ := e.gm.Users.Messages.List("me").LabelIds("INBOX").MaxResults(20).Do()
	if len(first.Messages) != 20 || first.NextPageToken == "" {
		t.Fatalf("first page: %d messages, token %q", len(first.Messages), first.NextPageToken)
	}
	// The Apollo thread: four messages, two of them the account's own.
	res, err := e.gm.Users.Messages.List("me").Q(`subject:"Apollo launch plan"`).Do()
	if err != nil || len(res.Messages) != 4 {
		t.Fatalf("apollo search = %+v, %v", res, err)
	}
	th, err := e.gm.Users.Threads.Get("me", res.Messages[0].ThreadId).Format("metadata").Do()
	if err != nil || len(th.Messages) != 4 {
		t.Fatalf("apollo thread = %v, %v", th, err)
	}
	for i, m := range th.Messages {
		if m.ThreadId != th.Id || (i > 0 && m.InternalDate < th.Messages[i-1].InternalDate) {
			t.Errorf("thread message %d: thread %s date %d", i, m.ThreadId, m.InternalDate)
		}
	}
	if !contains(th.Messages[1].LabelIds, "SENT") {
		t.Errorf("second Apollo message labels %v, want SENT", th.Messages[1].LabelIds)
	}
	recent, _ := e.gm.Users.Messages.List("me").Q("newer_than:7d").Do()
	if n := len(recent.Messages); n < 15 || n >= 40 {
		t.Errorf("newer_than:7d = %d messages; the demo should have most but not all mail in the last week", n)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// findOne searches the demo and returns the single full message found.
func findOne(t *testing.T, e *env, q string) *gmailapi.Message {
	t.Helper()
	res, err := e.gm.Users.Messages.List("me").Q(q).IncludeSpamTrash(true).Do()
	if err != nil || len(res.Messages) != 1 {
		t.Fatalf("search %q = %+v, %v; want one message", q, res, err)
	}
	m, err := e.gm.Users.Messages.Get("me", res.Messages[0].Id).Do()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDemoCharsetsStayInTheirOwnEncoding(t *testing.T) {
	t.Parallel()
	e := demoEnv(t)
	m := findOne(t, e, "from:ken.sato")
	raw, err := base64.URLEncoding.DecodeString(m.Payload.Body.Data)
	if err != nil {
		t.Fatal(err)
	}
	text, err := japanese.ShiftJIS.NewDecoder().Bytes(raw)
	if err != nil || !strings.Contains(string(text), "議事録を共有します") {
		t.Errorf("Shift_JIS body decoded = %q, %v", text, err)
	}
	if strings.Contains(string(raw), "議事録") {
		t.Error("body.data was converted to UTF-8; Gmail keeps the part's charset")
	}
	if !strings.Contains(m.Snippet, "議事録を共有します") {
		t.Errorf("snippet %q is not decoded to UTF-8", m.Snippet)
	}
	for q, want := range map[string]string{
		"from:greg.oneil":       "the “final” deck before 3pm? I’m worried the pricing slide says €49",
		"Genève":                "La réunion de lundi est déplacée à 10h.",
		"Отчёт":                 "Высылаю отчёт за май",
		"subject:Übersicht":     "hier die Übersicht der Woche",
		"from:minji.park":       "디자인 회의가",
		"from:legacy.example":   "Balance: 42 units. Caf\uFFFD hours",
		"議事録":                   "お疲れ様です",
		"from:news.example.com": "The Weekly Byte — Issue #42 Good morning! This week: Go 1.25 ships, the state of WebAssembly, and a &quot;tiny&quot; guide",
	} {
		if got := findOne(t, e, q).Snippet; !strings.Contains(got, want) {
			t.Errorf("%s: snippet %q lacks %q", q, got, want)
		}
	}
}
