package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTestServer(t *testing.T, o Options) (*httptest.Server, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
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

// Sessions past MaxSessions get a 503 that says why; closing one makes room.
// Idle sessions are closed after SessionIdleTimeout.
func TestSessionCapAndIdleTimeout(t *testing.T) {
	const idle = 300 * time.Millisecond
	mcpServer := mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil)
	srv, _ := newTestServer(t, Options{MCP: mcpServer, MaxSessions: 2, SessionIdleTimeout: idle})
	connect := func() (*mcp.ClientSession, error) {
		c := mcp.NewClient(&mcp.Implementation{Name: "c", Version: "1"}, nil)
		return c.Connect(t.Context(), &mcp.StreamableClientTransport{Endpoint: srv.URL + "/mcp", DisableStandaloneSSE: true}, nil)
	}
	var open []*mcp.ClientSession
	var err error
	for range 3 { // the third must be refused
		var cs *mcp.ClientSession
		if cs, err = connect(); err != nil {
			break
		}
		open = append(open, cs)
	}
	if err == nil || !strings.Contains(err.Error(), "Service Unavailable") {
		t.Fatalf("%d sessions opened with a cap of 2; last err = %v, want a 503 refusal", len(open), err)
	}
	if n := sessionsOf(mcpServer); n > 2 {
		t.Fatalf("server holds %d sessions, cap is 2", n)
	}
	// The go-sdk may hold a short-lived extra session while a client
	// connects, so the raw refusal is awaited rather than expected at once.
	var refusal string
	for start := time.Now(); refusal == "" && time.Since(start) < 2*time.Second; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Post(srv.URL+"/mcp", "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
			refusal = string(body)
		}
	}
	if !strings.Contains(refusal, "too many MCP sessions") || !strings.Contains(refusal, "MCP_MAX_SESSIONS") {
		t.Errorf("new session at the cap: refusal %q, want a 503 with Retry-After naming MCP_MAX_SESSIONS", refusal)
	}
	for _, cs := range open {
		_ = cs.Close()
	}
	// Sessions end asynchronously after the client's DELETE.
	var cs *mcp.ClientSession
	for start := time.Now(); cs == nil; {
		if cs, err = connect(); err != nil && time.Since(start) > 2*time.Second {
			t.Fatalf("after closing the sessions, a new one is still refused: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
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
