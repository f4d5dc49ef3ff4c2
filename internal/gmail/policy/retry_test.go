package policy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRetryAfterHonoured(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		retryAfter string
		want       time.Duration
	}{
		{"seconds", "2", 2 * time.Second},
		{"http date", now.Add(3 * time.Second).Format(http.TimeFormat), 3 * time.Second},
		{"date in the past", now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{Now: func() time.Time { return now }}, nil,
				status(http.StatusTooManyRequests, "busy", "Retry-After", tt.retryAfter),
				status(http.StatusTooManyRequests, "busy", "Retry-After", tt.retryAfter),
				ok(`{"id":"1"}`))
			resp, body, err := f.do(t, t.Context(), "GET", getPath, "")
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 || body != `{"id":"1"}` || f.srv.count() != 3 {
				t.Fatalf("got %d %q after %d attempts, want 200 after 3", resp.StatusCode, body, f.srv.count())
			}
			want := []time.Duration{tt.want, tt.want}
			if tt.want == 0 {
				want = nil // nothing to wait for
			}
			if got := f.sleeps.waits(); !slices.Equal(got, want) {
				t.Fatalf("waits %v, want %v", got, want)
			}
		})
	}
}

// A Retry-After longer than MaxBackoff is the caller's to report ("try again
// in N s"), not ours to sit through.
func TestRetryAfterBeyondMaxBackoffReturnsAtOnce(t *testing.T) {
	f := newFixture(t, Options{MaxBackoff: 8 * time.Second}, nil,
		status(http.StatusTooManyRequests, "later", "Retry-After", "60"), ok("never"))
	resp, body, err := f.do(t, t.Context(), "GET", getPath, "")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 429 || body != "later" || resp.Header.Get("Retry-After") != "60" || f.srv.count() != 1 {
		t.Fatalf("got %d %q after %d attempts; want the 429 with its Retry-After after 1", resp.StatusCode, body, f.srv.count())
	}
}

func TestPersistentServerErrorIsBounded(t *testing.T) {
	t.Run("by attempts", func(t *testing.T) {
		f := newFixture(t, Options{MaxAttempts: 4}, nil, status(http.StatusInternalServerError, `{"error":{"code":500}}`))
		resp, body, err := f.do(t, t.Context(), "GET", getPath, "")
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 500 || body != `{"error":{"code":500}}` || f.srv.count() != 4 {
			t.Fatalf("got %d %q after %d attempts, want the 500 after 4", resp.StatusCode, body, f.srv.count())
		}
		// Full jitter at 0.5 of 250ms, 500ms, 1s.
		want := []time.Duration{125 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond}
		if got := f.sleeps.waits(); !slices.Equal(got, want) {
			t.Fatalf("waits %v, want %v", got, want)
		}
	})
	t.Run("by the caller's deadline", func(t *testing.T) {
		f := newFixture(t, Options{MaxAttempts: 1000, BaseBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Sleep: sleep},
			nil, status(http.StatusServiceUnavailable, "down"))
		ctx, cancel := context.WithTimeout(t.Context(), 400*time.Millisecond)
		defer cancel()
		resp, _, err := f.do(t, ctx, "GET", getPath, "")
		if err != nil {
			t.Fatalf("want the last 503, got error %v", err)
		}
		if resp.StatusCode != 503 || ctx.Err() != nil {
			t.Fatalf("got %d, ctx %v: want the 503 before the deadline", resp.StatusCode, ctx.Err())
		}
		if n := f.srv.count(); n < 2 || n >= 1000 {
			t.Fatalf("%d attempts: want some retries, bounded by the deadline", n)
		}
	})
}

func TestNetworkFailuresRetried(t *testing.T) {
	tests := []struct {
		name  string
		first step
	}{
		{"connection reset", resetConn},
		{"reset mid-body", shortBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Options{}, nil, tt.first, ok(`{"id":"1"}`))
			resp, body, err := f.do(t, t.Context(), "GET", getPath, "")
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 || body != `{"id":"1"}` || f.srv.count() != 2 {
				t.Fatalf("got %d %q after %d attempts, want 200 after 2", resp.StatusCode, body, f.srv.count())
			}
		})
	}
}

func TestAttemptTimeoutRetried(t *testing.T) {
	f := newFixture(t, Options{CallTimeout: 50 * time.Millisecond}, nil, stall, ok("fine"))
	resp, body, err := f.do(t, t.Context(), "GET", getPath, "")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || body != "fine" || f.srv.count() != 2 {
		t.Fatalf("got %d %q after %d attempts, want 200 after 2", resp.StatusCode, body, f.srv.count())
	}
}

func TestForbidden(t *testing.T) {
	tests := []struct {
		reason    string
		wantCalls int
		wantCode  int
	}{
		{"userRateLimitExceeded", 2, 200},
		{"rateLimitExceeded", 2, 200},
		{"insufficientPermissions", 1, 403},
		{"domainPolicy", 1, 403},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			first := googleErrorStep(http.StatusForbidden, tt.reason)
			f := newFixture(t, Options{}, nil, first, ok("fine"))
			resp, body, err := f.do(t, t.Context(), "GET", getPath, "")
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantCode || f.srv.count() != tt.wantCalls {
				t.Fatalf("got %d after %d attempts, want %d after %d", resp.StatusCode, f.srv.count(), tt.wantCode, tt.wantCalls)
			}
			if tt.wantCode == 403 && !strings.Contains(body, `"reason":"`+tt.reason+`"`) {
				t.Fatalf("caller got body %q: want Google's error body intact", body)
			}
			if tt.wantCode == 200 && len(f.sleeps.waits()) != 1 {
				t.Fatalf("waits %v: want one backoff before the retry", f.sleeps.waits())
			}
		})
	}
}

// Mail is precious: a write that may have taken effect is never repeated.
func TestNonIdempotentWritesNeverRepeated(t *testing.T) {
	writes := []struct{ method, path string }{
		{"POST", sendPath},
		{"POST", "/upload/gmail/v1/users/me/messages/send"},
		{"POST", "/gmail/v1/users/me/drafts/send"},
		{"POST", "/upload/gmail/v1/users/me/drafts/send"},
		{"POST", "/gmail/v1/users/me/drafts"},
		{"POST", "/upload/gmail/v1/users/me/messages/import"},
		{"POST", "/gmail/v1/users/me/messages"},
		{"POST", "/batch/gmail/v1"},
	}
	failures := []struct {
		name  string
		first step
		opts  Options
	}{
		{"503", status(http.StatusServiceUnavailable, "unavailable"), Options{}},
		{"500", status(http.StatusInternalServerError, "oops"), Options{}},
		{"429", status(http.StatusTooManyRequests, "busy"), Options{}},
		{"reset", resetConn, Options{}},
		{"attempt timeout", stall, Options{CallTimeout: 300 * time.Millisecond}},
	}
	for _, w := range writes {
		for _, fl := range failures {
			t.Run(w.path+"/"+fl.name, func(t *testing.T) {
				t.Parallel() // the attempt timeouts would otherwise add up
				f := newFixture(t, fl.opts, nil, fl.first, ok("sent again!"))
				resp, _, err := f.do(t, t.Context(), w.method, w.path, `{"raw":"RnJvbTogYQ"}`)
				if f.srv.count() != 1 {
					t.Fatalf("%d attempts: a write must be sent once", f.srv.count())
				}
				if err == nil && resp.StatusCode == 200 {
					t.Fatal("caller saw the retry's success")
				}
			})
		}
	}
}

func TestIdempotentPostRetriedWithSameBody(t *testing.T) {
	f := newFixture(t, Options{}, nil, status(http.StatusServiceUnavailable, ""), ok("{}"))
	const body = `{"removeLabelIds":["UNREAD"]}`
	resp, _, err := f.do(t, t.Context(), "POST", modifyPath, body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("got %v %v, want 200", resp, err)
	}
	if !slices.Equal(f.srv.bodies, []string{body, body}) {
		t.Fatalf("server saw bodies %q, want the same body twice", f.srv.bodies)
	}
}

func TestUnreplayableBodyNotRetried(t *testing.T) {
	f := newFixture(t, Options{}, nil, status(http.StatusServiceUnavailable, "down"), ok("{}"))
	// A reader http.NewRequest cannot rewind: no GetBody.
	req, _ := http.NewRequestWithContext(t.Context(), "POST", f.url+modifyPath, io.MultiReader(strings.NewReader("{}")))
	resp, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || f.srv.count() != 1 {
		t.Fatalf("got %d after %d attempts, want the 503 after 1", resp.StatusCode, f.srv.count())
	}
}

func TestCallerCancellationIsNotRetried(t *testing.T) {
	f := newFixture(t, Options{}, nil, stall)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, _, err := f.do(t, ctx, "GET", getPath, "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the caller's deadline", err)
	}
	if f.srv.count() != 1 {
		t.Fatalf("%d attempts after the caller gave up, want 1", f.srv.count())
	}
}

func TestBackoffIsTruncatedFullJitter(t *testing.T) {
	for _, r := range []float64{0, 0.5, 0.999} {
		tr := New(Options{BaseBackoff: 100 * time.Millisecond, MaxBackoff: time.Second, Rand: func() float64 { return r }}).(*transport)
		for retry := 1; retry <= 40; retry++ {
			ceiling := min(100*time.Millisecond<<min(retry-1, 20), time.Second)
			want := time.Duration(r * float64(ceiling))
			if got := tr.backoff(retry); got != want {
				t.Fatalf("rand %v retry %d: backoff %v, want %v", r, retry, got, want)
			}
		}
	}
}
