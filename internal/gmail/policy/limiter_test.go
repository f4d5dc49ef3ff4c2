package policy

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

// 200 concurrent gets never put more than MaxInFlight at the server and never
// spend more quota than the bucket allows by each moment, and all succeed.
// Checked by counts against the server's own clock, not by wall-clock speed:
// a slow machine only makes the counts smaller.
func TestLimiterHoldsCapAndQuota(t *testing.T) {
	const (
		calls       = 200
		maxInFlight = 5
		perMinute   = 30000 // a 500-unit bucket refilled at 29500/min: ~1 s for 1000 units
	)
	var (
		inFlight, peak atomic.Int64
		mu             sync.Mutex
		arrivals       []time.Duration
	)
	start := time.Now()
	slow := func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		mu.Lock()
		arrivals = append(arrivals, time.Since(start))
		mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		inFlight.Add(-1)
		ok(`{"id":"1"}`)(w, r)
	}
	m := metrics.New()
	f := newFixture(t, Options{MaxInFlight: maxInFlight, QuotaPerMinute: perMinute, Sleep: sleep, Metrics: m}, nil, slow)

	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for range calls {
		wg.Go(func() {
			resp, body, err := f.do(t, t.Context(), "GET", getPath, "")
			if err == nil && (resp.StatusCode != 200 || body != `{"id":"1"}`) {
				err = io.ErrUnexpectedEOF
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a call failed: %v", err)
		}
	}
	if f.srv.count() != calls {
		t.Fatalf("server saw %d calls, want %d", f.srv.count(), calls)
	}
	if p := peak.Load(); p > maxInFlight {
		t.Fatalf("%d requests in flight at the server, cap is %d", p, maxInFlight)
	}
	const burst, perSecond = perMinute / 60, float64(perMinute-perMinute/60) / 60
	slices.Sort(arrivals)
	for i, at := range arrivals {
		spent := float64((i + 1) * Cost("GET", getPath))
		if allowed := burst + perSecond*at.Seconds() + 1; spent > allowed {
			t.Fatalf("%.0f units spent by %v, the bucket allows %.0f", spent, at, allowed)
		}
	}
	// Quota waits happen only when the calls outrun the refill, which a slow
	// machine may not; the bound above holds either way. Slot waits are
	// certain: 200 callers, 5 slots.
	if n := counterValue(m.LimiterWaits.WithLabelValues("inflight")); n == 0 {
		t.Error("no in-flight waits counted")
	}
	t.Logf("peak in flight %d; %d calls in %v; limiter waits: inflight %v, quota %v", peak.Load(), calls,
		arrivals[len(arrivals)-1].Round(time.Millisecond),
		counterValue(m.LimiterWaits.WithLabelValues("inflight")), counterValue(m.LimiterWaits.WithLabelValues("quota")))
}

// A small answer frees its slot when RoundTrip returns; a large, streamed one
// holds it until the caller closes the body (the Go client reads after
// RoundTrip has returned).
func TestSlotReleasedWithTheBody(t *testing.T) {
	big := strings.Repeat("x", bufferLimit+100)
	tests := []struct {
		name         string
		body         string
		heldTillDone bool
	}{
		{"buffered", `{"id":"1"}`, false},
		{"streamed", big, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{MaxInFlight: 1, Sleep: sleep}, nil, ok(tt.body))
			req, _ := http.NewRequestWithContext(t.Context(), "GET", f.url+getPath, nil)
			first, err := f.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			second := make(chan error, 1)
			go func() {
				_, body, err := f.do(t, t.Context(), "GET", getPath, "")
				if err == nil && body != tt.body {
					err = io.ErrShortBuffer
				}
				second <- err
			}()
			select {
			case err := <-second:
				if tt.heldTillDone {
					t.Fatalf("second call finished (%v) while the first body was open", err)
				}
			case <-time.After(200 * time.Millisecond):
				if !tt.heldTillDone {
					t.Fatal("second call still waiting though the first answer was fully read")
				}
			}
			got, err := io.ReadAll(first.Body)
			first.Body.Close()
			if err != nil || string(got) != tt.body {
				t.Fatalf("first body: %d bytes, %v", len(got), err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			if tt.heldTillDone {
				select {
				case err := <-second:
					if err != nil {
						t.Fatal(err)
					}
				case <-ctx.Done():
					t.Fatal("second call never got the slot after the body was closed")
				}
			}
		})
	}
}

func counterValue(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		panic(err)
	}
	return m.GetCounter().GetValue()
}

// A call past the bucket waits for its units, and the wait is counted. With
// a 100-unit bucket refilled at 100 units a minute, the second send must wait
// about a minute; Sleep records the wait instead of taking it.
func TestQuotaWaitIsTakenAndCounted(t *testing.T) {
	var (
		mu    sync.Mutex
		waits []time.Duration
	)
	record := func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	m := metrics.New()
	f := newFixture(t, Options{QuotaPerMinute: 200, Sleep: record, Metrics: m}, nil, ok("{}"))
	for range 2 {
		if _, _, err := f.do(t, t.Context(), "POST", sendPath, "{}"); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(waits) != 1 || waits[0] < 50*time.Second {
		t.Fatalf("waits = %v, want one of about a minute before the second send", waits)
	}
	if n := counterValue(m.LimiterWaits.WithLabelValues("quota")); n != 1 {
		t.Fatalf("quota waits counted = %v, want 1", n)
	}
	if f.srv.count() != 2 {
		t.Fatalf("server saw %d calls, want 2", f.srv.count())
	}
}
