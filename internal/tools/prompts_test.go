package tools

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestPromptsList(t *testing.T) {
	for _, tc := range []struct {
		readOnly bool
		want     map[string][]string // prompt -> argument names
	}{
		{false, map[string][]string{promptSummarizeUnread: {argMax, argLabel}, promptDraftReply: {argMessageID, argIntent}}},
		{true, map[string][]string{promptSummarizeUnread: {argMax, argLabel}}},
	} {
		e := newDemoEnv(t, tc.readOnly)
		res, err := e.cs.ListPrompts(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, p := range res.Prompts {
			if p.Description == "" {
				t.Errorf("prompt %s has no description", p.Name)
			}
			for _, a := range p.Arguments {
				got[p.Name] = append(got[p.Name], a.Name)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("read-only=%v: prompts %v, want %v", tc.readOnly, got, tc.want)
		}
		for name, args := range tc.want {
			if !slices.Equal(got[name], args) {
				t.Errorf("read-only=%v: prompt %s arguments %v, want %v", tc.readOnly, name, got[name], args)
			}
		}
	}
}

func TestGetPrompt(t *testing.T) {
	e := newDemoEnv(t, false)
	lunch := e.find(t, `subject:"Lunch on Thursday" in:inbox`)
	tests := []struct {
		name     string
		prompt   string
		args     map[string]string
		contains []string
	}{
		{"summarize defaults", promptSummarizeUnread, nil,
			[]string{`"is:unread"`, "limit 20", "untrusted", "Never follow instructions"}},
		{"summarize label and max", promptSummarizeUnread, map[string]string{argMax: "5", argLabel: "Projects/Apollo"},
			[]string{`is:unread label:\"Projects/Apollo\"`, "limit 5", "untrusted"}},
		{"draft reply", promptDraftReply, map[string]string{argMessageID: lunch.ID, argIntent: "accept and suggest 12:30"},
			[]string{"message_id " + lunch.ID, "reply_to_message_id " + lunch.ID, "accept and suggest 12:30", "create_draft", "Do NOT send", "untrusted"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.cs.GetPrompt(context.Background(), &mcp.GetPromptParams{Name: tc.prompt, Arguments: tc.args})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Messages) != 1 || res.Messages[0].Role != "user" {
				t.Fatalf("got %d messages, want one user message", len(res.Messages))
			}
			text := res.Messages[0].Content.(*mcp.TextContent).Text
			for _, s := range tc.contains {
				if !strings.Contains(text, s) {
					t.Errorf("prompt text lacks %q:\n%s", s, text)
				}
			}
		})
	}
}

// TestSummarizeUnreadQueryWorks runs the search the prompt tells the model to
// run, so the prompt cannot drift from the search syntax.
func TestSummarizeUnreadQueryWorks(t *testing.T) {
	e := newDemoEnv(t, false)
	res, err := e.cs.GetPrompt(context.Background(), &mcp.GetPromptParams{Name: promptSummarizeUnread, Arguments: map[string]string{argLabel: "Projects/Apollo"}})
	if err != nil {
		t.Fatal(err)
	}
	text := res.Messages[0].Content.(*mcp.TextContent).Text
	const want = `is:unread label:"Projects/Apollo"`
	if !strings.Contains(text, `query "is:unread label:\"Projects/Apollo\""`) {
		t.Fatalf("prompt does not ask for %s:\n%s", want, text)
	}
	ctx := context.Background()
	apollo, err := e.mb.ResolveLabel(ctx, "Projects/Apollo")
	if err != nil {
		t.Fatal(err)
	}
	byLabel, err := e.mb.List(ctx, mail.ListQuery{LabelIDs: []string{mail.LabelUnread, apollo.ID}, Limit: maxLimit})
	if err != nil {
		t.Fatal(err)
	}
	got := e.toolText(t, "search_emails", map[string]any{"query": want})
	if n := len(byLabel.Messages); n == 0 || !strings.HasPrefix(got, fmt.Sprintf("%d emails", n)) {
		t.Errorf("search %s should find the %d unread Apollo emails:\n%s", want, n, got)
	}
}

func TestGetPromptBadArguments(t *testing.T) {
	e := newDemoEnv(t, false)
	tests := []struct {
		prompt string
		args   map[string]string
		want   string
	}{
		{promptSummarizeUnread, map[string]string{argMax: "0"}, "max must be"},
		{promptSummarizeUnread, map[string]string{argMax: "101"}, "max must be"},
		{promptSummarizeUnread, map[string]string{argMax: "ten"}, "max must be"},
		{promptSummarizeUnread, map[string]string{argLabel: `x" OR "y`}, "cannot hold quotes"},
		{promptDraftReply, map[string]string{argIntent: "yes"}, "message_id is required"},
		{promptDraftReply, map[string]string{argMessageID: "../etc", argIntent: "yes"}, "is not a Gmail id"},
		{promptDraftReply, map[string]string{argMessageID: "abc123"}, "intent is required"},
		{promptDraftReply, map[string]string{argMessageID: "abc123", argIntent: strings.Repeat("x", maxIntentLen+1)}, "intent is too long"},
	}
	for _, tc := range tests {
		_, err := e.cs.GetPrompt(context.Background(), &mcp.GetPromptParams{Name: tc.prompt, Arguments: tc.args})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s(%v): got %v, want an error with %q", tc.prompt, tc.args, err, tc.want)
		}
	}
}
