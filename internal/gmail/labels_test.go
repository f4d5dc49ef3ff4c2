package gmail

import (
	"context"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestLabelsWithCounts(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{MaxConcurrency: 4})
	apollo := e.acct.CreateLabel("Projects/Apollo")
	e.insert(t, 1, mail.LabelInbox, mail.LabelUnread, apollo)
	e.insert(t, 2, mail.LabelInbox)
	e.warm(t)

	labels, err := e.mb.Labels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := e.countCalls()
	if b := e.batchLines(); got["GET labels"] != 1 || got["POST batch"] != 1 || len(got) != 2 || len(b) != 1 || len(b[0]) != len(labels) {
		t.Errorf("calls = %v, batches %v, want 1 list + 1 batch of %d gets", got, b, len(labels))
	}
	byID := map[string]mail.Label{}
	seenUser := false
	for _, l := range labels {
		byID[l.ID] = l
		if l.Type == mail.LabelUser {
			seenUser = true
		} else if seenUser {
			t.Errorf("system label %s after a user label: want system labels first", l.ID)
		}
	}
	if in := byID[mail.LabelInbox]; in.Type != mail.LabelSystem || in.MessagesTotal != 2 || in.MessagesUnread != 1 {
		t.Errorf("INBOX = %+v, want system, 2 messages, 1 unread", in)
	}
	if a := byID[apollo]; a.Name != "Projects/Apollo" || a.Type != mail.LabelUser || a.MessagesTotal != 1 {
		t.Errorf("user label = %+v", a)
	}
}

func TestResolveLabel(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	apollo := e.acct.CreateLabel("Projects/Apollo")
	e.warm(t)
	ctx := context.Background()

	tests := []struct{ in, wantID string }{
		{"inbox", mail.LabelInbox},
		{"INBOX", mail.LabelInbox},
		{" Starred ", mail.LabelStarred},
		{"sent mail", mail.LabelSent},
		{"Drafts", mail.LabelDraft},
		{"projects/apollo", apollo},
		{apollo, apollo},
	}
	for _, tt := range tests {
		l, err := e.mb.ResolveLabel(ctx, tt.in)
		if err != nil || l.ID != tt.wantID {
			t.Errorf("ResolveLabel(%q) = %+v, %v; want %s", tt.in, l, err, tt.wantID)
		}
	}
	if n := len(e.calls()); n != 1 {
		t.Errorf("%d resolutions cost %d calls, want 1 (names cached)", len(tests), n)
	}

	// System labels resolve with no call at all, even with no names cached.
	fresh := e.mailbox(t, Options{})
	e.fake.ResetStats()
	for _, in := range []string{"inbox", "Sent Mail", "bin", "category_updates", "STARRED"} {
		if l, err := fresh.ResolveLabel(ctx, in); err != nil || l.Type != mail.LabelSystem || l.Name != l.ID {
			t.Errorf("ResolveLabel(%q) = %+v, %v", in, l, err)
		}
	}
	if n := len(e.calls()); n != 0 {
		t.Errorf("resolving system labels cost %d calls, want 0", n)
	}

	// A label created since the names were cached is found with one refetch.
	later := e.acct.CreateLabel("Later")
	e.fake.ResetStats()
	if l, err := e.mb.ResolveLabel(ctx, "later"); err != nil || l.ID != later || len(e.calls()) != 1 {
		t.Errorf("new label: %+v, %v with %d calls", l, err, len(e.calls()))
	}

	_, err := e.mb.ResolveLabel(ctx, "Nope")
	if mail.KindOf(err) != mail.KindNotFound || !strings.Contains(err.Error(), `no label "Nope"`) ||
		!strings.Contains(err.Error(), "INBOX") || !strings.Contains(err.Error(), "Projects/Apollo") {
		t.Errorf("unknown label: %v", err)
	}
	if _, err := e.mb.ResolveLabel(ctx, "  "); mail.KindOf(err) != mail.KindInvalid {
		t.Errorf("blank label: %v", err)
	}
}
