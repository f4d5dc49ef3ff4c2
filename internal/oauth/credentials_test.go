package oauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/testlog"
)

// tokenEndpoint is a minimal refresh_token grant server for unit tests.
type tokenEndpoint struct {
	mu      sync.Mutex
	calls   int
	valid   map[string]bool
	rotate  bool
	ttl     int
	next    int
	granted []string // refresh tokens handed out by rotation
}

func newTokenEndpoint(t *testing.T, valid ...string) (*tokenEndpoint, *httptest.Server) {
	te := &tokenEndpoint{valid: map[string]bool{}, ttl: 3600}
	for _, v := range valid {
		te.valid[v] = true
	}
	srv := httptest.NewServer(te)
	t.Cleanup(srv.Close)
	return te, srv
}

func (te *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	te.mu.Lock()
	defer te.mu.Unlock()
	te.calls++
	w.Header().Set("Content-Type", "application/json")
	rt := r.PostFormValue("refresh_token")
	if r.PostFormValue("grant_type") != "refresh_token" || r.PostFormValue("client_secret") != "client-SECRET" || !te.valid[rt] {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`)
		return
	}
	te.next++
	resp := map[string]any{"access_token": fmt.Sprintf("ya29.ACCESS-%d", te.next), "expires_in": te.ttl, "token_type": "Bearer"}
	if te.rotate {
		nt := fmt.Sprintf("1//rotated-%d", te.next)
		delete(te.valid, rt)
		te.valid[nt] = true
		te.granted = append(te.granted, nt)
		resp["refresh_token"] = nt
	}
	_ = json.NewEncoder(w).Encode(resp)
}

func (te *tokenEndpoint) count() int {
	te.mu.Lock()
	defer te.mu.Unlock()
	return te.calls
}

func (te *tokenEndpoint) revoke(rt string) {
	te.mu.Lock()
	defer te.mu.Unlock()
	delete(te.valid, rt)
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestCredentials(t *testing.T, tokenURL string, o CredentialsOptions) (*Credentials, *testlog.Buffer, *fakeClock) {
	t.Helper()
	logs := &testlog.Buffer{}
	clock := &fakeClock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	if o.Config == nil {
		o.Config = Config("client-id", "client-SECRET", "http://unused/auth", tokenURL, "", false)
	}
	o.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	o.Now = clock.Now
	o.SetupURL = "http://127.0.0.1:8000/setup"
	c, err := NewCredentials(o)
	if err != nil {
		t.Fatal(err)
	}
	return c, logs, clock
}

func TestCredentialsReuseAndInvalidate(t *testing.T) {
	te, srv := newTokenEndpoint(t, secretRefresh)
	c, _, _ := newTestCredentials(t, srv.URL, CredentialsOptions{RefreshToken: secretRefresh})
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if _, err := c.TokenSource().Token(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := te.count(); n != 1 {
		t.Fatalf("50 concurrent Token() calls made %d refreshes, want 1", n)
	}
	first, _ := c.TokenSource().Token()
	c.Invalidate()
	for range 10 {
		if _, err := c.TokenSource().Token(); err != nil {
			t.Fatal(err)
		}
	}
	second, _ := c.TokenSource().Token()
	if n := te.count(); n != 2 {
		t.Fatalf("after Invalidate: %d refreshes, want 2", n)
	}
	if first.AccessToken == second.AccessToken {
		t.Fatal("Invalidate kept the old access token")
	}
	if first.RefreshToken != "" {
		t.Fatal("the cached token carries the refresh token")
	}
	if st := c.Status(); !st.Connected || !st.Healthy {
		t.Fatalf("status %+v", st)
	}
}

func TestCredentialsHTTPClientAuthorizes(t *testing.T) {
	_, tokSrv := newTokenEndpoint(t, secretRefresh)
	var gotAuth string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { gotAuth = r.Header.Get("Authorization") }))
	defer api.Close()
	c, _, _ := newTestCredentials(t, tokSrv.URL, CredentialsOptions{RefreshToken: secretRefresh})
	resp, err := c.HTTPClient(nil).Get(api.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if gotAuth != "Bearer ya29.ACCESS-1" {
		t.Fatalf("Authorization = %q", gotAuth)
	}
}

func TestCredentialsNotConnected(t *testing.T) {
	te, srv := newTokenEndpoint(t)
	store := &FileStore{Path: filepath.Join(t.TempDir(), "token.json")}
	c, _, _ := newTestCredentials(t, srv.URL, CredentialsOptions{Store: store})
	_, err := c.TokenSource().Token()
	var me *mail.Error
	if !errors.As(err, &me) || me.Kind != mail.KindNotConnected {
		t.Fatalf("err = %#v, want KindNotConnected", err)
	}
	want := "Gmail is not connected yet: open http://127.0.0.1:8000/setup to connect an account, or run `gmail-mcp auth`"
	if me.Message != want {
		t.Fatalf("message %q", me.Message)
	}
	// Through the HTTP client the kind survives the url.Error wrapping.
	_, err = c.HTTPClient(nil).Get(srv.URL)
	if mail.KindOf(err) != mail.KindNotConnected {
		t.Fatalf("via HTTPClient: %v", err)
	}
	if st := c.Status(); st.Connected || st.Healthy || st.Reason != want {
		t.Fatalf("status %+v", st)
	}
	if te.count() != 0 {
		t.Fatal("not-connected state called the token endpoint")
	}
}

func TestCredentialsRevokedBackoff(t *testing.T) {
	te, srv := newTokenEndpoint(t, secretRefresh)
	c, logs, clock := newTestCredentials(t, srv.URL, CredentialsOptions{RefreshToken: secretRefresh, RetryRevokedAfter: 5 * time.Minute})
	if _, err := c.TokenSource().Token(); err != nil {
		t.Fatal(err)
	}
	te.revoke(secretRefresh)
	c.Invalidate() // as after a Gmail 401

	check := func(wantCalls int) {
		t.Helper()
		for range 20 {
			_, err := c.TokenSource().Token()
			var me *mail.Error
			if !errors.As(err, &me) || me.Kind != mail.KindAuth || me.Message != RevokedMessage || me.Err == nil {
				t.Fatalf("err = %#v", err)
			}
		}
		if n := te.count(); n != wantCalls {
			t.Fatalf("token endpoint calls = %d, want %d", n, wantCalls)
		}
	}
	check(2) // the first success, then one refused attempt
	clock.Add(4 * time.Minute)
	check(2) // still inside the window: no call
	clock.Add(2 * time.Minute)
	check(3) // window passed: exactly one more attempt
	clock.Add(5*time.Minute + time.Second)
	check(4)

	if n := strings.Count(logs.String(), `"level":"WARN"`); n != 1 {
		t.Fatalf("%d warning lines, want 1:\n%s", n, logs)
	}
	st := c.Status()
	if st.Healthy || !st.Revoked || st.Reason != RevokedMessage {
		t.Fatalf("status %+v", st)
	}
	if st := c.Probe(); st.Healthy || te.count() != 4 {
		t.Fatalf("Probe inside the window: %+v, calls %d", st, te.count())
	}
}

func TestCredentialsConnectSwitchesLive(t *testing.T) {
	te, srv := newTokenEndpoint(t, "1//new-account-token")
	store := &FileStore{Path: filepath.Join(t.TempDir(), "token.json"), Key: testKey(3)}
	c, _, _ := newTestCredentials(t, srv.URL, CredentialsOptions{Store: store})
	if _, err := c.TokenSource().Token(); mail.KindOf(err) != mail.KindNotConnected {
		t.Fatalf("before connect: %v", err)
	}
	tok := (&oauthToken{refresh: "1//new-account-token", scope: ScopeModify + " " + ScopeSend}).token()
	if err := c.Connect(t.Context(), tok, "new@example.com"); err != nil {
		t.Fatal(err)
	}
	got, err := c.TokenSource().Token()
	if err != nil || got.AccessToken != "ya29.seeded" {
		t.Fatalf("after connect: %v %v", got, err)
	}
	if te.count() != 0 {
		t.Fatal("the seeded access token was not reused")
	}
	st := c.Status()
	if !st.Connected || !st.Healthy || st.Account != "new@example.com" {
		t.Fatalf("status %+v", st)
	}
	saved, err := store.Load()
	if err != nil || saved.RefreshToken != "1//new-account-token" || saved.Account != "new@example.com" || !saved.Encrypted {
		t.Fatalf("saved %+v, %v", saved, err)
	}
	// A restart with only the token file picks it up.
	c2, _, _ := newTestCredentials(t, srv.URL, CredentialsOptions{Store: store})
	if _, err := c2.TokenSource().Token(); err != nil || te.count() != 1 {
		t.Fatalf("restart from token file: %v (calls %d)", err, te.count())
	}
	if err := c2.Disconnect(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(store.Path); !os.IsNotExist(err) {
		t.Fatal("Disconnect left the token file")
	}
	if _, err := c2.TokenSource().Token(); mail.KindOf(err) != mail.KindNotConnected {
		t.Fatalf("after disconnect: %v", err)
	}
}

func TestCredentialsRotationPersisted(t *testing.T) {
	te, srv := newTokenEndpoint(t, secretRefresh)
	te.rotate = true
	store := &FileStore{Path: filepath.Join(t.TempDir(), "token.json")}
	if err := store.Save(Stored{RefreshToken: secretRefresh, Account: "me@example.com"}); err != nil {
		t.Fatal(err)
	}
	c, _, _ := newTestCredentials(t, srv.URL, CredentialsOptions{Store: store})
	for i := range 2 {
		if _, err := c.TokenSource().Token(); err != nil {
			t.Fatal(err)
		}
		c.Invalidate()
		saved, err := store.Load()
		if err != nil || saved.RefreshToken != te.granted[i] || saved.Account != "me@example.com" {
			t.Fatalf("after rotation %d: %+v %v", i, saved, err)
		}
	}
	// The rotated token is also used live: the original one is no longer valid.
	if _, err := c.TokenSource().Token(); err != nil {
		t.Fatal(err)
	}
}

func TestCredentialsEnvWinsAndIsNeverWritten(t *testing.T) {
	te, srv := newTokenEndpoint(t, "1//from-env")
	te.rotate = true
	store := &FileStore{Path: filepath.Join(t.TempDir(), "token.json")}
	if err := store.Save(Stored{RefreshToken: "1//from-file"}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(store.Path)
	c, logs, _ := newTestCredentials(t, srv.URL, CredentialsOptions{RefreshToken: "1//from-env", Store: store})
	if _, err := c.TokenSource().Token(); err != nil {
		t.Fatalf("env token not used: %v", err)
	}
	after, _ := os.ReadFile(store.Path)
	if !bytes.Equal(before, after) {
		t.Fatalf("token file rewritten:\n%s", after)
	}
	if !strings.Contains(logs.String(), "GMAIL_REFRESH_TOKEN is never rewritten") {
		t.Fatalf("rotation of an env token not explained:\n%s", logs)
	}
}

func TestCredentialsReencryptsPlaintextFile(t *testing.T) {
	_, srv := newTokenEndpoint(t)
	path := filepath.Join(t.TempDir(), "token.json")
	if err := (&FileStore{Path: path}).Save(Stored{RefreshToken: secretRefresh}); err != nil {
		t.Fatal(err)
	}
	store := &FileStore{Path: path, Key: testKey(9)}
	newTestCredentials(t, srv.URL, CredentialsOptions{Store: store})
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte(secretRefresh)) {
		t.Fatal("plaintext token file not re-encrypted")
	}
	if s, err := store.Load(); err != nil || s.RefreshToken != secretRefresh {
		t.Fatalf("re-encrypted file: %+v %v", s, err)
	}
}

func TestCredentialsStartErrors(t *testing.T) {
	if _, err := NewCredentials(CredentialsOptions{}); err == nil {
		t.Fatal("nil Config accepted")
	}
	path := filepath.Join(t.TempDir(), "token.json")
	if err := (&FileStore{Path: path, Key: testKey(1)}).Save(Stored{RefreshToken: secretRefresh}); err != nil {
		t.Fatal(err)
	}
	_, err := NewCredentials(CredentialsOptions{Config: Config("a", "b", "http://x", "http://x", "", false), Store: &FileStore{Path: path, Key: testKey(2)}})
	if err == nil || !strings.Contains(err.Error(), "GMAIL_TOKEN_KEY does not decrypt") {
		t.Fatalf("wrong key at start: %v", err)
	}
}
