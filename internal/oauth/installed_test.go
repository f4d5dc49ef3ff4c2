package oauth

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// runFlow runs f in the background, reads the consent URL it prints and
// hands it to play (the test's "browser"); it returns Run's outcome and
// everything printed.
func runFlow(t *testing.T, f *InstalledFlow, play func(consentURL string)) (Result, string, error) {
	t.Helper()
	pr, pw := io.Pipe()
	f.Out = pw
	type outcome struct {
		res Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := f.Run(t.Context())
		pw.Close()
		done <- outcome{res, err}
	}()
	var printed strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		printed.WriteString(line + "\n")
		if u := strings.TrimSpace(line); strings.HasPrefix(u, "http") && play != nil {
			go play(u)
		}
	}
	o := <-done
	return o.res, printed.String(), o.err
}

func newFlow(g *google) *InstalledFlow {
	return &InstalledFlow{
		ClientID: testClientID, ClientSecret: testClientSecret,
		AuthURL: g.authURL(), TokenURL: g.tokenURL(),
		Timeout: 10 * time.Second, Verify: g.verifier(),
	}
}

func TestInstalledFlowAllow(t *testing.T) {
	g := newGoogle(t, gmailfake.Options{}, nil)
	b := newBrowser(t)
	var opened string
	f := newFlow(g)
	f.OpenBrowser = func(u string) error { opened = u; return nil }
	res, out, err := runFlow(t, f, func(u string) {
		q, _ := url.Parse(u)
		for k, want := range map[string]string{"access_type": "offline", "prompt": "consent", "code_challenge_method": "S256", "scope": ScopeModify + " " + ScopeSend} {
			if got := q.Query().Get(k); got != want {
				t.Errorf("consent URL %s = %q, want %q", k, got, want)
			}
		}
		if !strings.HasPrefix(q.Query().Get("redirect_uri"), "http://127.0.0.1:") {
			t.Errorf("redirect_uri %q is not loopback", q.Query().Get("redirect_uri"))
		}
		_, page := b.get(u)
		resp, body := b.consent(g, page, true, true)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "close this tab") {
			t.Errorf("callback page %d:\n%s", resp.StatusCode, body)
		}
	})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if res.Account != testAccount || res.RefreshToken == "" || strings.Join(res.Scopes, " ") != ScopeModify+" "+ScopeSend {
		t.Fatalf("result %+v", res)
	}
	if opened == "" || !strings.Contains(out, opened) {
		t.Fatal("the URL was not both opened and printed")
	}
	if !strings.Contains(out, "Connected as "+testAccount) {
		t.Fatalf("output does not name the account:\n%s", out)
	}
	if strings.Contains(out, res.RefreshToken) || strings.Contains(out, testClientSecret) || strings.Contains(b.seen(), res.RefreshToken) {
		t.Fatal("a secret was printed or shown in the browser")
	}

	// The token works for a refresh, as the server will use it.
	c, err := NewCredentials(CredentialsOptions{Config: Config(testClientID, testClientSecret, g.authURL(), g.tokenURL(), "", false), RefreshToken: res.RefreshToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TokenSource().Token(); err != nil {
		t.Fatalf("refresh with the new token: %v", err)
	}

	// `auth --env-file` then writes it next to the user's other settings.
	env := filepath.Join(t.TempDir(), ".env")
	before := "# gmail-mcp\nMCP_AUTH_TOKEN=keep-this-one\nGMAIL_REFRESH_TOKEN=old\n\n# trailing comment\nPORT=8001\n"
	if err := os.WriteFile(env, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := UpdateEnvFile(env, map[string]string{"GMAIL_REFRESH_TOKEN": res.RefreshToken, "GMAIL_CLIENT_ID": testClientID}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(env)
	want := strings.Replace(before, "GMAIL_REFRESH_TOKEN=old", "GMAIL_REFRESH_TOKEN="+res.RefreshToken, 1) + "GMAIL_CLIENT_ID=" + testClientID + "\n"
	if string(got) != want {
		t.Fatalf("env file:\n%s\nwant:\n%s", got, want)
	}
	assertMode(t, env, 0o600)
}

func TestInstalledFlowRefusals(t *testing.T) {
	for _, tc := range []struct {
		name    string
		wrap    func(http.Handler) http.Handler
		flow    func(*InstalledFlow)
		play    func(t *testing.T, g *google, b *browser, consentURL string)
		wantErr string
	}{
		{
			name: "deny",
			play: func(t *testing.T, g *google, b *browser, u string) {
				_, page := b.get(u)
				b.consent(g, page, false, true)
			},
			wantErr: "access was denied on Google's consent page (error=access_denied)",
		},
		{
			name: "state mismatch",
			play: func(t *testing.T, g *google, b *browser, u string) {
				_, page := b.get(u)
				_, loc := b.consent(g, page, true, false)
				cb, _ := url.Parse(loc)
				q := cb.Query()
				q.Set("state", "forged")
				cb.RawQuery = q.Encode()
				if resp, _ := b.get(cb.String()); resp.StatusCode != http.StatusBadRequest {
					t.Errorf("forged callback answered %d", resp.StatusCode)
				}
			},
			wantErr: "state mismatch",
		},
		{
			name:    "timeout",
			flow:    func(f *InstalledFlow) { f.Timeout = 300 * time.Millisecond },
			wantErr: "no answer from the browser within 300ms",
		},
		{
			name: "no refresh token",
			wrap: stripRefreshToken,
			play: func(t *testing.T, g *google, b *browser, u string) {
				_, page := b.get(u)
				b.consent(g, page, true, true)
			},
			wantErr: "Google returned no refresh token; this happens when the account already granted access without offline consent; remove the app's access at https://myaccount.google.com/permissions and run again",
		},
		{
			name: "wrong client secret",
			flow: func(f *InstalledFlow) { f.ClientSecret = "not-the-secret" },
			play: func(t *testing.T, g *google, b *browser, u string) {
				_, page := b.get(u)
				b.consent(g, page, true, true)
			},
			wantErr: "invalid_client",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGoogle(t, gmailfake.Options{}, tc.wrap)
			b := newBrowser(t)
			f := newFlow(g)
			if tc.flow != nil {
				tc.flow(f)
			}
			var play func(string)
			if tc.play != nil {
				play = func(u string) { tc.play(t, g, b, u) }
			}
			_, out, err := runFlow(t, f, play)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want %q\n%s", err, tc.wantErr, out)
			}
			if strings.Contains(err.Error(), testClientSecret) {
				t.Fatal("error leaks the client secret")
			}
		})
	}
}

func TestInstalledFlowCanceled(t *testing.T) {
	g := newGoogle(t, gmailfake.Options{}, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	f := newFlow(g)
	if _, err := f.Run(ctx); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("err = %v", err)
	}
}
