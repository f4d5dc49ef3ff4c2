package bench

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	d := Durations{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	tests := []struct {
		p    float64
		want time.Duration
	}{{50, 5}, {90, 9}, {95, 10}, {99, 10}, {100, 10}, {1, 1}}
	for _, tt := range tests {
		if got := d.Percentile(tt.p); got != tt.want {
			t.Errorf("p%v = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := (Durations{}).Percentile(50); got != 0 {
		t.Errorf("empty: %v", got)
	}
}

func TestMemoryReadsOwnProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	m, err := memory(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m["VmRSS"] <= 0 || m["RssAnon"] <= 0 || m["RssAnon"] > m["VmRSS"] || m["VmHWM"] < m["VmRSS"] {
		t.Errorf("memory = %v", m)
	}
}

// The instance answers tool calls and the fake counts its requests: what
// every measurement relies on.
func TestInstanceSmoke(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	in, err := Start(ctx, 0, 25)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	cs, err := in.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	ids, err := listIDs(ctx, cs, "search_emails", map[string]any{"query": "subject:report", "limit": 20})
	if err != nil || len(ids) != 20 {
		t.Fatalf("search: %d ids, %v", len(ids), err)
	}
	in.Fake.ResetStats()
	row, err := measure(ctx, in, cs, scenario{name: "list", tool: "list_emails", args: func(int) map[string]any {
		return map[string]any{"limit": 20}
	}}, time.Millisecond, 2)
	if err != nil {
		t.Fatal(err)
	}
	if row.Requests != 2 || row.P50 <= 0 || row.Server <= 0 {
		t.Errorf("row = %+v, want 2 Gmail requests per list and times", row)
	}
}
