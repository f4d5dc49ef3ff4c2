package gmailfake

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
	gmailapi "google.golang.org/api/gmail/v1"
	"google.golang.org/api/googleapi"
)

// rawGet fetches path with a fresh connection (so net/http cannot silently
// retry on a reused one) and a valid access token.
func (e *env) rawGet(t *testing.T, ctx context.Context, path string) (*http.Response, error) {
	t.Helper()
	tok, err := oauthConfig(e.ts.URL).TokenSource(context.WithValue(ctx, oauth2.HTTPClient, e.ts.Client()), &oauth2.Token{RefreshToken: e.rt}).Token()
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", e.ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	return hc.Do(req)
}

func TestFaultStatusesAndMatching(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.insert(t, original, "INBOX")
	e.srv.InjectFault(Fault{Method: "POST", PathSuffix: "/messages/send", Status: 500}) // must not hit GETs
	e.srv.InjectFault(Fault{PathSuffix: "/messages/" + id, Times: 2, Status: 429, RetryAfter: "7"})
	e.srv.InjectFault(Fault{PathSuffix: "/messages/" + id, Status: 503})
	for i, want := range []struct {
		code   int
		reason string
	}{{429, "rateLimitExceeded"}, {429, "rateLimitExceeded"}, {503, "backendError"}, {200, ""}} {
		_, err := e.gm.Users.Messages.Get("me", id).Do()
		var ge *googleapi.Error
		switch {
		case want.code == 200 && err != nil:
			t.Errorf("call %d: %v", i, err)
		case want.code != 200 && (!errors.As(err, &ge) || ge.Code != want.code || ge.Errors[0].Reason != want.reason):
			t.Errorf("call %d: %v, want %d %s", i, err, want.code, want.reason)
		case want.code == 429 && ge.Header.Get("Retry-After") != "7":
			t.Errorf("call %d: Retry-After %q", i, ge.Header.Get("Retry-After"))
		}
	}
	_, err := e.gm.Users.Messages.Send("me", &gmailapi.Message{Raw: rawMsg("To: a@example.com\r\n\r\nx")}).Do()
	if code, msg := apiReason(err); code != 500 || msg != "Backend Error" {
		t.Errorf("send fault: %v", err)
	}
	if len(e.acct.Sent()) != 0 {
		t.Error("a fault before handling still sent the message")
	}
	// x/oauth2 auto-detects how to send client credentials: a new Config
	// retries a failed first token request once with the other style.
	e.srv.InjectFault(Fault{PathSuffix: "/token", Status: 400, Times: 2})
	_, err = e.client(t, e.rt).Users.GetProfile("me").Do()
	if oauthErrorCode(err) != "invalid_grant" {
		t.Errorf("token fault: %v", err)
	}
	e.srv.InjectFault(Fault{PathSuffix: "/profile", Status: 403, Body: ErrorBody(403, "insufficientPermissions", "Request had insufficient authentication scopes.")})
	if _, err := e.gm.Users.GetProfile("me").Do(); !strings.Contains(err.Error(), "insufficientPermissions") {
		t.Errorf("custom body: %v", err)
	}
}

func TestFaultApplyAfterHandling(t *testing.T) {
	e := newEnv(t, Options{})
	e.srv.InjectFault(Fault{PathSuffix: "/messages/send", Status: 503, ApplyAfterHandling: true})
	_, err := e.gm.Users.Messages.Send("me", &gmailapi.Message{Raw: rawMsg("To: a@example.com\r\nSubject: once\r\n\r\nx")}).Do()
	if code, _ := apiReason(err); code != 503 {
		t.Fatalf("send = %v, want 503", err)
	}
	if n := len(e.acct.Sent()); n != 1 {
		t.Errorf("the send that answered 503 stored %d messages, want 1", n)
	}
}

func TestFaultBrokenAnswers(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.insert(t, original, "INBOX")
	e.srv.InjectFault(Fault{PathSuffix: "/messages/" + id, MalformedJSON: true, ApplyAfterHandling: true})
	if _, err := e.gm.Users.Messages.Get("me", id).Do(); err == nil {
		t.Error("malformed JSON decoded without error")
	}
	e.srv.InjectFault(Fault{PathSuffix: "/messages", MalformedJSON: true})
	if _, err := e.gm.Users.Messages.List("me").Do(); err == nil {
		t.Error("malformed list decoded without error")
	}

	e.srv.InjectFault(Fault{PathSuffix: "/profile", ResetConnection: true})
	if resp, err := e.rawGet(t, context.Background(), "/gmail/v1/users/me/profile"); err == nil {
		resp.Body.Close()
		t.Errorf("reset connection answered %d", resp.StatusCode)
	}
	e.srv.InjectFault(Fault{PathSuffix: "/messages/" + id, ResetConnection: true, ApplyAfterHandling: true})
	resp, err := e.rawGet(t, context.Background(), "/gmail/v1/users/me/messages/"+id)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || err == nil || len(body) == 0 {
		t.Errorf("mid-body reset: status %d, %d bytes, err %v", resp.StatusCode, len(body), err)
	}
	if _, err := e.gm.Users.Messages.Get("me", id).Do(); err != nil {
		t.Errorf("after the faults: %v", err)
	}
	var statuses []int
	for _, r := range e.srv.Stats().Requests {
		if strings.HasPrefix(r.Path, "/gmail/") {
			statuses = append(statuses, r.Status)
		}
	}
	if want := []int{200, 200, 0, 0, 200}; !equalInts(statuses, want) {
		t.Errorf("recorded statuses %v, want %v", statuses, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDelayLatencyAndCancellation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{Latency: 50 * time.Millisecond})
	start := time.Now()
	if _, err := e.gm.Users.GetProfile("me").Do(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 100*time.Millisecond { // token + profile, 50 ms each
		t.Errorf("two requests with 50 ms latency took %v", d)
	}
	e.srv.InjectFault(Fault{PathSuffix: "/profile", Delay: 10 * time.Second, Status: 500})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err := e.gm.Users.GetProfile("me").Context(ctx).Do()
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("delayed call: %v after %v", err, time.Since(start))
	}
}

func TestStatsAndMaxInFlight(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{Latency: 300 * time.Millisecond})
	if _, err := e.gm.Users.GetProfile("me").Do(); err != nil { // warm the token
		t.Fatal(err)
	}
	e.srv.ResetStats()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := e.gm.Users.Messages.List("me").Q("x").MaxResults(5).Do(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	st := e.srv.Stats()
	if st.MaxInFlight != 8 || len(st.Requests) != 8 {
		t.Fatalf("MaxInFlight %d, %d requests; want 8, 8", st.MaxInFlight, len(st.Requests))
	}
	r := st.Requests[0]
	if r.Method != "GET" || r.Path != "/gmail/v1/users/me/messages" || r.Query.Get("q") != "x" || r.Status != 200 || r.Account != "me@example.com" {
		t.Errorf("record %+v", r)
	}
	e.srv.ResetStats()
	if st := e.srv.Stats(); st.MaxInFlight != 0 || len(st.Requests) != 0 {
		t.Errorf("after ResetStats: %+v", st)
	}
}
