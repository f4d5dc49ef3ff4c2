// Command bench measures gmail-mcp end to end and prints the tables of
// docs/performance.md (`make bench`). Run it from the repository root: it
// builds ./cmd/gmail-mcp for the process figures.
//
//	go run ./cmd/bench [-latency 50ms] [-n 30] [-duration 3s] [-o report.md] [-cpuprofile cpu.out]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/bench"
)

type options struct {
	latency    time.Duration
	n          int
	overheadN  int
	duration   time.Duration
	starts     int
	drive      int
	out        string
	cpuProfile string
	parts      map[string]bool
	bin        string
}

func main() {
	var o options
	flag.DurationVar(&o.latency, "latency", 50*time.Millisecond, "Gmail latency injected by the fake, once per request before it answers (so about one round trip)")
	flag.IntVar(&o.n, "n", 30, "calls per latency scenario")
	flag.IntVar(&o.overheadN, "overhead-n", 2000, "calls per overhead measurement")
	flag.DurationVar(&o.duration, "duration", 3*time.Second, "length of each throughput run")
	flag.IntVar(&o.starts, "starts", 10, "process starts timed")
	flag.IntVar(&o.drive, "drive", 80, "list/search calls made against the process before its memory is read again, each followed by reads of what it listed (quota-bound: Gmail allows 250 units/s)")
	flag.StringVar(&o.out, "o", "", "also write the report to this file")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the throughput runs to this file")
	parts := flag.String("parts", "latency,compare,overhead,throughput,process", "what to measure, comma-separated: latency (tool calls with Gmail latency), compare (batch vs concurrent gets), overhead, throughput, process (binary size, start, memory)")
	flag.StringVar(&o.bin, "bin", "", "measure this binary instead of building one")
	flag.Parse()
	o.parts = map[string]bool{}
	for _, p := range strings.Split(*parts, ",") {
		o.parts[strings.TrimSpace(p)] = true
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var w io.Writer = os.Stdout
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = io.MultiWriter(os.Stdout, f)
	}
	if err := run(ctx, o, w); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options, w io.Writer) error {
	r := report{latency: o.latency, loadBefore: loadAverage()}
	if o.parts["latency"] {
		fmt.Fprintf(os.Stderr, "bench: latency scenarios (%v per Gmail request, %d calls each)…\n", o.latency, o.n)
		slow, err := bench.Start(ctx, o.latency, max(o.n, 60))
		if err != nil {
			return err
		}
		r.latencyRows, err = bench.MeasureLatency(ctx, slow, o.latency, o.n)
		slow.Close()
		if err != nil {
			return err
		}
	}
	if o.parts["compare"] {
		fmt.Fprintln(os.Stderr, "bench: batch vs concurrent gets…")
		var err error
		if r.compare, err = bench.CompareBatch(ctx, o.latency, []int{20, 50}, o.n); err != nil {
			return err
		}
	}
	if o.parts["overhead"] || o.parts["throughput"] {
		if err := zeroLatency(ctx, o, &r); err != nil {
			return err
		}
	}
	if o.parts["process"] {
		bin := o.bin
		if bin == "" {
			fmt.Fprintln(os.Stderr, "bench: building ./cmd/gmail-mcp…")
			dir, err := os.MkdirTemp("", "gmail-mcp-bench")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			if bin, err = bench.Build(ctx, dir); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "bench: %d starts of %s --demo…\n", o.starts, bin)
		p, err := bench.MeasureProcess(ctx, bin, o.starts, o.drive)
		if err != nil {
			return err
		}
		r.process = &p
	}
	r.loadAfter = loadAverage()
	r.write(w)
	return nil
}

// zeroLatency measures the MCP overhead and the throughput against a fake
// that answers at once, so the server's own cost shows.
func zeroLatency(ctx context.Context, o options, r *report) error {
	fmt.Fprintln(os.Stderr, "bench: overhead and throughput against the zero-latency fake…")
	fast, err := bench.Start(ctx, 0, 60)
	if err != nil {
		return err
	}
	defer fast.Close()
	if o.parts["overhead"] {
		if r.overhead, err = bench.MeasureOverhead(ctx, fast, o.overheadN); err != nil {
			return err
		}
	}
	if !o.parts["throughput"] {
		return nil
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// read_email of a cached message makes no Gmail call: the server's own
	// capacity. get_profile makes one (1 quota unit), so beyond the bucket's
	// burst it runs at the account's quota, 250/s, by design.
	readArgs := map[string]any{"message_id": fast.Seeded.Messages[0]}
	for _, t := range []struct {
		tool string
		args map[string]any
	}{{"read_email", readArgs}, {"get_profile", nil}} {
		for _, clients := range []int{1, 8, 64} {
			row, err := bench.MeasureThroughput(ctx, fast, t.tool, t.args, clients, o.duration)
			if err != nil {
				return err
			}
			r.throughput = append(r.throughput, row)
		}
	}
	return nil
}

// loadAverage is /proc/loadavg's first three fields, or "?" off Linux.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
