package policy

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

// Options configures the policy transport. Zero values take the defaults
// documented on each field.
type Options struct {
	// Base sends each attempt: the oauth2.Transport in production (see the
	// package doc). Default: NewBaseTransport(MaxInFlight), with no token.
	Base http.RoundTripper
	// MaxInFlight caps concurrent Gmail requests; extra callers queue. Default 10.
	MaxInFlight int
	// QuotaPerMinute is the per-user quota in units. Default 15000 (Gmail's).
	QuotaPerMinute int
	// CallTimeout bounds one attempt, body included. Default 30s. The overall
	// deadline is the request context's.
	CallTimeout time.Duration
	// MaxAttempts bounds attempts per request, the 401 retry included. Default 4.
	MaxAttempts int
	// BaseBackoff and MaxBackoff shape the retry waits. Defaults 250ms and 8s.
	BaseBackoff, MaxBackoff time.Duration
	// OnUnauthorized runs on a 401 before the single retry; it should make the
	// token source refresh (e.g. credentials.Invalidate).
	OnUnauthorized func()
	// Metrics may be nil.
	Metrics *metrics.Metrics
	// Logger gets one debug line per retry; default slog.Default().
	Logger *slog.Logger
	// Rand returns a number in [0,1) for jitter. Default: a locked PCG source
	// owned by the transport.
	Rand func() float64
	// Sleep waits for d or until ctx is done. Default: a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for the quota bucket, Retry-After dates and deadlines.
	// Default time.Now.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = 10
	}
	if o.Base == nil {
		o.Base = NewBaseTransport(o.MaxInFlight)
	}
	if o.QuotaPerMinute <= 0 {
		o.QuotaPerMinute = 15000
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 30 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 4
	}
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = 250 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 8 * time.Second
	}
	if o.MaxBackoff < o.BaseBackoff {
		o.MaxBackoff = o.BaseBackoff
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Rand == nil {
		o.Rand = lockedRand()
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// NewBaseTransport is the connection layer tuned for one Gmail host: HTTP/2
// when the server offers it, keep-alives, and enough idle connections that
// MaxInFlight concurrent calls never redial.
func NewBaseTransport(maxInFlight int) *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          max(100, maxInFlight),
		MaxIdleConnsPerHost:   max(2, maxInFlight),
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

func lockedRand() func() float64 {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		return r.Float64()
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
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
