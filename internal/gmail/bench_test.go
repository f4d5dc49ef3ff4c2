package gmail

import (
	"context"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// BenchmarkList20 lists 20 messages against the zero-latency fake over real
// HTTP: it measures this package's overhead (1 list + 20 gets per op).
func BenchmarkList20(b *testing.B) {
	e := newEnv(b, gmailfake.Options{}, Options{})
	for i := range 40 {
		e.insert(b, i, mail.LabelInbox)
	}
	e.warm(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		page, err := e.mb.List(ctx, mail.ListQuery{LabelIDs: []string{mail.LabelInbox}, Limit: 20})
		if err != nil || len(page.Messages) != 20 {
			b.Fatal(len(page.Messages), err)
		}
	}
}

// BenchmarkMessageWarm is a cached read: no Gmail call.
func BenchmarkMessageWarm(b *testing.B) {
	e := newEnv(b, gmailfake.Options{}, Options{})
	id := e.insert(b, 1, mail.LabelInbox)
	ctx := context.Background()
	if _, err := e.mb.Message(ctx, id); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.mb.Message(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMessageCold is a full fetch and conversion every time.
func BenchmarkMessageCold(b *testing.B) {
	e := newEnv(b, gmailfake.Options{}, Options{CacheBytes: -1})
	id := e.insert(b, 1, mail.LabelInbox)
	e.warm(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.mb.Message(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}
