package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/oauth"
)

// revokedText is the wording, spelled out here rather than taken from
// oauth.RevokedMessage so that a drift in the product's text fails the test.
const revokedText = "Gmail access was revoked or expired — run `gmail-mcp auth` again or open /setup; " +
	"apps in Google's 'Testing' publishing status get refresh tokens that expire after 7 days"

// readyResponse is the body of /ready.
type readyResponse struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// ready asks GET /ready, as a load balancer or App Garden would.
func (in *instance) ready(t *testing.T) (int, readyResponse) {
	t.Helper()
	return getJSON[readyResponse](t, in.base+"/ready")
}

func getJSON[T any](t *testing.T, url string) (int, T) {
	t.Helper()
	var out T
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q, body %s", url, ct, body)
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, body)
	}
	return resp.StatusCode, out
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// logLines returns the JSON log lines at level.
func logLines(t *testing.T, logs string, level string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(logs) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["level"] == level {
			out = append(out, rec)
		}
	}
	return out
}

// revokedCalls are tool calls that each need Gmail, with valid arguments, so
// that the only thing that can fail them is the credential.
var revokedCalls = []struct {
	tool string
	args map[string]any
}{
	{"list_emails", nil},
	{"search_emails", map[string]any{"query": "is:unread"}},
	{"read_email", map[string]any{"message_id": "18c0ffee00000001"}},
	{"get_profile", nil},
	{"send_email", map[string]any{"to": []string{"friend@example.com"}, "subject": "hi", "body": "hello"}},
}

func TestRevokedRefreshTokenAtInstance(t *testing.T) {
	t.Parallel()
	fake, acct, fakeURL := startFake(t, gmailfake.Options{})
	rt := acct.NewRefreshToken()
	fake.RevokeRefreshToken(rt)
	clock := &fakeClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	in := startInstance(t, instanceConfig(t, fakeURL, "GMAIL_REFRESH_TOKEN="+rt), httptest.NewUnstartedServer(nil), clock.Now)
	cs := in.connect(t)

	// expectRevoked makes many tool calls (a burst of them concurrently) and
	// /ready probes, each of which must report the revocation.
	expectRevoked := func(t *testing.T) {
		t.Helper()
		var wg sync.WaitGroup
		results := make(chan string, 4*len(revokedCalls))
		for range 4 {
			for _, c := range revokedCalls {
				wg.Go(func() {
					ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
					defer cancel()
					res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: c.tool, Arguments: c.args})
					switch {
					case err != nil:
						results <- c.tool + ": protocol error: " + err.Error()
					case !res.IsError:
						results <- c.tool + ": succeeded with a revoked token"
					case text(res) != revokedText:
						results <- c.tool + ": " + text(res)
					}
				})
			}
		}
		wg.Wait()
		close(results)
		for r := range results {
			t.Errorf("want exactly the revoked text, got %s", r)
		}
		for _, c := range revokedCalls {
			if got := callErr(t, cs, c.tool, c.args); got != revokedText {
				t.Errorf("%s: %q, want exactly %q", c.tool, got, revokedText)
			}
			code, body := in.ready(t)
			if code != http.StatusServiceUnavailable || body.Status != "not ready" || !strings.Contains(body.Reason, "revoked or expired") {
				t.Errorf("/ready = %d %+v, want 503 with the revoked reason", code, body)
			}
		}
	}

	start := time.Now()
	expectRevoked(t)
	if n := requestsTo(fake, "/token"); n != 1 {
		t.Fatalf("/token requests in the first backoff window = %d, want exactly 1", n)
	}
	// Just before the window ends, still nothing new reaches Google.
	clock.Advance(oauth.DefaultRetryRevokedAfter - time.Second)
	expectRevoked(t)
	if n := requestsTo(fake, "/token"); n != 1 {
		t.Fatalf("/token requests before the window ended = %d, want still 1", n)
	}
	// Past the window: exactly one more attempt, refused again.
	clock.Advance(2 * time.Second)
	expectRevoked(t)
	if n := requestsTo(fake, "/token"); n != 2 {
		t.Fatalf("/token requests after the window = %d, want exactly 2", n)
	}
	if n := gmailRequests(fake); n != 0 {
		t.Errorf("Gmail API requests = %d, want 0: nothing can be authorized", n)
	}
	t.Logf("%d tool calls and %d /ready probes in %v made %d /token requests",
		3*5*len(revokedCalls), 3*len(revokedCalls), time.Since(start).Round(time.Millisecond), requestsTo(fake, "/token"))

	// One warning for the whole refusal, however many calls hit it.
	logs := in.logs.String()
	warns := logLines(t, logs, "WARN")
	if len(warns) != 1 {
		t.Fatalf("%d warning log lines, want exactly 1:\n%v", len(warns), warns)
	}
	if warns[0]["error_code"] != "invalid_grant" || !strings.Contains(warns[0]["msg"].(string), "refused") {
		t.Errorf("warning = %v, want the refused refresh token with error_code invalid_grant", warns[0])
	}
	if strings.Contains(logs, rt) {
		t.Error("the logs contain the refresh token")
	}

	// The process stays up and serves.
	code, health := getJSON[map[string]string](t, in.base+"/health")
	if code != http.StatusOK || health["status"] != "ok" {
		t.Fatalf("/health = %d %v, want 200 ok", code, health)
	}
}
