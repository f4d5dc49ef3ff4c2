package gmail

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestReadErrorMapping(t *testing.T) {
	const rt = "refresh-token-for-this-test"
	tests := []struct {
		name      string
		fault     gmailfake.Fault
		wantKind  mail.Kind
		wantMsg   string // substring
		wantRetry time.Duration
		notInMsg  string
	}{
		{"404", gmailfake.Fault{Status: 404}, mail.KindNotFound, "no message with id ", 0, ""},
		{"400", gmailfake.Fault{Status: 400, Body: gmailfake.ErrorBody(400, "invalidArgument", "Invalid id value")}, mail.KindInvalid, "Gmail rejected the request: Invalid id value", 0, ""},
		{"401", gmailfake.Fault{Status: 401}, mail.KindAuth, "gmail-mcp auth", 0, "Bearer"},
		{"403 scope", gmailfake.Fault{Status: 403, Body: gmailfake.ErrorBody(403, "insufficientPermissions", "Request had insufficient authentication scopes.")},
			mail.KindPermission, "lacks the gmail.readonly (or gmail.modify) scope; this instance may be in read-only mode", 0, ""},
		{"403 other", gmailfake.Fault{Status: 403, Body: gmailfake.ErrorBody(403, "forbidden", "Delegation denied for me@example.com")},
			mail.KindPermission, "Delegation denied", 0, ""},
		{"403 user rate", gmailfake.Fault{Status: 403, Body: gmailfake.ErrorBody(403, "userRateLimitExceeded", "User-rate limit exceeded."), RetryAfter: "17"},
			mail.KindRateLimited, "Gmail rate limit reached: try again in 17 s", 17 * time.Second, ""},
		{"429", gmailfake.Fault{Status: 429}, mail.KindRateLimited, "Gmail rate limit reached: try again shortly", 0, ""},
		{"500", gmailfake.Fault{Status: 500}, mail.KindUnavailable, "Gmail is unavailable (HTTP 500): try again shortly", 0, ""},
		{"503", gmailfake.Fault{Status: 503}, mail.KindUnavailable, "Gmail is unavailable (HTTP 503)", 0, ""},
		{"malformed JSON", gmailfake.Fault{MalformedJSON: true, ApplyAfterHandling: true}, mail.KindUnavailable, "unreadable answer", 0, ""},
		// net/http itself replays an idempotent GET once on a reused connection that died: reset every try.
		{"connection reset", gmailfake.Fault{ResetConnection: true, Times: 10}, mail.KindUnavailable, "try again shortly", 0, ""},
		{"reset mid-body", gmailfake.Fault{ResetConnection: true, ApplyAfterHandling: true}, mail.KindUnavailable, "try again shortly", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, gmailfake.Options{}, Options{})
			id := e.insert(t, 1, mail.LabelInbox)
			e.warm(t)
			f := tt.fault
			f.Method, f.PathSuffix = "GET", "/messages/"+id
			e.fake.InjectFault(f)
			_, err := e.mb.Message(context.Background(), id)
			var me *mail.Error
			if !errors.As(err, &me) {
				t.Fatalf("err = %v (%T), want *mail.Error", err, err)
			}
			if me.Kind != tt.wantKind || !strings.Contains(me.Message, tt.wantMsg) || me.RetryAfter != tt.wantRetry {
				t.Errorf("got kind %v %q retry %v; want kind %v containing %q retry %v", me.Kind, me.Message, me.RetryAfter, tt.wantKind, tt.wantMsg, tt.wantRetry)
			}
			if me.Err == nil {
				t.Error("cause not kept in Err")
			}
			for _, secret := range []string{rt, "Bearer", "Authorization", tt.notInMsg} {
				if secret != "" && strings.Contains(me.Message, secret) {
					t.Errorf("message %q contains %q", me.Message, secret)
				}
			}
			if n := len(e.calls()); n != 1 && f.Times <= 1 {
				t.Errorf("%d requests, want 1 (this package never retries)", n)
			}
		})
	}
}

func TestWriteScopesNamed(t *testing.T) {
	scopeBody := gmailfake.ErrorBody(403, "insufficientPermissions", "Request had insufficient authentication scopes.")
	e := newEnv(t, gmailfake.Options{}, Options{})
	id := e.insert(t, 1, mail.LabelInbox)
	ctx := context.Background()
	tests := []struct {
		name, suffix, scope string
		do                  func() error
	}{
		{"trash", "/trash", "gmail.modify scope", func() error { return e.mb.Trash(ctx, id) }},
		{"modify", "/modify", "gmail.modify scope", func() error { return e.mb.Modify(ctx, []string{id}, []string{mail.LabelStarred}, nil) }},
		{"draft", "/drafts", "gmail.compose (or gmail.modify) scope", func() error { _, err := e.mb.CreateDraft(ctx, []byte("Subject: x\r\n\r\nx"), ""); return err }},
	}
	for _, tt := range tests {
		e.fake.InjectFault(gmailfake.Fault{Method: "POST", PathSuffix: tt.suffix, Status: 403, Body: scopeBody})
		err := tt.do()
		if mail.KindOf(err) != mail.KindPermission || !strings.Contains(err.Error(), tt.scope) {
			t.Errorf("%s: %v, want KindPermission naming %s", tt.name, err, tt.scope)
		}
	}
}

// failingTransport fails every request with err, as an oauth2 transport
// does when its token source fails.
type failingTransport struct{ err error }

func (f failingTransport) RoundTrip(*http.Request) (*http.Response, error) { return nil, f.err }

func TestMailErrorPassesThrough(t *testing.T) {
	notConnected := &mail.Error{Kind: mail.KindNotConnected, Message: "not connected: open http://x/setup"}
	mb, err := New(context.Background(), Options{HTTPClient: &http.Client{Transport: failingTransport{notConnected}}, Endpoint: "http://127.0.0.1:1/"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = mb.Profile(context.Background())
	if err != error(notConnected) {
		t.Errorf("err = %#v, want the token source's *mail.Error unchanged", err)
	}
	_, err = mb.Send(context.Background(), []byte("Subject: x\r\n\r\nx"), "")
	if err != error(notConnected) {
		t.Errorf("send: err = %#v, want the token source's *mail.Error unchanged", err)
	}
}

func TestRevokedRefreshTokenIsAuth(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	mb := e.mailbox(t, Options{HTTPClient: e.client("1//not-a-token-the-fake-issued")})
	_, err := mb.Profile(context.Background())
	if mail.KindOf(err) != mail.KindAuth || !strings.Contains(err.Error(), "revoked or expired") {
		t.Errorf("err = %v (kind %v), want KindAuth", err, mail.KindOf(err))
	}
	if strings.Contains(err.Error(), "not-a-token") {
		t.Error("the refresh token leaked into the message")
	}
}

func TestUnreachableGmailIsUnavailableEvenForSend(t *testing.T) {
	// Nothing listens on the port: the request never left, so a send is
	// definitely not sent and may simply be tried again.
	mb, err := New(context.Background(), Options{HTTPClient: &http.Client{}, Endpoint: "http://127.0.0.1:1/"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = mb.Send(context.Background(), []byte("Subject: x\r\n\r\nx"), "")
	if mail.KindOf(err) != mail.KindUnavailable {
		t.Errorf("err = %v (kind %v), want KindUnavailable", err, mail.KindOf(err))
	}
}

func TestTimeoutAndCancellation(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	id := e.insert(t, 1, mail.LabelInbox)
	e.warm(t)
	e.fake.InjectFault(gmailfake.Fault{Method: "GET", PathSuffix: "/messages/" + id, Delay: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := e.mb.Message(ctx, id)
	if mail.KindOf(err) != mail.KindUnavailable || !strings.Contains(err.Error(), "did not answer in time") {
		t.Errorf("timeout: %v (kind %v)", err, mail.KindOf(err))
	}

	e.fake.InjectFault(gmailfake.Fault{Method: "POST", PathSuffix: "/messages/send", Delay: time.Second})
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = e.mb.Send(ctx, []byte("Subject: x\r\n\r\nx"), "")
	if mail.KindOf(err) != mail.KindUncertain {
		t.Errorf("send timeout: %v (kind %v), want KindUncertain", err, mail.KindOf(err))
	}

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err := e.mb.Profile(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want errors.Is context.Canceled", err)
	}
}

func TestOnSuccessCountsAnsweredCalls(t *testing.T) {
	var n int
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	e := newEnv(t, gmailfake.Options{}, Options{OnSuccess: func() { <-mu; n++; mu <- struct{}{} }})
	id := e.insert(t, 1, mail.LabelInbox)
	ctx := context.Background()
	e.mb.Message(ctx, id)
	e.mb.Message(ctx, "ffff0000ffff0000") // 404: not a success
	<-mu
	defer func() { mu <- struct{}{} }()
	if n != 1 {
		t.Errorf("OnSuccess called %d times, want 1", n)
	}
}

func TestRetryAfter(t *testing.T) {
	future := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	tests := map[string]func(time.Duration) bool{
		"":     func(d time.Duration) bool { return d == 0 },
		"12":   func(d time.Duration) bool { return d == 12*time.Second },
		"-3":   func(d time.Duration) bool { return d == 0 },
		"soon": func(d time.Duration) bool { return d == 0 },
		future: func(d time.Duration) bool { return d > 80*time.Second && d <= 90*time.Second },
	}
	for v, ok := range tests {
		if got := retryAfter(http.Header{"Retry-After": {v}}); !ok(got) {
			t.Errorf("retryAfter(%q) = %v", v, got)
		}
	}
}
