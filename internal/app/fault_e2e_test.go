package app_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/goleak"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

const plainNote = `From: Ada <ada@example.com>
To: me@example.com
Subject: Fault drill
Date: Mon, 23 Nov 2026 09:00:00 +0000
Message-ID: <fault-drill@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

The body survives the faults.
`

// readUnderFault starts an instance holding plainNote, opens a session and
// injects f on the GETs of that message (f's Method and PathSuffix are set
// here); it returns the instance, the message id and the session.
func readUnderFault(t *testing.T, f gmailfake.Fault, opts ...envOption) (*env, string, *mcp.ClientSession) {
	t.Helper()
	e := newEnv(t, opts...)
	id := e.insert(t, plainNote)
	cs := e.connect(t, nil)
	f.Method, f.PathSuffix = http.MethodGet, "/messages/"+id
	e.fake.InjectFault(f)
	return e, id, cs
}

func withGmailTimeout(d time.Duration) envOption {
	return func(c *config.Config) { c.GmailTimeout = d }
}

// Transient failures of a read are retried inside the policy: the tool
// succeeds and the fake saw the failed attempts and then the good one.
func TestFaultTransientReadIsRetried(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		fault     gmailfake.Fault
		wantCodes []int
		minTime   time.Duration // a Retry-After the policy must have honoured
	}{
		{
			name:      "429 with Retry-After twice",
			fault:     gmailfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 2},
			wantCodes: []int{429, 429, 200},
			minTime:   2 * time.Second,
		},
		{
			name: "403 userRateLimitExceeded",
			fault: gmailfake.Fault{Status: http.StatusForbidden, Times: 2,
				Body: gmailfake.ErrorBody(403, "userRateLimitExceeded", "User-rate limit exceeded.")},
			wantCodes: []int{403, 403, 200},
		},
		{
			name:      "503 once",
			fault:     gmailfake.Fault{Status: http.StatusServiceUnavailable},
			wantCodes: []int{503, 200},
		},
		{
			name:      "connection reset mid-body",
			fault:     gmailfake.Fault{ResetConnection: true, ApplyAfterHandling: true},
			wantCodes: []int{0, 200}, // headers and half the body, then a reset
		},
		{
			name:      "connection reset before any answer",
			fault:     gmailfake.Fault{ResetConnection: true},
			wantCodes: []int{0, 200},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, id, cs := readUnderFault(t, tt.fault)

			start := time.Now()
			r := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id})
			if !strings.Contains(r.Body, "The body survives the faults.") {
				t.Errorf("body = %q", r.Body)
			}
			if took := time.Since(start); took < tt.minTime {
				t.Errorf("succeeded after %v: Retry-After asked for at least %v", took, tt.minTime)
			}
			if got := fakeSaw(e.fake, http.MethodGet, "/messages/"+id); !slices.Equal(got, tt.wantCodes) {
				t.Errorf("fake saw %v, want %v", got, tt.wantCodes)
			}
		})
	}
}

// Failures that persist, or that retrying cannot fix, end as short tool
// errors that say what to do; the process stays healthy.
func TestFaultFinalToolErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fault    gmailfake.Fault
		want     []string
		attempts int // GETs the fake saw; 0 skips the check
	}{
		{
			name:     "persistent 500",
			fault:    gmailfake.Fault{Status: http.StatusInternalServerError, Times: 100},
			want:     []string{"Gmail is unavailable", "try again"},
			attempts: 4,
		},
		{
			name:     "429 asking for longer than the policy waits",
			fault:    gmailfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: "30", Times: 100},
			want:     []string{"rate limit", "try again in 30 s"},
			attempts: 1,
		},
		{
			name:     "malformed JSON",
			fault:    gmailfake.Fault{MalformedJSON: true, ApplyAfterHandling: true, Times: 100},
			want:     []string{"Gmail"},
			attempts: 1,
		},
		{
			name: "missing scope",
			fault: gmailfake.Fault{Status: http.StatusForbidden, Times: 100,
				Body: gmailfake.ErrorBody(403, "insufficientPermissions", "Request had insufficient authentication scopes.")},
			want:     []string{"gmail.readonly", "scope"},
			attempts: 1,
		},
		{
			name:     "not found",
			fault:    gmailfake.Fault{Status: http.StatusNotFound, Times: 100},
			want:     []string{"no message with id"},
			attempts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, id, cs := readUnderFault(t, tt.fault)

			msg := callErr(t, cs, "read_email", map[string]any{"message_id": id})
			t.Logf("tool error: %s", msg)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if len(msg) > 300 || strings.Contains(msg, "goroutine") || strings.Contains(msg, ".go:") {
				t.Errorf("error is not a short user message: %q", msg)
			}
			if got := len(fakeSaw(e.fake, http.MethodGet, "/messages/"+id)); tt.attempts > 0 && got != tt.attempts {
				t.Errorf("fake saw %d attempts, want %d", got, tt.attempts)
			}
			assertHealthy(t, e)
		})
	}
}

// A Gmail that answers slower than GMAIL_TIMEOUT gives a tool error, and
// everything started for the call (attempts, timers, connections) is gone
// once the instance is closed.
func TestFaultSlowGmailTimesOutAndLeaksNothing(t *testing.T) {
	// The goroutines of before the test are taken now (IgnoreCurrent inside
	// the cleanup would snapshot the leaks too); the check is registered
	// first so it runs last, after the env's own cleanups.
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
	e, id, cs := readUnderFault(t, gmailfake.Fault{Times: 100, Delay: time.Minute}, withGmailTimeout(300*time.Millisecond))

	start := time.Now()
	msg := callErr(t, cs, "read_email", map[string]any{"message_id": id})
	if !strings.Contains(msg, "did not answer in time") {
		t.Errorf("error = %q", msg)
	}
	// 4 attempts of 300 ms plus at most 1.75 s of backoff: far below a minute.
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("timed out after %v", took)
	}
	eventually(t, 5*time.Second, "the fake to see every slow attempt abandoned", func() bool {
		codes := fakeSaw(e.fake, http.MethodGet, "/messages/"+id)
		return len(codes) == 4 && slices.Equal(codes, []int{0, 0, 0, 0})
	})
	assertHealthy(t, e)
}

// Cancelling a tool call (the client sends notifications/cancelled) or
// closing the session cancels the Gmail request it was waiting on.
func TestFaultCancelReleasesGmailCall(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		stop func(cancel context.CancelFunc, cs *mcp.ClientSession)
		// callReturns: CallTool itself returns (the go-sdk client's Close
		// waits for its pending calls, so it is run in the background).
		callReturns bool
	}{
		{"client cancels the call", func(cancel context.CancelFunc, _ *mcp.ClientSession) { cancel() }, true},
		{"client closes the session", func(_ context.CancelFunc, cs *mcp.ClientSession) { go cs.Close() }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, id, cs := readUnderFault(t, gmailfake.Fault{Delay: time.Minute})
			callOK[map[string]any](t, cs, "get_profile", nil) // fetches the access token first
			e.fake.ResetStats()

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "read_email", Arguments: map[string]any{"message_id": id}})
				done <- err
			}()
			eventually(t, 5*time.Second, "the call to reach the fake", func() bool { return e.fake.Stats().MaxInFlight >= 1 })
			stopped := time.Now()
			tt.stop(cancel, cs)
			eventually(t, 5*time.Second, "the fake to see the Gmail request abandoned", func() bool {
				return len(fakeSaw(e.fake, http.MethodGet, "/messages/"+id)) == 1
			})
			if took := time.Since(stopped); took > 3*time.Second {
				t.Errorf("Gmail request released %v after the client stopped", took)
			}
			if codes := fakeSaw(e.fake, http.MethodGet, "/messages/"+id); codes[0] != 0 {
				t.Errorf("fake answered %d; the request should have been abandoned", codes[0])
			}
			if !tt.callReturns {
				return
			}
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Error("CallTool did not return after the client cancelled")
			}
		})
	}
}

func assertHealthy(t *testing.T, e *env) {
	t.Helper()
	resp, err := http.Get(e.base + "/health")
	if err != nil {
		t.Fatalf("/health: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/health = %d", resp.StatusCode)
	}
}

func eventually(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
