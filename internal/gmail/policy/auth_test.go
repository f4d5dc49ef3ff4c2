package policy

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// refreshingSource hands out tok-1, tok-2, … : a new token only on the first
// call and after Invalidate, like the credentials the lead wires in.
type refreshingSource struct {
	mu        sync.Mutex
	refreshes int
	current   *oauth2.Token
}

func (s *refreshingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current == nil {
		s.refreshes++
		s.current = &oauth2.Token{AccessToken: fmt.Sprintf("tok-%d", s.refreshes), TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}
	}
	return s.current, nil
}

func (s *refreshingSource) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.current = nil
}

// onlyToken answers 200 to requests carrying the given token, 401 otherwise.
func onlyToken(tok string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+tok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/"`)
			googleErrorStep(http.StatusUnauthorized, "authError")(w, r)
			return
		}
		ok("{}")(w, r)
	}
}

func TestUnauthorizedRefreshesOnceAndRetriesWithNewToken(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		path       string
		validToken string
		wantCode   int
		wantAuths  []string
	}{
		{"stale token", "GET", getPath, "tok-2", 200, []string{"Bearer tok-1", "Bearer tok-2"}},
		// A 401 proves Gmail did nothing, so even a send gets its one retry.
		{"stale token on send", "POST", sendPath, "tok-2", 200, []string{"Bearer tok-1", "Bearer tok-2"}},
		{"revoked: still 401 after refresh", "GET", getPath, "never", 401, []string{"Bearer tok-1", "Bearer tok-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &refreshingSource{}
			invalidated := 0
			o := Options{OnUnauthorized: func() { invalidated++; src.Invalidate() }}
			f := newFixture(t, o, func(base http.RoundTripper) http.RoundTripper {
				return &oauth2.Transport{Source: src, Base: base}
			}, onlyToken(tt.validToken))
			body := ""
			if tt.method == "POST" {
				body = `{"raw":"eA"}`
			}
			resp, _, err := f.do(t, t.Context(), tt.method, tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantCode {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.wantCode)
			}
			if invalidated != 1 || src.refreshes != 2 {
				t.Fatalf("OnUnauthorized ran %d times, %d token fetches: want 1 and 2", invalidated, src.refreshes)
			}
			if !slices.Equal(f.srv.auths, tt.wantAuths) {
				t.Fatalf("server saw %q, want %q", f.srv.auths, tt.wantAuths)
			}
			if len(f.sleeps.waits()) != 0 {
				t.Fatalf("waited %v before the 401 retry, want no wait", f.sleeps.waits())
			}
		})
	}
}
