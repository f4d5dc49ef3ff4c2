package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
	"github.com/gmail-mcp/gmail-mcp/internal/testlog"
)

func newTestServer(t *testing.T, o Options) (*httptest.Server, *testlog.Buffer) {
	t.Helper()
	logs := &testlog.Buffer{}
	o.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	if o.MCP == nil {
		o.MCP = mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil)
	}
	srv := httptest.NewServer(New(o).Handler())
	t.Cleanup(srv.Close)
	return srv, logs
}

func get(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A handler that panics gets a 500 and a log line; the server keeps serving.
func TestPanicIsA500AndTheServerLivesOn(t *testing.T) {
	m := metrics.New()
	boom := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("setup exploded") })
	srv, logs := newTestServer(t, Options{Setup: boom, Counters: m})
	for range 3 {
		if code := get(t, srv.URL+"/setup"); code != http.StatusInternalServerError {
			t.Fatalf("/setup = %d, want 500", code)
		}
	}
	if code := get(t, srv.URL+"/health"); code != http.StatusOK {
		t.Fatalf("/health after panics = %d", code)
	}
	if got := strings.Count(logs.String(), "panic serving request"); got != 3 {
		t.Errorf("%d panic log lines, want 3:\n%s", got, logs)
	}
	if !strings.Contains(logs.String(), "setup exploded") {
		t.Error("the log does not say what panicked")
	}
}

// connectTo opens an MCP session to srv's /mcp endpoint.
func connectTo(t *testing.T, url string) (*mcp.ClientSession, error) {
	c := mcp.NewClient(&mcp.Implementation{Name: "c", Version: "1"}, nil)
	return c.Connect(t.Context(), &mcp.StreamableClientTransport{Endpoint: url + "/mcp", DisableStandaloneSSE: true}, nil)
}

// Sessions past MaxSessions get a 503 that says why; closing one makes room.
// (No idle timeout here: a session closed for idleness would make room too.)
func TestSessionCap(t *testing.T) {
	// How long the waits below allow the SDK's sessions to settle: a guard
	// against a hang, not a speed bound (a loaded CI machine is slow).
	const settle = 10 * time.Second
	mcpServer := mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil)
	srv, _ := newTestServer(t, Options{MCP: mcpServer, MaxSessions: 2})
	// The go-sdk may hold a short-lived extra session while a client
	// connects, so a refusal below the cap is retried, and the raw refusal
	// below is awaited rather than expected at once.
	var open []*mcp.ClientSession
	for start := time.Now(); len(open) < 2; time.Sleep(20 * time.Millisecond) {
		cs, err := connectTo(t, srv.URL)
		if err == nil {
			open = append(open, cs)
		} else if time.Since(start) > settle {
			t.Fatalf("%d sessions opened with a cap of 2: %v", len(open), err)
		}
	}
	if cs, err := connectTo(t, srv.URL); err == nil || !strings.Contains(err.Error(), "Service Unavailable") {
		if cs != nil {
			_ = cs.Close()
		}
		t.Fatalf("a third session with a cap of 2: err = %v, want a 503 refusal", err)
	}
	if n := sessionsOf(mcpServer); n > 2 {
		t.Fatalf("server holds %d sessions, cap is 2", n)
	}
	var refusal, last string
	for start := time.Now(); refusal == "" && time.Since(start) < settle; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Post(srv.URL+"/mcp", "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
			refusal = string(body)
		}
		last = fmt.Sprintf("%d %s", resp.StatusCode, body)
	}
	if !strings.Contains(refusal, "too many MCP sessions") || !strings.Contains(refusal, "MCP_MAX_SESSIONS") {
		t.Errorf("new session at the cap (%d opened, server holds %d): refusal %q, want a 503 with Retry-After naming MCP_MAX_SESSIONS; last answer %s",
			len(open), sessionsOf(mcpServer), refusal, last)
	}
	for _, cs := range open {
		_ = cs.Close()
	}
	// Sessions end asynchronously after the client's DELETE.
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		cs, err := connectTo(t, srv.URL)
		if err == nil {
			_ = cs.Close()
			break
		}
		if time.Since(start) > settle {
			t.Fatalf("after closing the sessions, a new one is still refused: %v", err)
		}
	}
}

// Idle sessions are closed after SessionIdleTimeout.
func TestSessionIdleTimeout(t *testing.T) {
	const idle = 300 * time.Millisecond
	mcpServer := mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil)
	srv, _ := newTestServer(t, Options{MCP: mcpServer, SessionIdleTimeout: idle})
	cs, err := connectTo(t, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for n := sessionsOf(mcpServer); n != 0; n = sessionsOf(mcpServer) {
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions still open %v after the idle timeout", n, 5*time.Second)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cs.Ping(context.Background(), nil); err == nil {
		t.Error("an idle-closed session still answers")
	}
}

func sessionsOf(s *mcp.Server) int {
	n := 0
	for range s.Sessions() {
		n++
	}
	return n
}
