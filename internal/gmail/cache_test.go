package gmail

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func bodyMessage(id string, bodyBytes int, labels ...string) *mail.Message {
	return &mail.Message{ID: id, LabelIDs: labels, Payload: &mail.Part{MIMEType: "text/plain", Body: []byte(strings.Repeat("x", bodyBytes))}}
}

func TestContentCacheEvictsLeastRecentlyUsedByBytes(t *testing.T) {
	one := messageBytes(bodyMessage("a", 1000))
	c := newContentCache(3 * one)
	t0 := time.Unix(100, 0)
	for _, id := range []string{"a", "b", "c"} {
		c.put(bodyMessage(id, 1000), t0)
	}
	if n, used := c.stats(); n != 3 || used != 3*one {
		t.Fatalf("stats = %d entries, %d bytes; want 3, %d", n, used, 3*one)
	}
	c.get("a")                        // a is now the most recent: b is the oldest
	c.put(bodyMessage("d", 1000), t0) // evicts b only
	for id, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, _, ok := c.get(id); ok != want {
			t.Errorf("cached(%s) = %v, want %v", id, ok, want)
		}
	}
	c.put(bodyMessage("big", 5000), t0) // larger than the whole cache: not kept, evicts nothing
	if n, used := c.stats(); n != 3 || used > 3*one {
		t.Errorf("after an oversize put: %d entries, %d bytes", n, used)
	}
	c.put(bodyMessage("e", 2500), t0) // needs more than two entries' room: all three go
	if n, used := c.stats(); used != messageBytes(bodyMessage("e", 2500)) || n != 1 {
		t.Errorf("after a large put: %d entries, %d bytes (max %d)", n, used, 3*one)
	}
	if _, _, ok := c.get("e"); !ok {
		t.Error("the large entry is not cached")
	}
}

func TestContentCacheLabels(t *testing.T) {
	c := newContentCache(1 << 20)
	t0, t1 := time.Unix(100, 0), time.Unix(200, 0)
	c.put(bodyMessage("a", 10, "INBOX", "UNREAD"), t0)

	got, at, _ := c.get("a")
	got.LabelIDs[0] = "MUTATED" // a caller's copy must not reach the cache
	if again, _, _ := c.get("a"); !slices.Equal(again.LabelIDs, []string{"INBOX", "UNREAD"}) || !at.Equal(t0) {
		t.Errorf("labels = %v at %v, want [INBOX UNREAD] at %v", again.LabelIDs, at, t0)
	}

	c.changeLabels([]string{"a", "unknown"}, []string{"STARRED"}, []string{"UNREAD"})
	if got, at, _ := c.get("a"); !slices.Equal(got.LabelIDs, []string{"INBOX", "STARRED"}) || !at.Equal(t0) {
		t.Errorf("after change: %v at %v; want [INBOX STARRED], time unchanged", got.LabelIDs, at)
	}

	c.setLabels("a", []string{"TRASH"}, t1)
	if got, at, _ := c.get("a"); !slices.Equal(got.LabelIDs, []string{"TRASH"}) || !at.Equal(t1) {
		t.Errorf("after set: %v at %v", got.LabelIDs, at)
	}

	c.forget("a")
	if _, _, ok := c.get("a"); ok {
		t.Error("forgotten entry still cached")
	}
	var off *contentCache // disabled cache: every method is a no-op
	off.put(bodyMessage("a", 10), t0)
	if _, _, ok := off.get("a"); ok {
		t.Error("disabled cache returned an entry")
	}
}
