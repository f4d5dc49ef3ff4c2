package policy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Retry reasons, used as the metric label and in logs.
const (
	reasonRateLimited  = "rate_limited"
	reasonServerError  = "server_error"
	reasonNetwork      = "network"
	reasonTimeout      = "timeout"
	reasonUnauthorized = "unauthorized"
)

// retryReason says why an attempt's outcome deserves another attempt, or ""
// when it is final. It does not weigh idempotency or the attempt budget.
func retryReason(ctx context.Context, out outcome) string {
	if out.err != nil {
		switch {
		case ctx.Err() != nil: // the caller gave up: never retry past that
			return ""
		case out.timedOut:
			return reasonTimeout
		case transient(out.err):
			return reasonNetwork
		}
		return ""
	}
	switch code := out.resp.StatusCode; code {
	case http.StatusUnauthorized:
		return reasonUnauthorized
	case http.StatusTooManyRequests:
		return reasonRateLimited
	case http.StatusForbidden:
		if isRateLimitBody(out.body) {
			return reasonRateLimited
		}
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return reasonServerError
	}
	return ""
}

// transient reports network failures worth another attempt: resets, a
// connection closed mid-answer, refused or timed-out dials.
func transient(err error) bool {
	for _, e := range []error{io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET, syscall.ECONNABORTED, syscall.ECONNREFUSED, syscall.EPIPE} {
		if errors.Is(err, e) {
			return true
		}
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// googleError is the part of Google's JSON error body that names the reason.
type googleError struct {
	Error struct {
		Errors []struct {
			Reason string `json:"reason"`
		} `json:"errors"`
	} `json:"error"`
}

// isRateLimitBody reports whether a 403 body is Google's rate-limit error
// rather than a permission problem (which retrying cannot fix).
func isRateLimitBody(body []byte) bool {
	var ge googleError
	if json.Unmarshal(body, &ge) != nil {
		return false
	}
	for _, e := range ge.Error.Errors {
		if e.Reason == "rateLimitExceeded" || e.Reason == "userRateLimitExceeded" {
			return true
		}
	}
	return false
}

// maxRetryAfter bounds a parsed Retry-After so huge values cannot overflow.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func parseRetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return min(time.Duration(min(secs, int64(maxRetryAfter/time.Second)))*time.Second, maxRetryAfter), true
	}
	t, err := http.ParseTime(h)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), maxRetryAfter), true
}
