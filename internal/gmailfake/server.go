// Package gmailfake is an in-process fake of the Gmail REST API v1 and of
// Google's OAuth 2.0 endpoints, faithful to the real paths, JSON shapes and
// error bodies, so that tests and the demo mode drive the real
// google.golang.org/api/gmail/v1 client and golang.org/x/oauth2 against it.
//
// A Server holds accounts (mailboxes), issues and checks tokens, records
// request statistics and injects faults. It is an http.Handler: serve it with
// httptest.NewServer or any http.Server, and point the clients at its URL.
package gmailfake

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Demo OAuth client accepted by default.
const (
	DemoClientID     = "demo-client-id.apps.googleusercontent.com"
	DemoClientSecret = "demo-client-secret"
)

// Options configure a Server. The zero value is usable.
type Options struct {
	ClientID, ClientSecret string // the accepted OAuth client; defaults DemoClientID / DemoClientSecret
	// RedirectURIs are the exact redirect URIs accepted at the authorization
	// endpoint (web clients). Loopback URIs (http://127.0.0.1:PORT/…,
	// http://localhost:PORT/…, http://[::1]:PORT/…) are always accepted, as
	// Google does for desktop clients.
	RedirectURIs []string
	Latency      time.Duration // sleep before answering every request (cut short by request cancellation)
	TokenTTL     time.Duration // access-token lifetime, default 1h
	// RotateRefreshTokens makes the token endpoint return a new refresh token
	// on every refresh; the old one stays valid for one more use.
	RotateRefreshTokens bool
	Now                 func() time.Time // default time.Now
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	opts Options
	mux  *http.ServeMux

	mu        sync.Mutex
	accounts  map[string]*Account // by lower-case email
	consent   *Account
	access    map[string]*accessToken
	refresh   map[string]*refreshToken
	codes     map[string]*authCode
	flows     map[string]*authFlow
	uploads   map[string]*uploadSession
	offline   map[string]bool // account email + client id that already granted offline access
	faults    []*faultState
	requests  []*RequestRecord
	inFlight  int
	maxFlight int
}

// RequestRecord is one API or token request the server answered.
type RequestRecord struct {
	Method  string
	Path    string
	Query   url.Values
	Status  int    // 0 when the connection was reset without an answer or the client went away
	Account string // the account the access token belongs to, "" when unauthenticated
}

// Stats are the request statistics since New or the last ResetStats.
// Only API and token requests count (not the consent pages). Requests are in
// arrival order; one still in flight has Status 0.
type Stats struct {
	Requests    []RequestRecord
	MaxInFlight int
}

// New returns a server with no accounts.
func New(o Options) *Server {
	if o.ClientID == "" {
		o.ClientID = DemoClientID
	}
	if o.ClientSecret == "" {
		o.ClientSecret = DemoClientSecret
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Server{
		opts:     o,
		accounts: map[string]*Account{},
		access:   map[string]*accessToken{},
		refresh:  map[string]*refreshToken{},
		codes:    map[string]*authCode{},
		flows:    map[string]*authFlow{},
		uploads:  map[string]*uploadSession{},
		offline:  map[string]bool{},
	}
	s.mux = s.routes()
	return s
}

func (s *Server) now() time.Time { return s.opts.Now() }

// AddAccount creates an empty mailbox for email. The first account added is
// the one the consent page authorizes, unless SetConsentAccount says otherwise.
func (s *Server) AddAccount(email string) *Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(email)
	if a, ok := s.accounts[key]; ok {
		return a
	}
	a := newAccount(s, email)
	s.accounts[key] = a
	if s.consent == nil {
		s.consent = a
	}
	return a
}

// SetConsentAccount makes a the account the consent page signs in as.
func (s *Server) SetConsentAccount(a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.consent = a
}

// Account returns the account for email, or nil.
func (s *Server) Account(email string) *Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accounts[strings.ToLower(email)]
}

// Stats returns a copy of the request statistics.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Requests: make([]RequestRecord, len(s.requests)), MaxInFlight: s.maxFlight}
	for i, r := range s.requests {
		st.Requests[i] = *r
	}
	return st
}

// ResetStats clears the request log and the in-flight high-water mark.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
	s.maxFlight = s.inFlight
}

// isCounted tells API and token requests, which Stats count, from the rest.
func isCounted(path string) bool {
	return path == "/token" || strings.HasPrefix(path, "/gmail/") || strings.HasPrefix(path, "/upload/gmail/") || path == "/batch/gmail/v1"
}

// ServeHTTP applies latency, faults and statistics around the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !isCounted(r.URL.Path) {
		if sleep(r.Context(), s.opts.Latency) != nil {
			return
		}
		s.mux.ServeHTTP(w, r)
		return
	}
	rec := &recordingWriter{ResponseWriter: w}
	info := &requestInfo{}
	slot := s.enter(r)
	defer s.leave(slot, rec, info)
	if sleep(r.Context(), s.opts.Latency) != nil {
		return
	}
	s.authenticate(r, info)
	r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
	if f := s.matchFault(r); f != nil {
		s.serveFault(rec, r, f)
		return
	}
	s.mux.ServeHTTP(rec, r)
}

// enter counts a request in flight and logs it in arrival order; it returns
// the log entry that leave completes.
func (s *Server) enter(r *http.Request) *RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight++
	s.maxFlight = max(s.maxFlight, s.inFlight)
	s.requests = append(s.requests, &RequestRecord{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query()})
	return s.requests[len(s.requests)-1]
}

func (s *Server) leave(rec *RequestRecord, w *recordingWriter, info *requestInfo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
	rec.Status, rec.Account = w.status, info.email
}

// sleep waits d or until ctx is done.
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

// recordingWriter remembers the status written through it.
type recordingWriter struct {
	http.ResponseWriter
	status int
}

func (w *recordingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
