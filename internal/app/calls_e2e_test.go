package app_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// Gmail requests per tool call, counted by the fake: what a tool costs in
// round trips is a property of the code, so it is asserted here rather than
// timed. A regression to one get per listed message, or to N+1 sequential
// calls, fails these tests on any machine.

// callsByShape counts the fake's API requests since the last reset by a short
// shape: "GET messages", "GET messages/{id}", "POST batch", ….
func callsByShape(fake *gmailfake.Server) map[string]int {
	n := map[string]int{}
	for _, r := range fake.Stats().Requests {
		if r.Path == "/token" {
			continue
		}
		n[r.Method+" "+callShape(r.Path)]++
	}
	return n
}

func callShape(path string) string {
	if path == "/batch/gmail/v1" {
		return "batch"
	}
	parts := strings.Split(strings.TrimPrefix(path, "/gmail/v1/users/me/"), "/")
	for i := 1; i < len(parts); i++ {
		parts[i] = "{id}"
	}
	return strings.Join(parts, "/")
}

// callsSeedInbox stores n plain messages in INBOX, newest last.
func callsSeedInbox(t *testing.T, e *env, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		ids[i] = e.insert(t, fmt.Sprintf("From: Sender %d <s%d@example.com>\nTo: %s\nSubject: Report %d\n"+
			"Date: Mon, 2 Mar 2026 09:%02d:00 +0000\nMessage-ID: <r%d@example.com>\n\nNumbers for week %d.\n",
			i, i, testAccount, i, i%60, i, i))
	}
	return ids
}

// callsSeedThread stores a conversation of n messages and returns its thread id.
func callsSeedThread(t *testing.T, e *env, n int) string {
	t.Helper()
	var first string
	for i := range n {
		subject, reply := "Plan", ""
		if i > 0 {
			subject, reply = "Re: Plan", fmt.Sprintf("In-Reply-To: <t%d@example.com>\n", i-1)
		}
		id := e.insert(t, fmt.Sprintf("From: p%d@example.com\nTo: %s\nSubject: %s\nDate: Tue, 3 Mar 2026 10:%02d:00 +0000\n"+
			"Message-ID: <t%d@example.com>\n%s\nMessage %d of the plan.\n", i, testAccount, subject, i, i, reply, i))
		if i == 0 {
			first = id
		}
	}
	return first // Gmail's thread id is its first message's id
}

func TestCallsPerTool(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ids := callsSeedInbox(t, e, 25)
	threadID := callsSeedThread(t, e, 10)
	cs := e.connect(t, nil)
	callOK[map[string]any](t, cs, "get_profile", nil) // the access token, before counting

	type step struct {
		tool  string
		args  map[string]any
		want  map[string]int
		items int // emails (list, search) or messages (thread) expected
	}
	steps := []struct {
		name string
		step
	}{
		{"list_emails 20: 1 list + 1 batch", step{"list_emails", map[string]any{"limit": 20},
			map[string]int{"GET messages": 1, "POST batch": 1}, 20}},
		{"list_emails 50 (35 there): still 1 list + 1 batch", step{"list_emails", map[string]any{"limit": 50},
			map[string]int{"GET messages": 1, "POST batch": 1}, 35}},
		{"search_emails 20: 1 list + 1 batch", step{"search_emails", map[string]any{"query": "subject:report", "limit": 20},
			map[string]int{"GET messages": 1, "POST batch": 1}, 20}},
		{"read_email cold: 1 get", step{"read_email", map[string]any{"message_id": ids[3]},
			map[string]int{"GET messages/{id}": 1}, 0}},
		{"read_email warm: no call", step{"read_email", map[string]any{"message_id": ids[3]},
			map[string]int{}, 0}},
		{"get_thread of 10: 1 threads.get", step{"get_thread", map[string]any{"thread_id": threadID},
			map[string]int{"GET threads/{id}": 1}, 10}},
		{"read_email of a message get_thread fetched: no call", step{"read_email", map[string]any{"message_id": threadID},
			map[string]int{}, 0}},
	}
	for _, s := range steps {
		e.fake.ResetStats()
		out := callOK[struct {
			Emails   []summary `json:"emails"`
			Messages []any     `json:"messages"`
		}](t, cs, s.tool, s.args)
		if got := callsByShape(e.fake); !maps.Equal(got, s.want) {
			t.Errorf("%s: Gmail requests %v, want %v", s.name, got, s.want)
		}
		if got := len(out.Emails) + len(out.Messages); got != s.items {
			t.Errorf("%s: %d items, want %d", s.name, got, s.items)
		}
	}

	// The batch is charged as the calls it carries: 20 + 35 + 20 gets of 5 units.
	if got := sample(scrape(t, e), `gmail_mcp_gmail_quota_units_total{method="batch"}`); got != 75*5 {
		t.Errorf("quota units charged for batches = %v, want %d", got, 75*5)
	}
}

// When the batch endpoint fails, a list still costs one round of parallel
// gets, never a sequence: the fake must see them overlap.
func TestListWithoutBatchFansOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	callsSeedInbox(t, e, 20)
	cs := e.connect(t, nil)
	callOK[map[string]any](t, cs, "get_profile", nil)
	e.fake.ResetStats()
	e.fake.InjectFault(gmailfake.Fault{Method: "POST", PathSuffix: "/batch/gmail/v1", Status: 503})
	// Every GET takes a while, so sequential gets could never overlap.
	e.fake.InjectFault(gmailfake.Fault{Method: "GET", Times: 21, Delay: 20 * time.Millisecond, ApplyAfterHandling: true})

	out := callOK[listResult](t, cs, "list_emails", map[string]any{"limit": 20})
	if len(out.Emails) != 20 {
		t.Fatalf("%d emails, want 20", len(out.Emails))
	}
	want := map[string]int{"GET messages": 1, "POST batch": 1, "GET messages/{id}": 20}
	if got := callsByShape(e.fake); !maps.Equal(got, want) {
		t.Errorf("Gmail requests %v, want %v", got, want)
	}
	if peak := e.fake.Stats().MaxInFlight; peak < 2 || peak > e.app.Config.MaxInFlight {
		t.Errorf("at most %d gets in flight at once, want 2 to GMAIL_MAX_IN_FLIGHT (%d)", peak, e.app.Config.MaxInFlight)
	}
}
