package tools

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func complete(t *testing.T, e *demoEnv, ref *mcp.CompleteReference, arg, value string) []string {
	t.Helper()
	res, err := e.cs.Complete(context.Background(), &mcp.CompleteParams{Ref: ref, Argument: mcp.CompleteParamsArgument{Name: arg, Value: value}})
	if err != nil {
		t.Fatalf("complete %+v %s=%q: %v", ref, arg, value, err)
	}
	return res.Completion.Values
}

func TestCompleteIDs(t *testing.T) {
	e := newDemoEnv(t, false)
	recent, err := e.mb.List(context.Background(), mail.ListQuery{Limit: recentForCompletion})
	if err != nil {
		t.Fatal(err)
	}
	var messageIDs, threadIDs []string
	for _, m := range recent.Messages {
		messageIDs = append(messageIDs, m.ID)
		if !slices.Contains(threadIDs, m.ThreadID) {
			threadIDs = append(threadIDs, m.ThreadID)
		}
	}
	if len(messageIDs) != recentForCompletion {
		t.Fatalf("the demo mailbox should hold at least %d messages, listed %d", recentForCompletion, len(messageIDs))
	}
	tests := []struct {
		name string
		ref  *mcp.CompleteReference
		arg  string
		want []string
	}{
		{"draft_reply message_id", &mcp.CompleteReference{Type: "ref/prompt", Name: promptDraftReply}, argMessageID, messageIDs},
		{"message template id", &mcp.CompleteReference{Type: "ref/resource", URI: messageTemplate}, "id", messageIDs},
		{"thread template id", &mcp.CompleteReference{Type: "ref/resource", URI: threadTemplate}, "id", threadIDs},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := complete(t, e, tc.ref, tc.arg, ""); !slices.Equal(got, tc.want) {
				t.Errorf("empty value: got %v, want the recent ids %v", got, tc.want)
			}
			prefix := tc.want[0][:len(tc.want[0])-2]
			var want []string
			for _, id := range tc.want {
				if strings.HasPrefix(id, prefix) {
					want = append(want, id)
				}
			}
			if got := complete(t, e, tc.ref, tc.arg, prefix); !slices.Equal(got, want) {
				t.Errorf("prefix %q: got %v, want %v", prefix, got, want)
			}
			if got := complete(t, e, tc.ref, tc.arg, "no-such-id"); len(got) != 0 {
				t.Errorf("prefix no-such-id: got %v, want none", got)
			}
		})
	}
}

func TestCompleteLabels(t *testing.T) {
	e := newDemoEnv(t, false)
	ref := &mcp.CompleteReference{Type: "ref/prompt", Name: promptSummarizeUnread}
	all := complete(t, e, ref, argLabel, "")
	for _, want := range []string{"INBOX", "Projects/Apollo", "Receipts"} {
		if !slices.Contains(all, want) {
			t.Errorf("label completion %v lacks %s", all, want)
		}
	}
	if got := complete(t, e, ref, argLabel, "proj"); !slices.Equal(got, []string{"Projects/Apollo"}) {
		t.Errorf(`label "proj": got %v, want [Projects/Apollo]`, got)
	}
}

func TestCompleteNothingElse(t *testing.T) {
	e := newDemoEnv(t, false)
	for _, tc := range []struct {
		ref *mcp.CompleteReference
		arg string
	}{
		{&mcp.CompleteReference{Type: "ref/prompt", Name: promptDraftReply}, argIntent},
		{&mcp.CompleteReference{Type: "ref/prompt", Name: promptSummarizeUnread}, argMax},
		{&mcp.CompleteReference{Type: "ref/prompt", Name: "no_such_prompt"}, argMessageID},
		{&mcp.CompleteReference{Type: "ref/resource", URI: "gmail://elsewhere/{id}"}, "id"},
	} {
		if got := complete(t, e, tc.ref, tc.arg, ""); len(got) != 0 {
			t.Errorf("%+v %s: got %v, want no suggestions", tc.ref, tc.arg, got)
		}
	}
}

func TestMatchingCapsAtProtocolLimit(t *testing.T) {
	var many []string
	for i := range maxCompletionValues + 5 {
		many = append(many, "Label "+string(rune('A'+i%26)))
	}
	d := &Deps{Mailbox: labelsOnly(many)}
	Register(mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil), d)
	res, err := d.Complete(context.Background(), &mcp.CompleteRequest{Params: &mcp.CompleteParams{
		Ref: &mcp.CompleteReference{Type: "ref/prompt", Name: promptSummarizeUnread}, Argument: mcp.CompleteParamsArgument{Name: argLabel}}})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Completion
	if len(c.Values) != maxCompletionValues || !c.HasMore || c.Total != len(many) {
		t.Errorf("got %d values, hasMore %v, total %d; want %d, true, %d", len(c.Values), c.HasMore, c.Total, maxCompletionValues, len(many))
	}
}

// labelsOnly is a mailbox that has only labels: every other method panics,
// as none may be called.
type labelsOnlyMailbox struct {
	mail.Mailbox
	names []string
}

func labelsOnly(names []string) labelsOnlyMailbox { return labelsOnlyMailbox{names: names} }

func (m labelsOnlyMailbox) Labels(context.Context) ([]mail.Label, error) {
	var out []mail.Label
	for _, n := range m.names {
		out = append(out, mail.Label{ID: n, Name: n, Type: mail.LabelUser})
	}
	return out, nil
}
