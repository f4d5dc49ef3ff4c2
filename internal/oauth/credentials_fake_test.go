package oauth

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/testlog"
)

// The same contracts as the unit tests, against the project's fake Google.

func TestCredentialsAgainstFakeRevoked(t *testing.T) {
	g := newGoogle(t, gmailfake.Options{}, nil)
	rt := g.Account(testAccount).NewRefreshToken()
	c, logs, clock := newTestCredentialsFor(t, g, CredentialsOptions{RefreshToken: rt, RetryRevokedAfter: time.Minute})
	for range 10 {
		if _, err := c.TokenSource().Token(); err != nil {
			t.Fatal(err)
		}
	}
	if n := g.tokenCalls(); n != 1 {
		t.Fatalf("%d token calls for 10 Token(), want 1", n)
	}
	resp, err := c.HTTPClient(nil).Get(g.URL + "/gmail/v1/users/me/profile")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("profile: %v %v", resp, err)
	}
	resp.Body.Close()

	g.RevokeRefreshToken(rt)
	c.Invalidate()
	for range 10 {
		_, err := c.HTTPClient(nil).Get(g.URL + "/gmail/v1/users/me/profile")
		if mail.KindOf(err) != mail.KindAuth || !strings.Contains(err.Error(), "expire after 7 days") {
			t.Fatalf("after revoke: %v", err)
		}
	}
	if n := g.tokenCalls(); n != 2 {
		t.Fatalf("%d token calls, want 2 (one refused refresh per window)", n)
	}
	clock.Add(time.Minute)
	for range 10 {
		_, _ = c.TokenSource().Token()
	}
	if n := g.tokenCalls(); n != 3 {
		t.Fatalf("%d token calls after the window, want 3", n)
	}
	if n := strings.Count(logs.String(), `"level":"WARN"`); n != 1 {
		t.Fatalf("%d warnings, want 1:\n%s", n, logs)
	}
	assertNoSecrets(t, logs.String(), rt, testClientSecret)
}

func TestCredentialsAgainstFakeRotation(t *testing.T) {
	g := newGoogle(t, gmailfake.Options{RotateRefreshTokens: true}, nil)
	rt := g.Account(testAccount).NewRefreshToken()
	store := &FileStore{Path: filepath.Join(t.TempDir(), "token.json"), Key: testKey(4)}
	if err := store.Save(Stored{RefreshToken: rt, Account: testAccount}); err != nil {
		t.Fatal(err)
	}
	c, _, _ := newTestCredentialsFor(t, g, CredentialsOptions{Store: store})
	seen := map[string]bool{rt: true}
	for range 3 {
		if _, err := c.TokenSource().Token(); err != nil {
			t.Fatal(err)
		}
		c.Invalidate()
		saved, err := store.Load()
		if err != nil || seen[saved.RefreshToken] {
			t.Fatalf("rotated token not persisted: %v", err)
		}
		seen[saved.RefreshToken] = true
	}
	// A restart from the file alone works, long after the original token died.
	c2, _, _ := newTestCredentialsFor(t, g, CredentialsOptions{Store: store})
	if _, err := c2.TokenSource().Token(); err != nil {
		t.Fatalf("restart from rotated token file: %v", err)
	}
}

func newTestCredentialsFor(t *testing.T, g *google, o CredentialsOptions) (*Credentials, *testlog.Buffer, *fakeClock) {
	t.Helper()
	o.Config = Config(testClientID, testClientSecret, g.authURL(), g.tokenURL(), "", false)
	return newTestCredentials(t, g.tokenURL(), o)
}
