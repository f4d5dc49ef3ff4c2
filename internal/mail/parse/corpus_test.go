package parse

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/golden"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// TestCorpus reads every message of testdata/corpus and compares what a
// reader gets (headers, body text, attachments, trimmed reply) with its
// golden file.
func TestCorpus(t *testing.T) {
	for _, file := range golden.Files(t, "testdata/corpus/*.eml", 25) {
		name := strings.TrimSuffix(filepath.Base(file), ".eml")
		t.Run(name, func(t *testing.T) {
			m := loadEML(t, file)
			golden.Check(t, filepath.Join("testdata", "golden", name+".txt"), describe(Read(m)), *update)
		})
	}
}

func loadEML(t testing.TB, path string) *mail.Message {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseEML(raw)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return m
}

// describe renders a Readable as a person would review it.
func describe(r *Readable) string {
	var b strings.Builder
	addrs := func(as []mail.Address) string {
		var s []string
		for _, a := range as {
			s = append(s, fmt.Sprintf("%q <%s>", a.Name, a.Email))
		}
		return strings.Join(s, ", ")
	}
	fmt.Fprintf(&b, "Subject: %s\n", r.Subject)
	fmt.Fprintf(&b, "From: %s\n", addrs([]mail.Address{r.From}))
	fmt.Fprintf(&b, "To: %s\nCc: %s\nBcc: %s\nReply-To: %s\n", addrs(r.To), addrs(r.Cc), addrs(r.Bcc), addrs(r.ReplyTo))
	date := ""
	if !r.Date.IsZero() {
		date = r.Date.UTC().Format(time.RFC3339)
	}
	fmt.Fprintf(&b, "Date: %s\nMessage-ID: %s\nIn-Reply-To: %s\nReferences: %s\n", date, r.MessageID, r.InReplyTo, strings.Join(r.References, " "))
	fmt.Fprintf(&b, "TextFrom: %s\nHTML: %d bytes\n", r.TextFrom, len(r.HTML))
	for _, a := range r.Attachments {
		fmt.Fprintf(&b, "Attachment: part=%s name=%q type=%s size=%d id=%s inline=%v cid=%s\n",
			a.PartID, a.Filename, a.MIMEType, a.Size, a.AttachmentID, a.Inline, a.ContentID)
	}
	fmt.Fprintf(&b, "--- text ---\n%s\n", golden.Abbrev(r.Text))
	if trimmed := TrimQuoted(r.Text); trimmed != r.Text {
		fmt.Fprintf(&b, "--- trimmed ---\n%s\n", trimmed)
	}
	return b.String()
}
