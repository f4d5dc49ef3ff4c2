package gmail

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func errorsIsCanceled(err error) bool { return errors.Is(err, context.Canceled) }

func encodeStd(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestMessageCachesContentAndKeepsLabelsHonest(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	clock := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	e.mb.now = func() time.Time { return clock }
	id := e.insert(t, 1, mail.LabelInbox, mail.LabelUnread)
	e.warm(t)
	ctx := context.Background()

	cold, err := e.mb.Message(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.countCalls(); got["GET messages/{id}"] != 1 || len(e.calls()) != 1 || e.calls()[0].Query.Get("format") != "full" {
		t.Fatalf("cold read calls = %v, want 1 full get", e.calls())
	}
	if !strings.Contains(string(cold.Payload.Body), "Body of message 1.") || cold.Headers().Get("Subject") != "Message 1" {
		t.Errorf("cold read content = %q / %q", cold.Payload.Body, cold.Headers().Get("Subject"))
	}

	e.fake.ResetStats()
	warm, err := e.mb.Message(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(e.calls()); n != 0 {
		t.Errorf("warm read made %d Gmail calls, want 0", n)
	}
	if warm.Payload != cold.Payload || !slices.Equal(warm.LabelIDs, cold.LabelIDs) {
		t.Error("warm read differs from the cold one")
	}

	// A change made through this Mailbox shows at once, still with 0 reads.
	if err := e.mb.Modify(ctx, []string{id}, nil, []string{mail.LabelUnread}); err != nil {
		t.Fatal(err)
	}
	e.fake.ResetStats()
	if m, _ := e.mb.Message(ctx, id); slices.Contains(m.LabelIDs, mail.LabelUnread) || len(e.calls()) != 0 {
		t.Errorf("after mark-read: labels %v with %d calls", m.LabelIDs, len(e.calls()))
	}

	// A change made elsewhere shows once the labels are older than LabelMaxAge,
	// for 1 cheap minimal get.
	other := e.mailbox(t, Options{CacheBytes: -1})
	if err := other.Modify(ctx, []string{id}, []string{mail.LabelStarred}, nil); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(defaultLabelMaxAge + time.Second)
	e.fake.ResetStats()
	m, err := e.mb.Message(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	calls := e.calls()
	if len(calls) != 1 || calls[0].Query.Get("format") != "minimal" {
		t.Errorf("stale-label read calls = %v, want 1 minimal get", calls)
	}
	if !slices.Contains(m.LabelIDs, mail.LabelStarred) {
		t.Errorf("labels = %v, want STARRED set elsewhere", m.LabelIDs)
	}
	e.fake.ResetStats()
	if _, err := e.mb.Message(ctx, id); err != nil || len(e.calls()) != 0 {
		t.Errorf("read after refresh: %d calls, %v; want 0", len(e.calls()), err)
	}
}

func TestMessageWithCacheOffAlwaysFetches(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{CacheBytes: -1})
	id := e.insert(t, 1, mail.LabelInbox)
	e.warm(t)
	for range 3 {
		if _, err := e.mb.Message(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(e.calls()); n != 3 {
		t.Errorf("%d calls for 3 reads with the cache off, want 3", n)
	}
}

func TestMessageCacheEvictsByBytes(t *testing.T) {
	// Room for two of these messages, not three.
	big := strings.Repeat("0123456789abcdef", 4096) // 64 KiB body
	e := newEnv(t, gmailfake.Options{}, Options{CacheBytes: 2*int64(len(big)) + 16<<10})
	var ids []string
	for i := range 3 {
		raw := simpleRaw(i) + big
		id, err := e.acct.Insert([]byte(raw), mail.LabelInbox)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	e.warm(t)
	ctx := context.Background()
	for _, id := range ids {
		if _, err := e.mb.Message(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if n, used := e.mb.cache.stats(); n != 2 || used > 2*int64(len(big))+16<<10 {
		t.Errorf("cache holds %d entries, %d bytes; want 2 within the bound", n, used)
	}
	e.fake.ResetStats()
	for _, id := range ids[1:] {
		e.mb.Message(ctx, id)
	}
	if n := len(e.calls()); n != 0 {
		t.Errorf("re-reading the two newest cost %d calls, want 0", n)
	}
	e.mb.Message(ctx, ids[0])
	if n := len(e.calls()); n != 1 {
		t.Errorf("re-reading the evicted one cost %d calls, want 1", n)
	}
}

func TestMessageNotFound(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	_, err := e.mb.Message(context.Background(), "ffff0000ffff0000")
	if mail.KindOf(err) != mail.KindNotFound || err.Error() != "no message with id ffff0000ffff0000" {
		t.Errorf("err = %v (kind %v)", err, mail.KindOf(err))
	}
	if _, err := e.mb.Message(context.Background(), ""); mail.KindOf(err) != mail.KindInvalid {
		t.Errorf("empty id: err = %v", err)
	}
}

func TestRawAttachmentAndThread(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	pdf := bytes.Repeat([]byte("%PDF-1.7 \x00\xff binary "), 500)
	var b64 strings.Builder
	enc := encodeStd(pdf)
	for len(enc) > 76 {
		b64.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b64.WriteString(enc + "\r\n")
	first := "From: a@example.com\r\nTo: me@example.com\r\nSubject: Plans\r\nMessage-ID: <p1@example.com>\r\n" +
		"Date: Mon, 2 Mar 2026 10:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
		"--B\r\nContent-Type: application/pdf; name=plan.pdf\r\nContent-Disposition: attachment; filename=plan.pdf\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + b64.String() + "--B--\r\n"
	id1, err := e.acct.Insert([]byte(first), mail.LabelInbox)
	if err != nil {
		t.Fatal(err)
	}
	reply := "From: me@example.com\r\nTo: a@example.com\r\nSubject: Re: Plans\r\nMessage-ID: <p2@example.com>\r\n" +
		"In-Reply-To: <p1@example.com>\r\nReferences: <p1@example.com>\r\nDate: Mon, 2 Mar 2026 11:00:00 +0000\r\n\r\nOK\r\n"
	id2, err := e.acct.Insert([]byte(reply), mail.LabelSent)
	if err != nil {
		t.Fatal(err)
	}
	e.warm(t)
	ctx := context.Background()

	raw, err := e.mb.Raw(ctx, id1)
	if err != nil || string(raw) != first {
		t.Errorf("Raw = %d bytes, %v; want the stored source", len(raw), err)
	}

	msg, err := e.mb.Message(ctx, id1)
	if err != nil {
		t.Fatal(err)
	}
	var att *mail.Part
	for _, p := range msg.Payload.Parts {
		if p.Filename == "plan.pdf" {
			att = p
		}
	}
	if att == nil || att.AttachmentID == "" || att.MIMEType != "application/pdf" {
		t.Fatalf("attachment part = %+v", att)
	}
	data, err := e.mb.Attachment(ctx, id1, att.AttachmentID)
	if err != nil || !bytes.Equal(data, pdf) {
		t.Errorf("Attachment = %d bytes, %v; want the %d original bytes", len(data), err, len(pdf))
	}

	e.fake.ResetStats()
	thread, err := e.mb.Thread(ctx, msg.ThreadID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(e.calls()); n != 1 {
		t.Errorf("Thread made %d calls, want 1", n)
	}
	if len(thread.Messages) != 2 || thread.Messages[0].ID != id1 || thread.Messages[1].ID != id2 {
		t.Fatalf("thread = %+v, want [%s %s]", thread, id1, id2)
	}
	e.fake.ResetStats()
	if _, err := e.mb.Message(ctx, id2); err != nil || len(e.calls()) != 0 {
		t.Errorf("reading a message after its thread cost %d calls, %v; want 0", len(e.calls()), err)
	}
	if _, err := e.mb.Thread(ctx, "ffff0000ffff0000"); mail.KindOf(err) != mail.KindNotFound {
		t.Errorf("unknown thread: %v", err)
	}
}
