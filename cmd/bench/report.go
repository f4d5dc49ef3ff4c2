package main

import (
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/bench"
)

// Targets from the performance issue.
const (
	targetList20RT   = 2.5
	targetList50RT   = 3
	targetWarmServer = time.Millisecond
	targetOverhead   = time.Millisecond
	targetCallsPerS  = 3000
	targetIdleRSS    = 15 << 20
	targetStart      = 100 * time.Millisecond
)

type report struct {
	latency               time.Duration
	loadBefore, loadAfter string
	latencyRows           []bench.LatencyRow
	compare               []bench.CompareRow
	overhead              bench.Overhead
	throughput            []bench.ThroughputRow
	process               *bench.Process
}

func (r *report) write(w io.Writer) {
	fmt.Fprintf(w, "gmail-mcp bench: %s, %s/%s, %d CPUs (GOMAXPROCS %d), load average %s before, %s after\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), r.loadBefore, r.loadAfter)

	if len(r.latencyRows) > 0 {
		r.writeLatency(w)
	}
	if len(r.compare) > 0 {
		r.writeCompare(w)
	}
	if len(r.overhead.Ping) > 0 {
		r.writeOverhead(w)
	}
	if len(r.throughput) > 0 {
		r.writeThroughput(w)
	}
	if r.process != nil {
		r.writeProcess(w)
	}
	r.targets(w)
}

func (r *report) writeLatency(w io.Writer) {
	fmt.Fprintf(w, "Tool calls with %v injected Gmail latency (added once per request: ~1 round trip)\n\n", r.latency)
	fmt.Fprintln(w, "| call | p50 ms | p95 ms | p50 round trips | p95 round trips | Gmail requests/call | server ms (mean) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, row := range r.latencyRows {
		fmt.Fprintf(w, "| %s | %.1f | %.1f | %.2f | %.2f | %.1f | %.3f |\n", row.Name, ms(row.P50), ms(row.P95), row.RT50, row.RT95, row.Requests, ms(row.Server))
	}

}

func (r *report) writeCompare(w io.Writer) {
	fmt.Fprintf(w, "\nBatch endpoint vs concurrent gets (Mailbox.List, MaxInFlight 10, %v latency)\n\n", r.latency)
	fmt.Fprintln(w, "| list | batch p50 ms | requests | concurrent gets p50 ms | requests |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, c := range r.compare {
		fmt.Fprintf(w, "| %d | %.1f | %.0f | %.1f | %.0f |\n", c.Limit, ms(c.Batch), c.BatchRequests, ms(c.FanOut), c.FanOutReqs)
	}

}

func (r *report) writeOverhead(w io.Writer) {
	fmt.Fprintln(w, "\nOverhead against the zero-latency fake (client-side, MCP over loopback HTTP)")
	fmt.Fprintln(w, "\n| call | p50 µs | p99 µs |")
	fmt.Fprintln(w, "|---|---:|---:|")
	fmt.Fprintf(w, "| MCP ping | %.0f | %.0f |\n", us(r.overhead.Ping.Percentile(50)), us(r.overhead.Ping.Percentile(99)))
	fmt.Fprintf(w, "| tools/call read_email (cached: no Gmail call) | %.0f | %.0f |\n", us(r.overhead.ReadWarm.Percentile(50)), us(r.overhead.ReadWarm.Percentile(99)))

}

func (r *report) writeThroughput(w io.Writer) {
	fmt.Fprintln(w, "\nThroughput against the zero-latency fake (client, server and fake share the machine)")
	fmt.Fprintln(w, "\n| tool | clients | calls/s | Gmail requests/call |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, t := range r.throughput {
		fmt.Fprintf(w, "| %s | %d | %.0f | %.1f |\n", t.Tool, t.Clients, t.CallsPerSec, t.Requests)
	}

}

func (r *report) writeProcess(w io.Writer) {
	if p := r.process; p != nil {
		fmt.Fprintln(w, "\nThe binary as a process (`gmail-mcp --demo`, stripped static build)")
		fmt.Fprintln(w, "\n| measure | value |")
		fmt.Fprintln(w, "|---|---:|")
		fmt.Fprintf(w, "| binary size | %.1f MB |\n", mb(p.BinaryBytes))
		fmt.Fprintf(w, "| exec to /health 200, median of %d | %.1f ms |\n", len(p.Start), ms(p.Start.Percentile(50)))
		fmt.Fprintf(w, "| exec to /health 200, slowest | %.1f ms |\n", ms(p.Start.Percentile(100)))
		fmt.Fprintf(w, "| RSS idle (after /health) | %.1f MB |\n", mb(p.RSSIdle))
		fmt.Fprintf(w, "| of which private (RssAnon: heap, stacks) | %.1f MB |\n", mb(p.AnonIdle))
		fmt.Fprintf(w, "| of which the binary's pages (shared by all instances of the image) | %.1f MB |\n", mb(p.RSSIdle-p.AnonIdle))
		fmt.Fprintf(w, "| RSS after %d tool calls | %.1f MB |\n", p.DriveCalls, mb(p.RSSAfter))
		fmt.Fprintf(w, "| peak RSS (VmHWM) | %.1f MB |\n", mb(p.RSSPeak))
	}
}

func (r *report) targets(w io.Writer) {
	fmt.Fprintln(w, "\nTargets")
	fmt.Fprintln(w, "\n| target | measured | met |")
	fmt.Fprintln(w, "|---|---:|:---:|")
	row := func(name, measured string, ok bool) {
		mark := "yes"
		if !ok {
			mark = "**no**"
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", name, measured, mark)
	}
	for _, l := range r.latencyRows {
		switch l.Name {
		case "list_emails 20":
			row("list_emails 20 ≤ 2.5 round trips (p50)", fmt.Sprintf("%.2f", l.RT50), l.RT50 <= targetList20RT)
		case "list_emails 50":
			row("list_emails 50 ≤ 3 round trips (p50)", fmt.Sprintf("%.2f", l.RT50), l.RT50 <= targetList50RT)
		case "read_email warm":
			row("warm read_email ≤ 1 ms server time", fmt.Sprintf("%.3f ms", ms(l.Server)), l.Server <= targetWarmServer)
		}
	}
	if p50 := r.overhead.ReadWarm.Percentile(50); p50 > 0 {
		row("tools/call overhead p50 ≤ 1 ms", fmt.Sprintf("%.0f µs", us(p50)), p50 <= targetOverhead)
	}
	best := 0.0
	for _, t := range r.throughput {
		if t.Tool == "read_email" {
			best = max(best, t.CallsPerSec)
		}
	}
	if len(r.throughput) > 0 {
		row(fmt.Sprintf("≥ 3,000 calls/s (cached read_email, best of 1/8/64 clients, %d CPUs)", runtime.NumCPU()), fmt.Sprintf("%.0f", best), best >= targetCallsPerS)
	}
	if p := r.process; p != nil {
		row("idle RSS ≤ 15 MB", fmt.Sprintf("%.1f MB", mb(p.RSSIdle)), p.RSSIdle <= targetIdleRSS)
		row("idle private memory (RssAnon) ≤ 15 MB", fmt.Sprintf("%.1f MB", mb(p.AnonIdle)), p.AnonIdle <= targetIdleRSS)
		start := p.Start.Percentile(50)
		row("exec to /health ≤ 100 ms (median)", fmt.Sprintf("%.1f ms", ms(start)), start <= targetStart)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
func mb(b int64) float64         { return float64(b) / (1 << 20) }
