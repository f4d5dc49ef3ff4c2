package policy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Whatever a call waits for — a slot, quota, a backoff — the caller's
// cancellation ends the wait promptly with the context's error.
func TestCancelWhileWaiting(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		steps []step
		// hog, when set, occupies the limiter first with a call to this path.
		hog string
	}{
		{"for an in-flight slot", Options{MaxInFlight: 1}, []step{stall}, getPath},
		// 200/min: a bucket of 100 units refilled at 100/min, so after one
		// send the next call waits seconds.
		{"for quota", Options{QuotaPerMinute: 200}, []step{ok("{}")}, sendPath},
		{"for a backoff", Options{BaseBackoff: time.Minute, MaxBackoff: time.Minute}, []step{status(http.StatusServiceUnavailable, "")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Sleep = sleep // real waits, cancellable
			f := newFixture(t, tt.opts, nil, tt.steps...)
			hogCtx, stopHog := context.WithCancel(t.Context())
			hogDone := make(chan struct{})
			if tt.hog != "" {
				go func() {
					defer close(hogDone)
					req, _ := http.NewRequestWithContext(hogCtx, "POST", f.url+tt.hog, strings.NewReader("{}"))
					if resp, err := f.client.Do(req); err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				}()
				for f.srv.count() == 0 {
					time.Sleep(time.Millisecond)
				}
			} else {
				close(hogDone)
			}
			defer func() { stopHog(); <-hogDone }()

			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(50*time.Millisecond, cancel)
			start := time.Now()
			_, _, err := f.do(t, ctx, "GET", getPath, "")
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("returned %v after cancel, want promptly", d)
			}
		})
	}
}

// A quota wait that would outlast the caller's deadline fails at once with
// how long to wait, instead of sleeping into the deadline.
func TestQuotaWaitPastDeadline(t *testing.T) {
	// A 100-unit bucket refilled at 100 units a minute: after one send the
	// next waits about 60 s, past the deadline below. The recorded sleep
	// shows whether the limiter waited at all (a count, not a duration, so a
	// slow machine cannot make the check fail).
	const deadline = 30 * time.Second
	f := newFixture(t, Options{QuotaPerMinute: 200}, nil, ok("{}"))
	if _, _, err := f.do(t, t.Context(), "POST", sendPath, "{}"); err != nil { // empties the bucket
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), deadline)
	defer cancel()
	_, _, err := f.do(t, ctx, "POST", sendPath, "{}")
	var qe *QuotaError
	if !errors.As(err, &qe) || qe.Wait <= deadline {
		t.Fatalf("err = %v, want a QuotaError with the wait", err)
	}
	if w := f.sleeps.waits(); len(w) != 0 || ctx.Err() != nil {
		t.Fatalf("waited %v (ctx %v) before failing, want no wait at all", w, ctx.Err())
	}
	if f.srv.count() != 1 {
		t.Fatalf("server saw %d calls, want 1", f.srv.count())
	}
}
