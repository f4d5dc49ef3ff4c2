package tools

import (
	"slices"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/mail/parse"
)

func TestFairShare(t *testing.T) {
	for _, c := range []struct {
		lengths []int
		budget  int
		limit   int
		cut     bool
	}{
		{[]int{10, 20, 30}, 100, 0, false},
		{[]int{10, 20, 30}, 60, 0, false},
		{[]int{10, 20000, 20}, 5000, 4970, true},
		{[]int{3000, 3000, 100}, 5000, 2450, true},
		{[]int{5000, 5000}, 1001, 500, true},
		{nil, 1000, 0, false},
	} {
		limit, cut := fairShare(c.lengths, c.budget)
		if limit != c.limit || cut != c.cut {
			t.Errorf("fairShare(%v, %d) = %d, %v; want %d, %v", c.lengths, c.budget, limit, cut, c.limit, c.cut)
		}
		if cut {
			sum := 0
			for _, n := range c.lengths {
				sum += min(n, limit)
			}
			if sum > c.budget {
				t.Errorf("fairShare(%v, %d): %d characters kept, over budget", c.lengths, c.budget, sum)
			}
		}
	}
}

func TestFoldersOrder(t *testing.T) {
	labels := []mail.Label{
		{ID: "CATEGORY_SOCIAL", Name: "CATEGORY_SOCIAL", Type: mail.LabelSystem},
		{ID: "Label_2", Name: "receipts", Type: mail.LabelUser},
		{ID: "TRASH", Name: "TRASH", Type: mail.LabelSystem},
		{ID: "CHAT", Name: "CHAT", Type: mail.LabelSystem, MessagesTotal: 3},
		{ID: "INBOX", Name: "INBOX", Type: mail.LabelSystem, MessagesTotal: 9},
		{ID: "Label_1", Name: "Archive", Type: mail.LabelUser},
		{ID: "SENT", Name: "SENT", Type: mail.LabelSystem},
		{ID: "STARRED", Name: "STARRED", Type: mail.LabelSystem},
	}
	var got []string
	for _, f := range folders(labels) {
		got = append(got, f.Name)
	}
	if want := []string{"INBOX", "STARRED", "SENT", "TRASH", "Archive", "receipts", "CHAT"}; !slices.Equal(got, want) {
		t.Errorf("folders = %v, want %v", got, want)
	}
}

func TestMatchBySize(t *testing.T) {
	atts := []parse.Attachment{
		{Filename: "a.pdf", AttachmentID: "x", Size: 10},
		{Filename: "b.pdf", AttachmentID: "y", Size: 20},
		{Filename: "c.pdf", AttachmentID: "z", Size: 20},
		{Filename: "inline.png", Size: 30},
	}
	for size, want := range map[int]string{10: "a.pdf", 20: "attachment", 30: "attachment", 40: "attachment"} {
		if got := matchBySize(atts, size).Filename; got != want {
			t.Errorf("matchBySize(%d) = %q, want %q", size, got, want)
		}
	}
}
