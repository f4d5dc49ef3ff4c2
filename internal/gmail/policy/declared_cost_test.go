package policy

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

const batchPath = "/batch/gmail/v1"

// A batch is charged what its caller declares (n calls × their cost), and a
// declared cost larger than the whole bucket waits for a full bucket instead
// of never fitting.
func TestDeclaredCost(t *testing.T) {
	tests := []struct {
		name      string
		perMinute int
		declared  int // 0: none
		want      string
	}{
		{"undeclared batch: the table's default", 0, 0, `gmail_mcp_gmail_quota_units_total{method="batch"} 5`},
		{"50 gets in a batch", 0, 250, `gmail_mcp_gmail_quota_units_total{method="batch"} 250`},
		{"more than the bucket holds", 6000, 250, `gmail_mcp_gmail_quota_units_total{method="batch"} 250`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metrics.New()
			f := newFixture(t, Options{Metrics: m, QuotaPerMinute: tt.perMinute, Sleep: sleep}, nil, ok("{}"))
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			if tt.declared > 0 {
				ctx = WithCost(ctx, tt.declared)
			}
			if _, _, err := f.do(t, ctx, "POST", batchPath, "--b--"); err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			text, _ := io.ReadAll(rec.Body)
			if !strings.Contains(string(text), tt.want) {
				t.Errorf("scrape lacks %q", tt.want)
			}
		})
	}
}

func TestDeclaredCostIgnoresNonsense(t *testing.T) {
	ctx := WithCost(context.Background(), -3)
	if got := requestCost(ctx, "messages.get"); got != 5 {
		t.Errorf("a negative declared cost gave %d, want the table's 5", got)
	}
	if got := requestCost(WithCost(context.Background(), 40), "labels.get"); got != 40 {
		t.Errorf("declared 40 gave %d", got)
	}
}
