package gmail

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// env is a Mailbox wired to a fresh fake Gmail through real HTTP and OAuth.
type env struct {
	fake *gmailfake.Server
	acct *gmailfake.Account
	srv  *httptest.Server
	mb   *Mailbox
	hc   *http.Client

	mu      sync.Mutex
	batches [][]string // the request lines of each batch the fake got
}

func newEnv(tb testing.TB, fo gmailfake.Options, o Options) *env {
	tb.Helper()
	fake := gmailfake.New(fo)
	acct := fake.AddAccount("me@example.com")
	e := &env{fake: fake, acct: acct}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/batch/gmail/v1" {
			e.recordBatch(tb, r)
		}
		fake.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	e.srv = srv
	e.hc = e.client(acct.NewRefreshToken())
	if o.HTTPClient == nil {
		o.HTTPClient = e.hc
	}
	e.mb = e.mailbox(tb, o)
	return e
}

func (e *env) client(refreshToken string) *http.Client {
	cfg := &oauth2.Config{
		ClientID:     gmailfake.DemoClientID,
		ClientSecret: gmailfake.DemoClientSecret,
		Endpoint:     oauth2.Endpoint{TokenURL: e.srv.URL + "/token"},
	}
	return cfg.Client(context.Background(), &oauth2.Token{RefreshToken: refreshToken})
}

func (e *env) mailbox(tb testing.TB, o Options) *Mailbox {
	tb.Helper()
	if o.HTTPClient == nil {
		o.HTTPClient = e.hc
	}
	o.Endpoint = e.srv.URL + "/"
	mb, err := New(context.Background(), o)
	if err != nil {
		tb.Fatal(err)
	}
	return mb
}

// warm gets an access token, then clears the fake's statistics, so counts
// that follow are Gmail API calls only.
func (e *env) warm(tb testing.TB) {
	tb.Helper()
	if _, err := e.mb.Profile(context.Background()); err != nil {
		tb.Fatal(err)
	}
	e.fake.ResetStats()
}

// calls returns the API requests since the last reset, as "METHOD path?key-params".
func (e *env) calls() []gmailfake.RequestRecord {
	var out []gmailfake.RequestRecord
	for _, r := range e.fake.Stats().Requests {
		if r.Path != "/token" {
			out = append(out, r)
		}
	}
	return out
}

// countCalls counts API requests by a short name such as "GET messages/{id}".
func (e *env) countCalls() map[string]int {
	n := map[string]int{}
	for _, r := range e.calls() {
		n[r.Method+" "+shape(r.Path)]++
	}
	return n
}

// waitCalls waits up to a second for want requests of a kind and returns the
// count: the fake logs a reset connection after the client has seen it fail.
func (e *env) waitCalls(kind string, want int) int {
	deadline := time.Now().Add(time.Second)
	for {
		n := e.countCalls()[kind]
		if n >= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// recordBatch notes the request line of each call in a batch and leaves the
// body readable for the fake.
func (e *env) recordBatch(tb testing.TB, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		tb.Error(err)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	_, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var lines []string
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		line, _ := bufio.NewReader(p).ReadString('\n')
		lines = append(lines, strings.TrimSpace(line))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.batches = append(e.batches, lines)
}

// batchLines returns the request lines of each batch so far.
func (e *env) batchLines() [][]string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.batches)
}

// shape replaces ids in a Gmail path with {id}.
func shape(path string) string {
	if path == "/batch/gmail/v1" {
		return "batch"
	}
	path = strings.TrimPrefix(path, "/upload")
	path = strings.TrimPrefix(path, "/gmail/v1/users/me/")
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if i > 0 && !isVerb(p) {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}

func isVerb(s string) bool {
	switch s {
	case "send", "trash", "modify", "batchModify", "attachments":
		return true
	}
	return false
}

// insert stores a simple message and returns its id.
func (e *env) insert(tb testing.TB, n int, labels ...string) string {
	tb.Helper()
	id, err := e.acct.Insert([]byte(simpleRaw(n)), labels...)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func simpleRaw(n int) string {
	date := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute)
	return fmt.Sprintf("From: Sender %d <sender%d@example.com>\r\n"+
		"To: Me <me@example.com>, Other <other@example.com>\r\n"+
		"Subject: Message %d\r\n"+
		"Date: %s\r\n"+
		"Message-ID: <m%d@example.com>\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Body of message %d.\r\n", n, n, n, date.Format(time.RFC1123Z), n, n)
}
