package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Overhead is the cost of the MCP layer itself, against the zero-latency fake.
type Overhead struct {
	Ping     Durations // MCP ping: the protocol round trip, no tool
	ReadWarm Durations // tools/call of a cached read_email: no Gmail call
}

// MeasureOverhead times n pings and n warm read_email calls on one session.
func MeasureOverhead(ctx context.Context, in *Instance, n int) (Overhead, error) {
	cs, err := in.Connect(ctx)
	if err != nil {
		return Overhead{}, err
	}
	defer cs.Close()
	args := map[string]any{"message_id": in.Seeded.Messages[0]}
	if _, err := Call(ctx, cs, "read_email", args); err != nil {
		return Overhead{}, err
	}
	o := Overhead{Ping: make(Durations, 0, n), ReadWarm: make(Durations, 0, n)}
	for range n {
		start := time.Now()
		if err := cs.Ping(ctx, nil); err != nil {
			return o, fmt.Errorf("ping: %w", err)
		}
		o.Ping = append(o.Ping, time.Since(start))
	}
	for range n {
		start := time.Now()
		if _, err := Call(ctx, cs, "read_email", args); err != nil {
			return o, err
		}
		o.ReadWarm = append(o.ReadWarm, time.Since(start))
	}
	return o, nil
}

// ThroughputRow is calls per second of one tool at some concurrency.
type ThroughputRow struct {
	Tool        string
	Clients     int
	CallsPerSec float64
	Requests    float64 // Gmail requests per call
}

// MeasureThroughput runs clients sessions, each calling tool back to back
// for d, and counts the calls completed.
func MeasureThroughput(ctx context.Context, in *Instance, tool string, args map[string]any, clients int, d time.Duration) (ThroughputRow, error) {
	sessions := make([]*mcp.ClientSession, clients)
	for i := range sessions {
		cs, err := in.Connect(ctx)
		if err != nil {
			return ThroughputRow{}, err
		}
		defer cs.Close()
		if _, err := Call(ctx, cs, tool, args); err != nil { // warm: token, cache, connections
			return ThroughputRow{}, err
		}
		sessions[i] = cs
	}
	in.Fake.ResetStats()
	var (
		calls    atomic.Int64
		firstErr error
		once     sync.Once
		wg       sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for _, cs := range sessions {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if _, err := Call(ctx, cs, tool, args); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				calls.Add(1)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return ThroughputRow{}, firstErr
	}
	requests := 0
	for _, r := range in.Fake.Stats().Requests {
		if r.Path != "/token" {
			requests++
		}
	}
	in.Fake.ResetStats() // the log grows with every request
	n := calls.Load()
	return ThroughputRow{Tool: tool, Clients: clients, CallsPerSec: float64(n) / elapsed.Seconds(), Requests: float64(requests) / float64(max(n, 1))}, nil
}
