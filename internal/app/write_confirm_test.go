package app_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
)

// wrAsker is an MCP client's elicitation handler that answers with action
// and remembers what it was shown.
type wrAsker struct {
	action string
	mu     sync.Mutex
	asked  []string
}

func (a *wrAsker) handle(_ context.Context, req *mcp.ElicitRequest) (*mcp.ElicitResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.asked = append(a.asked, req.Params.Message)
	return &mcp.ElicitResult{Action: a.action}, nil
}

func (a *wrAsker) prompts() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.asked...)
}

func confirmMode(mode string) envOption { return func(c *config.Config) { c.ConfirmSend = mode } }

func TestConfirmBeforeSendWithElicitation(t *testing.T) {
	t.Parallel()
	args := map[string]any{"to": []string{"Ann <ann@example.com>"}, "cc": []string{"bob@example.com"}, "subject": "Lunch on Friday?", "body": "Shall we?\nAt noon."}
	for _, c := range []struct {
		action string
		sent   bool
		says   string
	}{
		{"accept", true, "Sent to"},
		{"decline", false, "the user declined"},
		{"cancel", false, "cancelled"},
	} {
		t.Run(c.action, func(t *testing.T) {
			e := newEnv(t, confirmMode("auto"))
			asker := &wrAsker{action: c.action}
			cs := e.connect(t, &mcp.ClientOptions{ElicitationHandler: asker.handle})
			r := callOK[sendResult](t, cs, "send_email", args)
			if r.Sent != c.sent || !strings.Contains(r.Message, c.says) {
				t.Errorf("result = %+v, want sent=%v saying %q", r, c.sent, c.says)
			}
			if !c.sent && !strings.Contains(r.Message, "Nothing was sent") {
				t.Errorf("result %q does not say nothing was sent", r.Message)
			}
			want := 0
			if c.sent {
				want = 1
			}
			if n := len(e.acct.Sent()); n != want {
				t.Errorf("fake received %d messages, want %d", n, want)
			}
			if n := wrSendRequests(e.fake); n != want {
				t.Errorf("%d send requests, want %d", n, want)
			}
			prompts := asker.prompts()
			if len(prompts) != 1 {
				t.Fatalf("user was asked %d times, want once", len(prompts))
			}
			for _, w := range []string{"ann@example.com", "bob@example.com", "Lunch on Friday?", "Shall we?"} {
				if !strings.Contains(prompts[0], w) {
					t.Errorf("confirmation %q does not show %q", prompts[0], w)
				}
			}
		})
	}
}

func TestConfirmModesWithoutElicitation(t *testing.T) {
	t.Parallel()
	args := map[string]any{"to": []string{"ann@example.com"}, "subject": "s", "body": "b"}
	for _, c := range []struct {
		mode string
		sent bool
	}{{"auto", true}, {"always", false}, {"never", true}} {
		t.Run(c.mode, func(t *testing.T) {
			e := newEnv(t, confirmMode(c.mode))
			cs := e.connect(t, nil)
			if c.sent {
				if r := callOK[sendResult](t, cs, "send_email", args); !r.Sent {
					t.Errorf("result = %+v", r)
				}
			} else {
				msg := callErr(t, cs, "send_email", args)
				if !strings.Contains(msg, "nothing was sent") || !strings.Contains(msg, "GMAIL_MCP_CONFIRM_SEND=always") {
					t.Errorf("error = %q, want it to explain the always mode", msg)
				}
			}
			want := 0
			if c.sent {
				want = 1
			}
			if n := len(e.acct.Sent()); n != want {
				t.Errorf("fake received %d messages, want %d", n, want)
			}
		})
	}
}

func TestNeverModeDoesNotAsk(t *testing.T) {
	t.Parallel()
	e := newEnv(t, confirmMode("never"))
	asker := &wrAsker{action: "decline"}
	cs := e.connect(t, &mcp.ClientOptions{ElicitationHandler: asker.handle})
	if r := callOK[sendResult](t, cs, "send_email", map[string]any{"to": []string{"ann@example.com"}, "subject": "s", "body": "b"}); !r.Sent {
		t.Errorf("result = %+v", r)
	}
	if n := len(asker.prompts()); n != 0 {
		t.Errorf("never mode asked the user %d times", n)
	}
}

// Every send path asks first: a decline stops reply, forward and send_draft too.
func TestConfirmCoversEverySendPath(t *testing.T) {
	t.Parallel()
	e := newEnv(t, confirmMode("always"))
	asker := &wrAsker{action: "decline"}
	cs := e.connect(t, &mcp.ClientOptions{ElicitationHandler: asker.handle})
	orig := e.insert(t, "From: alice@example.com\nTo: me@example.com\nSubject: Budget\nMessage-ID: <b1@example.com>\n\nNumbers?\n")
	draft := callOK[draftResult](t, cs, "create_draft", map[string]any{"to": []string{"dan@example.org"}, "subject": "Draft subject", "body": "draft body"})
	for _, c := range []struct {
		tool string
		args map[string]any
		show []string
	}{
		{"reply_email", map[string]any{"message_id": orig, "body": "Here."}, []string{"alice@example.com", "Re: Budget", "Here."}},
		{"forward_email", map[string]any{"message_id": orig, "to": []string{"carol@example.com"}}, []string{"carol@example.com", "Fwd: Budget"}},
		{"send_draft", map[string]any{"draft_id": draft.DraftID}, []string{"dan@example.org", "Draft subject", "draft body"}},
	} {
		before := len(asker.prompts())
		r := callOK[sendResult](t, cs, c.tool, c.args)
		if r.Sent || !strings.Contains(r.Message, "Nothing was sent") {
			t.Errorf("%s: result = %+v", c.tool, r)
		}
		prompts := asker.prompts()
		if len(prompts) != before+1 {
			t.Fatalf("%s: user asked %d times, want once", c.tool, len(prompts)-before)
		}
		for _, w := range c.show {
			if !strings.Contains(prompts[len(prompts)-1], w) {
				t.Errorf("%s: confirmation %q does not show %q", c.tool, prompts[len(prompts)-1], w)
			}
		}
	}
	if n := wrSendRequests(e.fake); n != 0 || len(e.acct.Sent()) != 0 {
		t.Errorf("declined sends reached the fake: %d requests", n)
	}
	if got := wrAudit(t, e, "send_draft"); len(got) != 1 || got[0]["outcome"] != "declined" {
		t.Errorf("send_draft audit = %v", got)
	}
}
