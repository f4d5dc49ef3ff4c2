package policy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

func TestMetricsCountAttemptsAndRetries(t *testing.T) {
	m := metrics.New()
	f := newFixture(t, Options{Metrics: m}, nil, status(http.StatusServiceUnavailable, ""), ok("{}"))
	if _, _, err := f.do(t, t.Context(), "GET", getPath, ""); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	text, _ := io.ReadAll(rec.Body)
	for _, line := range []string{
		`gmail_mcp_gmail_requests_total{method="messages.get",status="503"} 1`,
		`gmail_mcp_gmail_requests_total{method="messages.get",status="200"} 1`,
		`gmail_mcp_gmail_retries_total{method="messages.get",reason="server_error"} 1`,
		`gmail_mcp_gmail_quota_units_total{method="messages.get"} 10`,
		`gmail_mcp_gmail_request_duration_seconds_count{method="messages.get"} 2`,
		`gmail_mcp_gmail_in_flight 0`,
	} {
		if !strings.Contains(string(text), line) {
			t.Errorf("scrape lacks %q", line)
		}
	}
}
