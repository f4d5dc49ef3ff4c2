package policy

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

// QuotaError says the account's quota budget would make a call wait past the
// caller's deadline; Wait is how long until it could go ahead.
type QuotaError struct{ Wait time.Duration }

func (e *QuotaError) Error() string {
	return fmt.Sprintf("Gmail quota for this account is used up for now: try again in %s", e.Wait.Round(time.Second))
}

// limiter holds the two per-instance limits every attempt passes: a slot
// among MaxInFlight, then its quota units.
type limiter struct {
	slots   chan struct{}
	quota   *rate.Limiter
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error
	metrics *metrics.Metrics
}

// newLimiter sizes the bucket so no 60 s window spends more than
// QuotaPerMinute (for quotas of at least 2×maxCost): it holds a second's worth
// (at least one send) and refills the rest of the minute's budget.
func newLimiter(o Options) *limiter {
	perMinute := o.QuotaPerMinute
	burst := max(perMinute/60, maxCost)
	refill := max(perMinute-burst, perMinute/2)
	return &limiter{
		slots:   make(chan struct{}, o.MaxInFlight),
		quota:   rate.NewLimiter(rate.Limit(float64(refill)/60), burst),
		now:     o.Now,
		sleep:   o.Sleep,
		metrics: o.Metrics,
	}
}

// acquire waits for a slot and the quota units, or for ctx. The returned
// release frees the slot; call it exactly once.
func (l *limiter) acquire(ctx context.Context, units int) (release func(), err error) {
	if err := l.takeSlot(ctx); err != nil {
		return nil, fmt.Errorf("waiting for a free Gmail connection slot: %w", err)
	}
	release = func() {
		if l.metrics != nil {
			l.metrics.GmailInFlight.Dec()
		}
		<-l.slots
	}
	if err := l.takeQuota(ctx, units); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

func (l *limiter) takeSlot(ctx context.Context) error {
	select {
	case l.slots <- struct{}{}:
	default:
		start := time.Now()
		l.countWait("inflight")
		select {
		case l.slots <- struct{}{}:
			l.observeWait(start)
		case <-ctx.Done():
			l.observeWait(start)
			return ctx.Err()
		}
	}
	if l.metrics != nil {
		l.metrics.GmailInFlight.Inc()
	}
	return nil
}

func (l *limiter) takeQuota(ctx context.Context, units int) error {
	now := l.now()
	// A declared cost (a big batch) may exceed the bucket: it then waits for
	// a full bucket, as the bucket can never hold more.
	r := l.quota.ReserveN(now, min(units, l.quota.Burst()))
	wait := r.DelayFrom(now)
	if wait <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		r.CancelAt(now)
		return &QuotaError{Wait: wait}
	}
	start := time.Now()
	l.countWait("quota")
	err := l.sleep(ctx, wait)
	l.observeWait(start)
	if err != nil {
		r.CancelAt(l.now()) // give the units back to those still waiting
		return fmt.Errorf("waiting %s for Gmail quota: %w", wait.Round(time.Millisecond), err)
	}
	return nil
}

func (l *limiter) countWait(kind string) {
	if l.metrics != nil {
		l.metrics.LimiterWaits.WithLabelValues(kind).Inc()
	}
}

func (l *limiter) observeWait(start time.Time) {
	if l.metrics != nil {
		l.metrics.LimiterWaitSeconds.Observe(time.Since(start).Seconds())
	}
}
