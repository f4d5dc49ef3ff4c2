package policy

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type step func(w http.ResponseWriter, r *http.Request)

// scripted answers its requests with steps in order, repeating the last one,
// and records what each request carried.
type scripted struct {
	mu     sync.Mutex
	steps  []step
	calls  int
	bodies []string
	auths  []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	st := s.steps[min(s.calls, len(s.steps)-1)]
	s.calls++
	s.bodies = append(s.bodies, string(body))
	s.auths = append(s.auths, r.Header.Get("Authorization"))
	s.mu.Unlock()
	st(w, r)
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func status(code int, body string, header ...string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

func ok(body string) step { return status(http.StatusOK, body) }

func googleErrorStep(code int, reason string) step {
	return status(code, fmt.Sprintf(`{"error":{"code":%d,"message":"m","errors":[{"message":"m","domain":"usageLimits","reason":%q}]}}`, code, reason),
		"Content-Type", "application/json")
}

// resetConn aborts the TCP connection with a RST before any answer.
func resetConn(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.(*net.TCPConn).SetLinger(0)
	conn.Close()
}

// shortBody promises more bytes than it sends, so the client's body read fails.
func shortBody(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Length", "1000")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, `{"id":`)
}

// stall answers only when the client gives up.
func stall(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

type sleepLog struct {
	mu sync.Mutex
	d  []time.Duration
}

// sleep records the wait and returns at once, as if it had passed.
func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepLog) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// fixture starts a scripted server and a policy client in front of it.
type fixture struct {
	srv    *scripted
	url    string
	client *http.Client
	sleeps *sleepLog
}

// newFixture fills Base (over a fresh connection pool), Sleep (recorded, no
// real wait) and Rand (0.5) unless o sets them; wrap, when given, sits
// between the policy and the connections (the oauth2 transport's place).
func newFixture(t *testing.T, o Options, wrap func(http.RoundTripper) http.RoundTripper, steps ...step) *fixture {
	t.Helper()
	f := &fixture{srv: &scripted{steps: steps}, sleeps: &sleepLog{}}
	ts := httptest.NewServer(f.srv)
	t.Cleanup(ts.Close)
	base := NewBaseTransport(max(o.MaxInFlight, 1))
	t.Cleanup(base.CloseIdleConnections)
	o.Base = base
	if wrap != nil {
		o.Base = wrap(base)
	}
	if o.Sleep == nil {
		o.Sleep = f.sleeps.sleep
	}
	if o.Rand == nil {
		o.Rand = func() float64 { return 0.5 }
	}
	f.url = ts.URL
	f.client = &http.Client{Transport: New(o)}
	return f
}

func (f *fixture) do(t *testing.T, ctx context.Context, method, path, body string) (*http.Response, string, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, f.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

const (
	getPath    = "/gmail/v1/users/me/messages/18c2f0a1b2c3d4e5"
	sendPath   = "/gmail/v1/users/me/messages/send"
	modifyPath = "/gmail/v1/users/me/messages/18c2f0a1b2c3d4e5/modify"
)
