package app_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// scrape reads /metrics as Prometheus serves it, with the bearer token.
func scrape(t *testing.T, e *env) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("/metrics: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics = %d (%v): %s", resp.StatusCode, err, b)
	}
	return string(b)
}

// sample is the value of the series whose line starts with series (name and
// labels exactly as exposed), or -1 when absent.
func sample(text, series string) float64 {
	for line := range strings.Lines(text) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), series+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

func counterValue(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		panic(err)
	}
	return m.GetCounter().GetValue()
}

// After a session with successes, a failure and a retry, /metrics shows every
// family moving with the right labels.
func TestMetricsMoveAfterASession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *config.Config) { c.MaxInFlight = 1 })
	id := e.insert(t, plainNote)
	before := scrape(t, e)
	cs := e.connect(t, nil)
	e.fake.InjectFault(gmailfake.Fault{Method: http.MethodGet, PathSuffix: "/messages/" + id, Status: http.StatusServiceUnavailable})
	// One slow list holds the only slot; the others queue for it.
	e.fake.InjectFault(gmailfake.Fault{Method: http.MethodGet, PathSuffix: "/messages", Delay: 300 * time.Millisecond, ApplyAfterHandling: true})
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { callOK[listResult](t, cs, "list_emails", nil) })
	}
	wg.Wait()
	callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id})
	callErr(t, cs, "read_email", map[string]any{"message_id": "18c0ffee00000000"})
	during := scrape(t, e)
	_ = cs.Close()
	after := scrape(t, e)

	moved := []string{
		`gmail_mcp_tool_calls_total{outcome="ok",tool="list_emails"}`,
		`gmail_mcp_tool_calls_total{outcome="ok",tool="read_email"}`,
		`gmail_mcp_tool_calls_total{outcome="error",tool="read_email"}`,
		`gmail_mcp_tool_call_duration_seconds_count{tool="read_email"}`,
		`gmail_mcp_gmail_requests_total{method="messages.get",status="200"}`,
		`gmail_mcp_gmail_requests_total{method="messages.get",status="503"}`,
		`gmail_mcp_gmail_requests_total{method="messages.get",status="404"}`,
		`gmail_mcp_gmail_requests_total{method="messages.list",status="200"}`,
		`gmail_mcp_gmail_retries_total{method="messages.get",reason="server_error"}`,
		`gmail_mcp_gmail_quota_units_total{method="messages.get"}`,
		`gmail_mcp_http_requests_total{code="200",path="/mcp"}`,
		`gmail_mcp_limiter_waits_total{kind="inflight"}`,
		`gmail_mcp_limiter_wait_seconds_count`,
	}
	for _, series := range moved {
		if b, d := max(sample(before, series), 0), sample(during, series); d <= b {
			t.Errorf("%s did not move: %v -> %v", series, b, d)
		}
	}
	if s := sample(during, "gmail_mcp_sessions_in_flight"); s != 1 {
		t.Errorf("sessions in flight during the session = %v, want 1", s)
	}
	if s := sample(after, "gmail_mcp_sessions_in_flight"); s != 0 {
		t.Errorf("sessions in flight after closing = %v, want 0", s)
	}
	if s := sample(after, "gmail_mcp_gmail_in_flight"); s != 0 {
		t.Errorf("Gmail requests in flight after the session = %v, want 0", s)
	}
}
