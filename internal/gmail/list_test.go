package gmail

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestListFetchesEachMessageOnceInListOrder(t *testing.T) {
	tests := []struct {
		name  string
		batch int
		want  map[string]int
	}{
		{"batched", 0, map[string]int{"GET messages": 1, "POST batch": 1}},
		{"fanned out", -1, map[string]int{"GET messages": 1, "GET messages/{id}": 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Latency with concurrency makes answers arrive out of order.
			e := newEnv(t, gmailfake.Options{Latency: 2 * time.Millisecond}, Options{MaxConcurrency: 8, BatchSize: tt.batch})
			testListOrder(t, e, tt.want)
		})
	}
}

func testListOrder(t *testing.T, e *env, wantCalls map[string]int) {
	for i := range 25 {
		e.insert(t, i, mail.LabelInbox)
	}
	e.warm(t)
	ctx := context.Background()

	page, err := e.mb.List(ctx, mail.ListQuery{LabelIDs: []string{mail.LabelInbox}, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.countCalls(); !maps.Equal(got, wantCalls) {
		t.Errorf("calls = %v, want %v", got, wantCalls)
	}
	var queries []url.Values
	for _, r := range e.calls() {
		if shape(r.Path) == "messages/{id}" {
			queries = append(queries, r.Query)
		}
	}
	for _, b := range e.batchLines() {
		if len(b) != 20 {
			t.Errorf("a batch of %d calls, want all 20 in one", len(b))
		}
		for _, line := range b {
			method, target, _ := strings.Cut(line, " ")
			target, _, _ = strings.Cut(target, " ")
			u, err := url.Parse(target)
			if err != nil || method != "GET" || shape(u.Path) != "messages/{id}" {
				t.Errorf("batched call %q, want GET messages/{id}", line)
				continue
			}
			queries = append(queries, u.Query())
		}
	}
	if len(queries) != 20 {
		t.Errorf("%d message gets, want 20", len(queries))
	}
	for _, q := range queries {
		if q.Get("format") != "metadata" || q.Get("fields") != summaryFields ||
			!slices.Equal(q["metadataHeaders"], summaryHeaders) {
			t.Errorf("get query = %v, want format=metadata, the summary headers and fields", q)
			break
		}
	}
	listed, err := e.mb.svc.Users.Messages.List(me).LabelIds(mail.LabelInbox).MaxResults(20).Do()
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, m := range listed.Messages {
		want = append(want, m.Id)
	}
	for _, s := range page.Messages {
		got = append(got, s.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("order = %v, want Gmail's list order %v", got, want)
	}
	if page.NextPageToken == "" {
		t.Error("no next page token with 25 messages and a limit of 20")
	}
	next, err := e.mb.List(ctx, mail.ListQuery{LabelIDs: []string{mail.LabelInbox}, Limit: 20, PageToken: page.NextPageToken})
	if err != nil || len(next.Messages) != 5 {
		t.Errorf("second page: %d messages, %v; want 5", len(next.Messages), err)
	}
}

func TestListSummary(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	raw := "From: =?UTF-8?Q?Jos=C3=A9_P=C3=A9rez?= <jose@example.com>\r\n" +
		"To: Me <me@example.com>, \"Doe, Jane\" <jane@example.com>\r\n" +
		"Subject: =?UTF-8?B?w5xiZXJ3ZWlzdW5n?= & more\r\n" +
		"Date: Tue, 3 Mar 2026 10:04:05 +0100\r\n" +
		"Content-Type: multipart/mixed; boundary=XX\r\n\r\n" +
		"--XX\r\nContent-Type: text/plain\r\n\r\nTom & Jerry <3 \"quotes\"\r\n" +
		"--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--XX--\r\n"
	if _, err := e.acct.Insert([]byte(raw), mail.LabelInbox, mail.LabelUnread); err != nil {
		t.Fatal(err)
	}
	e.insert(t, 1, mail.LabelInbox)

	page, err := e.mb.List(context.Background(), mail.ListQuery{Query: "in:inbox", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Messages) != 2 {
		t.Fatalf("got %d messages, want 2", len(page.Messages))
	}
	byUnread := map[bool]mail.Summary{}
	for _, s := range page.Messages {
		byUnread[s.Unread] = s
	}
	s := byUnread[true]
	wantDate := time.Date(2026, 3, 3, 9, 4, 5, 0, time.UTC)
	switch {
	case s.From != (mail.Address{Name: "José Pérez", Email: "jose@example.com"}):
		t.Errorf("From = %+v", s.From)
	case !slices.Equal(s.To, []mail.Address{{Name: "Me", Email: "me@example.com"}, {Name: "Doe, Jane", Email: "jane@example.com"}}):
		t.Errorf("To = %+v", s.To)
	case s.Subject != "Überweisung & more":
		t.Errorf("Subject = %q", s.Subject)
	case !s.Date.Equal(wantDate):
		t.Errorf("Date = %v, want %v", s.Date, wantDate)
	case s.Snippet == "" || s.Snippet != "Tom & Jerry <3 \"quotes\"":
		t.Errorf("Snippet = %q, want it HTML-unescaped", s.Snippet)
	case !s.HasAttachments:
		t.Error("multipart/mixed message: HasAttachments = false")
	case !slices.Contains(s.Labels, mail.LabelInbox) || s.ThreadID == "":
		t.Errorf("labels %v, thread %q", s.Labels, s.ThreadID)
	}
	plain := byUnread[false]
	if plain.HasAttachments || plain.Subject != "Message 1" || plain.From.Email != "sender1@example.com" {
		t.Errorf("plain summary = %+v", plain)
	}
}

func TestListSkipsMessageGoneBetweenListAndGet(t *testing.T) {
	for _, batch := range []int{0, -1} {
		t.Run(fmt.Sprint("batch ", batch), func(t *testing.T) {
			e := newEnv(t, gmailfake.Options{}, Options{BatchSize: batch})
			ids := []string{e.insert(t, 1, mail.LabelInbox), e.insert(t, 2, mail.LabelInbox), e.insert(t, 3, mail.LabelInbox)}
			e.warm(t)
			e.fake.InjectFault(gmailfake.Fault{Method: "GET", PathSuffix: "/messages/" + ids[1], Status: 404})

			page, err := e.mb.List(context.Background(), mail.ListQuery{LabelIDs: []string{mail.LabelInbox}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range page.Messages {
				got = append(got, s.ID)
			}
			if len(got) != 2 || slices.Contains(got, ids[1]) {
				t.Errorf("ids = %v, want the two others without %s", got, ids[1])
			}

			// Twice: a failed call in a batch is retried alone once.
			e.fake.InjectFault(gmailfake.Fault{Method: "GET", PathSuffix: "/messages/" + ids[2], Status: 500, Times: 2})
			_, err = e.mb.List(context.Background(), mail.ListQuery{LabelIDs: []string{mail.LabelInbox}})
			if mail.KindOf(err) != mail.KindUnavailable {
				t.Errorf("a 500 on one get: err = %v (kind %v), want KindUnavailable", err, mail.KindOf(err))
			}
		})
	}
}

func TestListBoundsConcurrency(t *testing.T) {
	for _, limit := range []int{1, 3, 10} {
		e := newEnv(t, gmailfake.Options{Latency: 10 * time.Millisecond}, Options{MaxConcurrency: limit, BatchSize: -1})
		for i := range 20 {
			e.insert(t, i, mail.LabelInbox)
		}
		e.warm(t)
		page, err := e.mb.List(context.Background(), mail.ListQuery{Limit: 20})
		if err != nil || len(page.Messages) != 20 {
			t.Fatalf("limit %d: %d messages, %v", limit, len(page.Messages), err)
		}
		// The fake counts its own high-water mark: never past the bound, and
		// above 1 when allowed (the fan-out works; exactly the bound is
		// usual, but a loaded machine may start one late).
		if got := e.fake.Stats().MaxInFlight; got > limit || got < min(limit, 2) {
			t.Errorf("MaxConcurrency %d: fake saw %d requests in flight", limit, got)
		}
	}
}

func TestListCancelled(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	e.insert(t, 1, mail.LabelInbox)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.mb.List(ctx, mail.ListQuery{})
	if !errorsIsCanceled(err) {
		t.Errorf("err = %v, want a cancellation", err)
	}
}

func TestLikelyHasAttachments(t *testing.T) {
	tests := map[string]bool{
		"multipart/mixed":                      true,
		"Multipart/Mixed; boundary=\"x\"":      true,
		"multipart/report; report-type=status": true,
		"multipart/alternative":                false,
		"multipart/related":                    false,
		"text/plain":                           false,
		"":                                     false,
	}
	for ct, want := range tests {
		if got := likelyHasAttachments(ct); got != want {
			t.Errorf("likelyHasAttachments(%q) = %v, want %v", ct, got, want)
		}
	}
}
