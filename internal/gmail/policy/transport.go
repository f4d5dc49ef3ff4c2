package policy

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

// New returns the policy transport (see the package doc for where it sits).
func New(o Options) http.RoundTripper {
	o = o.withDefaults()
	return &transport{o: o, limits: newLimiter(o)}
}

type transport struct {
	o      Options
	limits *limiter
}

// outcome is one attempt's result. body holds the whole response body when
// it was buffered; timedOut marks the attempt's own timeout (not the caller's).
type outcome struct {
	resp     *http.Response
	body     []byte
	err      error
	timedOut bool
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	name := metrics.GmailMethod(req.Method, req.URL.Path)
	cost := requestCost(ctx, name)
	repeatable := idempotent(req.Method, name)
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	reauthorized := false

	for attempt, retries := 1, 0; ; attempt++ {
		areq, err := nextRequest(req, attempt)
		if err != nil {
			return nil, fmt.Errorf("gmail %s: %w", name, err)
		}
		out := t.attempt(ctx, areq, name, cost)
		reason := retryReason(ctx, out)
		switch {
		case reason == "":
		case reason == reasonUnauthorized:
			// A 401 means Gmail did nothing, so even a send may be retried,
			// but only once: a second 401 is a real authorization failure.
			if reauthorized {
				reason = ""
			}
			reauthorized = true
		case !repeatable:
			reason = "" // the write may have happened: report, never repeat
		}
		if reason == "" || !replayable || attempt >= t.o.MaxAttempts {
			return out.final(name, attempt)
		}

		var wait time.Duration
		if reason == reasonUnauthorized {
			if t.o.OnUnauthorized != nil {
				t.o.OnUnauthorized()
			}
		} else {
			retries++
			wait = t.backoff(retries)
			if out.resp != nil {
				if ra, ok := parseRetryAfter(out.resp.Header.Get("Retry-After"), t.o.Now()); ok {
					if ra > t.o.MaxBackoff {
						return out.final(name, attempt) // longer than we wait: let the caller say when
					}
					wait = ra
				}
			}
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
				return out.final(name, attempt) // the retry could not finish in time
			}
		}
		t.noteRetry(ctx, name, reason, attempt, wait)
		if out.resp != nil {
			out.resp.Body.Close()
		}
		if wait > 0 {
			if err := t.o.Sleep(ctx, wait); err != nil {
				return nil, fmt.Errorf("gmail %s: waiting %s to retry: %w", name, wait.Round(time.Millisecond), err)
			}
		}
	}
}

// final hands the attempt's result to the caller: the response as Gmail sent
// it, or the error with the method and attempt count for context.
func (out outcome) final(name string, attempt int) (*http.Response, error) {
	if out.err != nil {
		return nil, fmt.Errorf("gmail %s (attempt %d): %w", name, attempt, out.err)
	}
	return out.resp, nil
}

// nextRequest is the request for an attempt: the caller's own the first time,
// then a copy with a fresh body from GetBody.
func nextRequest(req *http.Request, attempt int) (*http.Request, error) {
	if attempt == 1 || req.Body == nil || req.Body == http.NoBody {
		return req, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, fmt.Errorf("rewinding the request body for a retry: %w", err)
	}
	r := req.WithContext(req.Context())
	r.Body = body
	return r, nil
}

// attempt sends req once, within a slot, its quota units and CallTimeout.
func (t *transport) attempt(ctx context.Context, req *http.Request, name string, cost int) outcome {
	release, err := t.limits.acquire(ctx, cost)
	if err != nil {
		if req.Body != nil {
			req.Body.Close() // a RoundTripper closes the body even when it never sends
		}
		return outcome{err: err}
	}
	actx, cancel := context.WithTimeout(ctx, t.o.CallTimeout)
	done := func() { cancel(); release() }
	ownTimeout := func() bool { return actx.Err() == context.DeadlineExceeded && ctx.Err() == nil }

	start := time.Now()
	resp, err := t.o.Base.RoundTrip(req.WithContext(actx))
	if err == nil {
		var body []byte
		if body, err = settleBody(resp, done); err == nil {
			t.record(name, strconv.Itoa(resp.StatusCode), cost, start)
			return outcome{resp: resp, body: body}
		}
		err = fmt.Errorf("reading the response: %w", err)
	} else {
		done()
	}
	t.record(name, "error", cost, start)
	return outcome{err: err, timedOut: ownTimeout()}
}

func (t *transport) backoff(retry int) time.Duration {
	ceiling := t.o.MaxBackoff
	if shift := retry - 1; shift < 32 && t.o.BaseBackoff<<shift < ceiling {
		ceiling = t.o.BaseBackoff << shift
	}
	return time.Duration(t.o.Rand() * float64(ceiling))
}

func (t *transport) record(name, status string, cost int, start time.Time) {
	if m := t.o.Metrics; m != nil {
		m.GmailCalls.WithLabelValues(name, status).Inc()
		m.GmailLatency.WithLabelValues(name).Observe(time.Since(start).Seconds())
		m.GmailQuotaUnits.WithLabelValues(name).Add(float64(cost))
	}
}

func (t *transport) noteRetry(ctx context.Context, name, reason string, attempt int, wait time.Duration) {
	if m := t.o.Metrics; m != nil {
		m.GmailRetries.WithLabelValues(name, reason).Inc()
	}
	t.o.Logger.LogAttrs(ctx, slog.LevelDebug, "retrying Gmail call",
		slog.String("method", name), slog.String("reason", reason),
		slog.Int("attempt", attempt), slog.Duration("wait", wait))
}

// CloseIdleConnections passes through to Base so http.Client's method works.
func (t *transport) CloseIdleConnections() {
	if c, ok := t.o.Base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
