package gmail

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestSendSmallAndLarge(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	orig := e.insert(t, 1, mail.LabelInbox)
	origMsg, err := e.mb.Message(context.Background(), orig)
	if err != nil {
		t.Fatal(err)
	}
	e.fake.ResetStats()
	small := []byte("From: me@example.com\r\nTo: a@example.com\r\nSubject: Re: Message 1\r\n" +
		"In-Reply-To: <m1@example.com>\r\nReferences: <m1@example.com>\r\n\r\nhello\r\n")
	// An attachment, not text: the fake indexes text, which is slow with -race.
	large := []byte("From: me@example.com\r\nTo: a@example.com\r\nSubject: big\r\n" +
		"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n" +
		"--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		strings.Repeat(strings.Repeat("A", 76)+"\r\n", mediaThreshold/78+10) + "--B--\r\n")

	tests := []struct {
		name       string
		raw        []byte
		thread     string
		wantPath   string
		wantUpload string
	}{
		{"inline", small, origMsg.ThreadID, "/gmail/v1/users/me/messages/send", ""},
		{"media upload", large, "", "/upload/gmail/v1/users/me/messages/send", "multipart"},
	}
	for i, tt := range tests {
		e.fake.ResetStats()
		sent, err := e.mb.Send(context.Background(), tt.raw, tt.thread)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		calls := e.calls()
		if len(calls) != 1 || calls[0].Path != tt.wantPath || calls[0].Query.Get("uploadType") != tt.wantUpload {
			t.Errorf("%s: calls = %+v, want one %s (uploadType %q)", tt.name, calls, tt.wantPath, tt.wantUpload)
		}
		got := e.acct.Sent()
		if len(got) != i+1 || !bytes.Equal(got[i].Raw, tt.raw) || got[i].ID != sent.ID {
			t.Fatalf("%s: fake has %d sent, last %d bytes (id %s), want the %d bytes sent (id %s)",
				tt.name, len(got), len(got[len(got)-1].Raw), got[len(got)-1].ID, len(tt.raw), sent.ID)
		}
		if tt.thread != "" && sent.ThreadID != tt.thread {
			t.Errorf("%s: thread = %s, want %s", tt.name, sent.ThreadID, tt.thread)
		}
		if !slices.Contains(sent.LabelIDs, mail.LabelSent) {
			t.Errorf("%s: labels = %v, want SENT", tt.name, sent.LabelIDs)
		}
	}
}

func TestSendIsNeverRepeated(t *testing.T) {
	raw := []byte("From: me@example.com\r\nTo: a@example.com\r\nSubject: once\r\n\r\nonly once\r\n")
	tests := []struct {
		name      string
		fault     gmailfake.Fault
		wantKind  mail.Kind
		wantSent  int
		wantInMsg string
	}{
		{"503 after sending", gmailfake.Fault{Status: 503, ApplyAfterHandling: true}, mail.KindUncertain, 1, "check the SENT folder"},
		{"503 before sending", gmailfake.Fault{Status: 503}, mail.KindUncertain, 0, "may or may not have been sent"},
		{"500", gmailfake.Fault{Status: 500}, mail.KindUncertain, 0, "HTTP 500"},
		{"reset after sending", gmailfake.Fault{ResetConnection: true, ApplyAfterHandling: true}, mail.KindUncertain, 1, "SENT"},
		{"malformed answer", gmailfake.Fault{MalformedJSON: true, ApplyAfterHandling: true}, mail.KindUncertain, 1, "SENT"},
		{"429", gmailfake.Fault{Status: 429, RetryAfter: "3"}, mail.KindRateLimited, 0, "try again in 3 s"},
		{"400", gmailfake.Fault{Status: 400, Body: gmailfake.ErrorBody(400, "invalidArgument", "Invalid To header")}, mail.KindInvalid, 0, "Invalid To header"},
		{"scope", gmailfake.Fault{Status: 403, Body: gmailfake.ErrorBody(403, "insufficientPermissions", "Request had insufficient authentication scopes.")}, mail.KindPermission, 0, "gmail.send"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, gmailfake.Options{}, Options{})
			e.warm(t)
			f := tt.fault
			f.Method, f.PathSuffix = "POST", "/messages/send"
			e.fake.InjectFault(f)
			_, err := e.mb.Send(context.Background(), raw, "")
			if mail.KindOf(err) != tt.wantKind || !strings.Contains(err.Error(), tt.wantInMsg) {
				t.Errorf("err = %q (kind %v), want kind %v mentioning %q", err, mail.KindOf(err), tt.wantKind, tt.wantInMsg)
			}
			if n := len(e.acct.Sent()); n != tt.wantSent {
				t.Errorf("fake sent %d messages, want %d", n, tt.wantSent)
			}
			if n := e.waitCalls("POST messages/send", 1); n != 1 {
				t.Errorf("%d send requests, want exactly 1", n)
			}
		})
	}
}

func TestDrafts(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	ctx := context.Background()
	var ids []string
	for i := range 3 {
		raw := fmt.Sprintf("From: me@example.com\r\nTo: a@example.com\r\nSubject: Draft %d\r\n\r\nbody %d\r\n", i, i)
		d, err := e.mb.CreateDraft(ctx, []byte(raw), "")
		if err != nil {
			t.Fatal(err)
		}
		if d.ID == "" || d.Message == nil || d.Message.ID == "" {
			t.Fatalf("draft = %+v", d)
		}
		ids = append(ids, d.ID)
	}
	e.fake.ResetStats()
	page, err := e.mb.ListDrafts(ctx, 10, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, b := e.countCalls(), e.batchLines(); got["GET drafts"] != 1 || got["POST batch"] != 1 || len(got) != 2 || len(b) != 1 || len(b[0]) != 3 {
		t.Errorf("calls = %v, batches %v, want 1 list + 1 batch of 3 gets", got, b)
	}
	subjects := map[string]string{}
	for _, d := range page.Drafts {
		subjects[d.ID] = d.Message.Headers().Get("Subject")
	}
	for i, id := range ids {
		if want := fmt.Sprintf("Draft %d", i); subjects[id] != want {
			t.Errorf("draft %s subject = %q, want %q", id, subjects[id], want)
		}
	}

	e.fake.ResetStats()
	sent, err := e.mb.SendDraft(ctx, ids[0])
	if err != nil || sent.ID == "" || len(e.acct.Sent()) != 1 {
		t.Errorf("SendDraft = %+v, %v; fake sent %d", sent, err, len(e.acct.Sent()))
	}
	if _, err := e.mb.SendDraft(ctx, ids[0]); mail.KindOf(err) != mail.KindNotFound || !strings.Contains(err.Error(), "no draft with id "+ids[0]) {
		t.Errorf("sending a sent draft again: %v", err)
	}
	e.fake.InjectFault(gmailfake.Fault{Method: "POST", PathSuffix: "/drafts/send", Status: 502})
	if _, err := e.mb.SendDraft(ctx, ids[1]); mail.KindOf(err) != mail.KindUncertain {
		t.Errorf("draft send with a 502: %v, want KindUncertain", err)
	}
}

func TestTrash(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	id := e.insert(t, 1, mail.LabelInbox)
	ctx := context.Background()
	if _, err := e.mb.Message(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := e.mb.Trash(ctx, id); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(e.acct.LabelIDs(id), mail.LabelTrash) {
		t.Errorf("fake labels = %v, want TRASH", e.acct.LabelIDs(id))
	}
	e.fake.ResetStats()
	if m, _ := e.mb.Message(ctx, id); !slices.Contains(m.LabelIDs, mail.LabelTrash) || len(e.calls()) != 0 {
		t.Errorf("cached labels after trash = %v (%d calls)", m.LabelIDs, len(e.calls()))
	}
	if err := e.mb.Trash(ctx, "ffff0000ffff0000"); mail.KindOf(err) != mail.KindNotFound {
		t.Errorf("trash unknown: %v", err)
	}
}

// bodyRecorder keeps the ids of batchModify requests; from the failFrom-th
// request on (1-based, 0 = never) it answers 400 itself.
type bodyRecorder struct {
	next     http.RoundTripper
	mu       sync.Mutex
	chunks   [][]string
	failFrom int
}

func (b *bodyRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/batchModify") {
		body, _ := io.ReadAll(r.Body)
		var req struct{ IDs []string }
		json.Unmarshal(body, &req)
		b.mu.Lock()
		b.chunks = append(b.chunks, req.IDs)
		fail := b.failFrom > 0 && len(b.chunks) >= b.failFrom
		b.mu.Unlock()
		if fail {
			return &http.Response{
				StatusCode: 400, Request: r, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(gmailfake.ErrorBody(400, "invalidArgument", "Invalid label: X"))),
			}, nil
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	return b.next.RoundTrip(r)
}

func TestModifyBatchesInChunks(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	rec := &bodyRecorder{next: e.hc.Transport}
	mb := e.mailbox(t, Options{HTTPClient: &http.Client{Transport: rec}})
	real := []string{e.insert(t, 1, mail.LabelInbox), e.insert(t, 2, mail.LabelInbox)}
	ids := slices.Clone(real)
	for i := range 2500 - len(real) {
		ids = append(ids, fmt.Sprintf("%016x", 0xabc000+i)) // unknown ids: Gmail skips them
	}
	ctx := context.Background()
	if _, err := mb.Message(ctx, real[0]); err != nil { // cached, so the change must reach the cache
		t.Fatal(err)
	}
	e.fake.ResetStats()
	if err := mb.Modify(ctx, ids, []string{mail.LabelStarred}, []string{mail.LabelInbox}); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	var all []string
	for _, c := range rec.chunks {
		sizes = append(sizes, len(c))
		all = append(all, c...)
	}
	if !slices.Equal(sizes, []int{1000, 1000, 500}) || !slices.Equal(all, ids) {
		t.Errorf("chunks = %v, want [1000 1000 500] covering every id in order", sizes)
	}
	if n := e.countCalls()["POST messages/batchModify"]; n != 3 || len(e.calls()) != 3 {
		t.Errorf("calls = %v, want 3 batchModify", e.countCalls())
	}
	for _, id := range real {
		if l := e.acct.LabelIDs(id); !slices.Contains(l, mail.LabelStarred) || slices.Contains(l, mail.LabelInbox) {
			t.Errorf("fake labels of %s = %v", id, l)
		}
	}
	e.fake.ResetStats()
	if m, _ := mb.Message(ctx, real[0]); !slices.Contains(m.LabelIDs, mail.LabelStarred) || slices.Contains(m.LabelIDs, mail.LabelInbox) || len(e.calls()) != 0 {
		t.Errorf("cached labels after batchModify = %v (%d calls)", m.LabelIDs, len(e.calls()))
	}

	// A failure part-way says how far it got.
	rec.chunks, rec.failFrom = nil, 2
	err := mb.Modify(ctx, ids, []string{mail.LabelStarred}, nil)
	if mail.KindOf(err) != mail.KindInvalid || !strings.Contains(err.Error(), "labels changed on 1000 of 2500 messages") {
		t.Errorf("failure on the second chunk: %v", err)
	}
}

func TestModifyValidates(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	ctx := context.Background()
	if err := e.mb.Modify(ctx, nil, []string{mail.LabelStarred}, nil); mail.KindOf(err) != mail.KindInvalid {
		t.Errorf("no ids: %v", err)
	}
	if err := e.mb.Modify(ctx, []string{"abc"}, nil, nil); mail.KindOf(err) != mail.KindInvalid {
		t.Errorf("no labels: %v", err)
	}
	id := e.insert(t, 1, mail.LabelInbox)
	if err := e.mb.Modify(ctx, []string{id}, []string{"Label_nope"}, nil); mail.KindOf(err) != mail.KindInvalid {
		t.Errorf("unknown label: %v (kind %v)", err, mail.KindOf(err))
	}
}
