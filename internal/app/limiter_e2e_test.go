package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/gmail/policy"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// 200 concurrent read_email calls over several sessions, against a Gmail
// that takes 20 ms per answer: the fake never has more than
// GMAIL_MAX_IN_FLIGHT requests at once, the quota units reaching it never
// outrun Gmail's per-user budget (15,000 units/min, checked against the
// limiter's bucket at every moment), and every call succeeds.
func TestLimiterHoldsCapAndQuotaEndToEnd(t *testing.T) {
	t.Parallel()
	const (
		maxInFlight = 5
		sessions    = 8
		calls       = 200
		latency     = 20 * time.Millisecond
		// The policy's bucket for 15,000 units/min: a second's worth up
		// front, the rest of the minute refilled evenly.
		burst     = 15000 / 60
		perSecond = float64(15000-burst) / 60
	)
	e := newEnv(t, func(c *config.Config) { c.MaxInFlight = maxInFlight })
	ids := make([]string, calls) // distinct messages: the content cache must not answer
	for i := range ids {
		ids[i] = e.insert(t, strings.Replace(plainNote, "<fault-drill@", fmt.Sprintf("<limiter-%d@", i), 1))
	}
	css := make([]*mcp.ClientSession, sessions)
	for i := range css {
		css[i] = e.connect(t, nil)
	}
	callOK[map[string]any](t, css[0], "get_profile", nil) // the access token, fetched once
	e.fake.InjectFault(gmailfake.Fault{Method: http.MethodGet, Times: 10 * calls, Delay: latency, ApplyAfterHandling: true})
	e.fake.ResetStats()

	start := time.Now()
	stop := make(chan struct{})
	violations := make(chan string, 1)
	var watcher sync.WaitGroup
	watcher.Go(func() { watchQuota(e, start, burst, perSecond, stop, violations) })

	var wg sync.WaitGroup
	errs := make(chan string, calls)
	for i, id := range ids {
		cs := css[i%sessions]
		wg.Go(func() {
			res := call(t, cs, "read_email", map[string]any{"message_id": id})
			if res.IsError {
				errs <- text(res)
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	close(stop)
	watcher.Wait()
	close(errs)
	for msg := range errs {
		t.Errorf("a read failed: %s", msg)
	}
	select {
	case v := <-violations:
		t.Error(v)
	default:
	}

	st := e.fake.Stats()
	gets := 0
	for _, r := range st.Requests {
		if r.Method == http.MethodGet && strings.Contains(r.Path, "/messages/") {
			gets++
		}
	}
	if gets < calls {
		t.Errorf("fake saw %d message reads, want at least %d", gets, calls)
	}
	if st.MaxInFlight > maxInFlight {
		t.Errorf("fake had %d requests in flight, GMAIL_MAX_IN_FLIGHT is %d", st.MaxInFlight, maxInFlight)
	}
	if st.MaxInFlight < 2 {
		t.Errorf("fake never had 2 requests in flight: the calls did not run concurrently")
	}
	// 200 reads cost 1,000 units, 750 past the burst: ~3 s of refill. A
	// machine slower than that (e.g. under -race) never meets the quota, so
	// quota waits are reported, not required; the watcher's bound holds either way.
	t.Logf("%d reads in %v over %d sessions; peak in flight at the fake %d; limiter waits: inflight %v, quota %v",
		calls, took.Round(time.Millisecond), sessions, st.MaxInFlight,
		counterValue(e.app.Metrics.LimiterWaits.WithLabelValues("inflight")),
		counterValue(e.app.Metrics.LimiterWaits.WithLabelValues("quota")))
}

// watchQuota samples the fake's requests until stop and reports the first
// moment the units that reached it (its Stats list a request on arrival, so
// those still in flight count too) exceed what the bucket allows by then.
// The clock is read after the sample: every request in it arrived by then.
func watchQuota(e *env, start time.Time, burst int, perSecond float64, stop <-chan struct{}, violations chan<- string) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		units := 0
		for _, r := range e.fake.Stats().Requests {
			if strings.HasPrefix(r.Path, "/gmail/") {
				units += policy.Cost(r.Method, r.Path)
			}
		}
		elapsed := time.Since(start)
		if allowed := float64(burst) + perSecond*elapsed.Seconds(); float64(units) > allowed+1 {
			violations <- fmt.Sprintf("%d quota units reached Gmail within %v; the budget allows %.0f", units, elapsed, allowed)
			return
		}
	}
}
