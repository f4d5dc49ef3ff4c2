package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandlerShowsCountersMoving(t *testing.T) {
	m := New()
	scrape := func() string {
		t.Helper()
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("scrape status %d", rec.Code)
		}
		b, _ := io.ReadAll(rec.Body)
		return string(b)
	}
	before := scrape()
	for _, line := range []string{
		`gmail_mcp_tool_calls_total{outcome="ok",tool="read_email"} 2`,
		`gmail_mcp_gmail_requests_total{method="messages.get",status="200"} 1`,
	} {
		if strings.Contains(before, line) {
			t.Fatalf("fresh registry already has %q", line)
		}
	}

	m.ToolCalls.WithLabelValues("read_email", "ok").Add(2)
	m.ToolLatency.WithLabelValues("read_email").Observe(0.01)
	m.GmailCalls.WithLabelValues("messages.get", "200").Inc()
	m.GmailRetries.WithLabelValues("messages.get", "server_error").Inc()
	m.LimiterWaits.WithLabelValues("inflight").Inc()
	m.LimiterWaitSeconds.Observe(0.2)
	m.SessionsInFlight.Set(3)
	m.HTTPRequests.WithLabelValues("/mcp", "200").Inc()

	after := scrape()
	for _, line := range []string{
		`gmail_mcp_tool_calls_total{outcome="ok",tool="read_email"} 2`,
		`gmail_mcp_tool_call_duration_seconds_count{tool="read_email"} 1`,
		`gmail_mcp_gmail_requests_total{method="messages.get",status="200"} 1`,
		`gmail_mcp_gmail_retries_total{method="messages.get",reason="server_error"} 1`,
		`gmail_mcp_limiter_waits_total{kind="inflight"} 1`,
		`gmail_mcp_limiter_wait_seconds_count 1`,
		`gmail_mcp_sessions_in_flight 3`,
		`gmail_mcp_http_requests_total{code="200",path="/mcp"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(after, line) {
			t.Errorf("scrape lacks %q", line)
		}
	}
}

// Two instances in one process must not share counters (no global registry).
func TestRegistriesAreIndependent(t *testing.T) {
	a, b := New(), New()
	a.ToolCalls.WithLabelValues("x", "ok").Inc()
	if n, err := b.Registry.Gather(); err != nil {
		t.Fatal(err)
	} else {
		for _, mf := range n {
			if mf.GetName() == "gmail_mcp_tool_calls_total" && len(mf.GetMetric()) > 0 {
				t.Fatalf("second registry sees the first one's tool calls")
			}
		}
	}
}
