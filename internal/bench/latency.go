package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

// LatencyRow is one kind of tool call against the fake with latency.
type LatencyRow struct {
	Name     string
	P50, P95 time.Duration // as the client sees it, MCP over loopback included
	// RT50 and RT95 are P50 and P95 in Gmail round trips (÷ the latency).
	RT50, RT95 float64
	// Requests is the Gmail requests per call, counted by the fake.
	Requests float64
	// Server is the mean time in the tool handler (the server's own
	// histogram): the client's figure less MCP and HTTP.
	Server time.Duration
}

type scenario struct {
	name, tool string
	args       func(i int) map[string]any
	// pause between calls lets the quota bucket refill: Gmail allows an
	// account 15,000 units a minute (250/s), which the policy's limiter
	// enforces; a list of 20 spends 105 units (list 5 + 20 gets × 5), a list
	// of 50 spends 255. Back to back, lists would measure the quota, not the
	// round trips: an assistant's calls come seconds apart.
	pause time.Duration
}

// MeasureLatency runs each scenario n times, one call at a time, on one
// session. The first call (get_profile) fetches the access token and is not
// counted. n must not exceed the seeded messages (cold reads need new ones).
func MeasureLatency(ctx context.Context, in *Instance, latency time.Duration, n int) ([]LatencyRow, error) {
	if n > len(in.Seeded.Messages) {
		return nil, fmt.Errorf("%d iterations but %d seeded messages", n, len(in.Seeded.Messages))
	}
	cs, err := in.Connect(ctx)
	if err != nil {
		return nil, err
	}
	defer cs.Close()
	if _, err := Call(ctx, cs, "get_profile", nil); err != nil {
		return nil, err
	}
	msgs := in.Seeded.Messages
	fixed := func(args map[string]any) func(int) map[string]any { return func(int) map[string]any { return args } }
	scenarios := []scenario{
		{"list_emails 20", "list_emails", fixed(map[string]any{"limit": 20}), QuotaPause(105)},
		{"list_emails 50", "list_emails", fixed(map[string]any{"limit": 50}), QuotaPause(255)},
		{"search_emails 20", "search_emails", fixed(map[string]any{"query": "subject:report", "limit": 20}), QuotaPause(105)},
		{"read_email cold", "read_email", func(i int) map[string]any { return map[string]any{"message_id": msgs[i]} }, 0},
		{"read_email warm", "read_email", fixed(map[string]any{"message_id": msgs[0]}), 0},
		{fmt.Sprintf("get_thread (%d messages)", ThreadLength), "get_thread", fixed(map[string]any{"thread_id": in.Seeded.ThreadID}), 0},
	}
	var rows []LatencyRow
	for _, s := range scenarios {
		if s.name == "read_email warm" { // just read: the labels are fresh
			if _, err := Call(ctx, cs, s.tool, s.args(0)); err != nil {
				return nil, err
			}
		}
		row, err := measure(ctx, in, cs, s, latency, n)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func measure(ctx context.Context, in *Instance, cs *mcp.ClientSession, s scenario, latency time.Duration, n int) (LatencyRow, error) {
	in.Fake.ResetStats()
	sum0, count0 := toolTime(in.App.Metrics, s.tool)
	d := make(Durations, 0, n)
	for i := range n {
		if err := sleep(ctx, s.pause); err != nil {
			return LatencyRow{}, err
		}
		start := time.Now()
		if _, err := Call(ctx, cs, s.tool, s.args(i)); err != nil {
			return LatencyRow{}, err
		}
		d = append(d, time.Since(start))
	}
	sum1, count1 := toolTime(in.App.Metrics, s.tool)
	requests := 0
	for _, r := range in.Fake.Stats().Requests {
		if r.Path != "/token" {
			requests++
		}
	}
	row := LatencyRow{Name: s.name, P50: d.Percentile(50), P95: d.Percentile(95), Requests: float64(requests) / float64(n)}
	if count1 > count0 {
		row.Server = time.Duration((sum1 - sum0) / float64(count1-count0) * float64(time.Second))
	}
	if latency > 0 {
		row.RT50, row.RT95 = float64(row.P50)/float64(latency), float64(row.P95)/float64(latency)
	}
	return row, nil
}

// toolTime reads the server's tool-latency histogram: seconds and calls.
func toolTime(m *metrics.Metrics, tool string) (float64, uint64) {
	var out dto.Metric
	if err := m.ToolLatency.WithLabelValues(tool).(prometheus.Metric).Write(&out); err != nil {
		return 0, 0
	}
	return out.GetHistogram().GetSampleSum(), out.GetHistogram().GetSampleCount()
}

// QuotaPause is how long the policy's bucket (Gmail's 15,000 units a
// minute) takes to refill units, with a margin.
func QuotaPause(units int) time.Duration {
	const perSecond = (15000.0 - 250) / 60 // the policy's refill rate at the default quota
	return time.Duration(float64(units)/perSecond*float64(time.Second)) + 50*time.Millisecond
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
