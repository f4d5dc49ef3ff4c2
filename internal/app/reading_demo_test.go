package app_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// TestDemoShowsReading checks that the demo mailbox (the one --demo serves)
// shows off each reading case through the MCP tools, and that each reads well.
func TestDemoShowsReading(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if err := gmailfake.SeedDemo(e.acct, time.Now()); err != nil {
		t.Fatal(err)
	}
	cs := e.connect(t, nil)
	find := func(t *testing.T, query string) string {
		t.Helper()
		out := callOK[listResult](t, cs, "search_emails", map[string]any{"query": query, "include_spam_trash": true})
		if len(out.Emails) != 1 {
			t.Fatalf("demo: %d messages match %q, want 1", len(out.Emails), query)
		}
		return out.Emails[0].ID
	}
	read := func(t *testing.T, query string) readResult {
		t.Helper()
		r := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": find(t, query), "max_chars": 200000})
		if !utf8.ValidString(r.Body) || strings.ContainsRune(r.Body+r.Subject+r.From, utf8.RuneError) {
			t.Errorf("%s: broken characters in %q / %q:\n%s", query, r.Subject, r.From, r.Body)
		}
		if strings.Contains(r.Body, "</") || strings.Contains(r.Body, "=3D") {
			t.Errorf("%s: raw HTML or quoted-printable leaked:\n%s", query, r.Body)
		}
		t.Logf("%s\nSubject: %s\nFrom: %s\n%s", query, r.Subject, r.From, r.Body[:min(len(r.Body), 400)])
		return r
	}
	contains := func(t *testing.T, what, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, got)
			}
		}
	}

	t.Run("html-only newsletter", func(t *testing.T) {
		r := read(t, "from:newsletter@news.example.com")
		contains(t, "newsletter", r.Body, "Weekly Byte")
	})
	t.Run("text stub plus rich html", func(t *testing.T) {
		r := read(t, "from:statements@acmebank.example.com")
		contains(t, "statement", r.Body, "Closing balance", "$3,987.10")
	})
	t.Run("legacy charsets", func(t *testing.T) {
		for _, q := range []string{"from:elodie.martin@example.org", "from:greg.oneil@example.com", "from:ken.sato@example.jp",
			"from:anna.ivanova@example.org", "from:minji.park@example.com", "from:noreply@legacy.example.com"} {
			if r := read(t, q); strings.TrimSpace(r.Body) == "" {
				t.Errorf("%s: empty body", q)
			}
		}
	})
	t.Run("attachments identical", func(t *testing.T) {
		id := find(t, "from:helena.fischer@example.org")
		raw, ok := e.acct.Raw(id)
		if !ok {
			t.Fatal("no raw source")
		}
		originals := emlAttachments(t, raw)
		r := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id})
		if len(r.Attachments) != len(originals) || len(originals) < 2 {
			t.Fatalf("%d attachments listed, %d in the source", len(r.Attachments), len(originals))
		}
		for i, a := range r.Attachments {
			out := callOK[attachmentResult](t, cs, "get_attachment", map[string]any{"message_id": id, "attachment_id": a.AttachmentID})
			sum := sha256.Sum256(originals[i])
			if out.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: sha256 %s differs from the source's", a.Filename, out.SHA256)
			}
		}
	})
	t.Run("inline image", func(t *testing.T) {
		r := read(t, "from:jordan.lee@example.com")
		if len(r.Attachments) == 0 || !r.Attachments[0].Inline || !strings.HasPrefix(r.Attachments[0].MIMEType, "image/") {
			t.Errorf("attachments %+v, want an inline image", r.Attachments)
		}
	})
	t.Run("forwarded message/rfc822", func(t *testing.T) {
		r := read(t, `subject:"Fwd: Contract renewal terms"`)
		if len(r.Attachments) != 1 || r.Attachments[0].MIMEType != "message/rfc822" || r.Attachments[0].Filename != "Contract renewal terms.eml" {
			t.Fatalf("attachments %+v", r.Attachments)
		}
		res := call(t, cs, "get_attachment", map[string]any{"message_id": r.ID, "attachment_id": r.Attachments[0].AttachmentID})
		if b := blobOf(t, res).Blob; !bytes.Contains(b, []byte("Subject:")) {
			t.Errorf("forwarded message blob: %q", b)
		}
	})
	t.Run("rfc2231 filename", func(t *testing.T) {
		r := read(t, "from:ines.kovac@lab.example.org")
		if len(r.Attachments) != 1 || r.Attachments[0].Filename != "Ångström-data.csv" {
			t.Fatalf("attachments %+v", r.Attachments)
		}
		out := callOK[attachmentResult](t, cs, "get_attachment", map[string]any{"message_id": r.ID, "attachment_id": r.Attachments[0].AttachmentID})
		if !out.TextIncluded {
			t.Errorf("csv not shown as text: %+v", out)
		}
	})
	t.Run("calendar invite", func(t *testing.T) {
		r := read(t, "from:calendar-noreply@example.com")
		found := false
		for _, a := range r.Attachments {
			if a.MIMEType == "text/calendar" {
				found = true
				res := call(t, cs, "get_attachment", map[string]any{"message_id": r.ID, "attachment_id": a.AttachmentID})
				if !bytes.Contains(blobOf(t, res).Blob, []byte("BEGIN:VCALENDAR")) {
					t.Errorf("invite blob: %s", text(res))
				}
			}
		}
		if !found {
			t.Errorf("no calendar attachment in %+v", r.Attachments)
		}
	})
	t.Run("300 KB body continues with offset", func(t *testing.T) {
		id := find(t, "from:ops-bot@example.com")
		var body strings.Builder
		offset, total, calls := 0, 0, 0
		for {
			r := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id, "max_chars": 50000, "offset": offset})
			body.WriteString(r.Body)
			total, calls = r.TotalChars, calls+1
			if !r.Truncated {
				break
			}
			offset = r.NextOffset
		}
		if total < 250000 || utf8.RuneCountInString(body.String()) != total || calls < 5 {
			t.Errorf("reassembled %d of %d characters in %d calls", utf8.RuneCountInString(body.String()), total, calls)
		}
	})
	t.Run("thread with quoted replies", func(t *testing.T) {
		id := find(t, `subject:"Apollo launch plan" from:priya.raman@example.com -subject:Re`)
		threadID := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id}).ThreadID
		th := callOK[threadResult](t, cs, "get_thread", map[string]any{"thread_id": threadID})
		trimmed := 0
		for i, m := range th.Messages {
			if m.QuotedTrimmed {
				trimmed++
			}
			if strings.Contains(m.Text, "wrote:") || strings.Contains(m.Text, "\n>") {
				t.Errorf("message %d keeps quoted history:\n%s", i+1, m.Text)
			}
			if i > 0 && m.Date < th.Messages[i-1].Date {
				t.Errorf("message %d (%s) is older than the one before (%s)", i+1, m.Date, th.Messages[i-1].Date)
			}
		}
		if len(th.Messages) < 4 || trimmed == 0 {
			t.Errorf("thread has %d messages, %d with quotes trimmed", len(th.Messages), trimmed)
		}
		t.Log(text(call(t, cs, "get_thread", map[string]any{"thread_id": threadID})))
	})
	t.Run("folders", func(t *testing.T) {
		out := callOK[foldersResult](t, cs, "get_folders", nil)
		byName := map[string]int{}
		for i, f := range out.Folders {
			byName[f.Name] = i
			if f.Name == "Receipts" && (f.MessagesTotal < 4 || f.MessagesUnread < 1) {
				t.Errorf("Receipts counts %+v", f)
			}
		}
		if out.Folders[0].Name != "INBOX" || byName["Projects/Apollo"] <= byName["TRASH"] {
			t.Errorf("folder order: %+v", out.Folders)
		}
		t.Log(text(call(t, cs, "get_folders", nil)))
	})
}
