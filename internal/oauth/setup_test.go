package oauth

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/testlog"
)

const testSetupKey = "setup-KEY-0123456789abcdef"

type setupEnv struct {
	g     *google
	creds *Credentials
	setup *Setup
	url   string
	store *FileStore
	logs  *testlog.Buffer
}

func newSetupEnv(t *testing.T, wrap func(http.Handler) http.Handler) *setupEnv {
	t.Helper()
	// The instance's address must be known before the fake, which checks
	// redirect URIs, and the fake's before the instance's handler.
	inst := httptest.NewUnstartedServer(nil)
	public := "http://" + inst.Listener.Addr().String()
	g := newGoogle(t, gmailfake.Options{RedirectURIs: []string{public + "/oauth/callback"}}, wrap)
	logs := &testlog.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	store := &FileStore{Path: filepath.Join(t.TempDir(), "data", "token.json"), Key: testKey(5)}
	creds, err := NewCredentials(CredentialsOptions{
		Config: Config(testClientID, testClientSecret, g.authURL(), g.tokenURL(), "", false),
		Store:  store, Logger: log, SetupURL: public + "/setup",
	})
	if err != nil {
		t.Fatal(err)
	}
	setup, err := NewSetup(SetupOptions{
		Credentials: creds, ClientID: testClientID, ClientSecret: testClientSecret,
		AuthURL: g.authURL(), TokenURL: g.tokenURL(), PublicURL: public, Key: testSetupKey,
		Verify: g.verifier(), Logger: log,
	})
	if err != nil {
		t.Fatal(err)
	}
	inst.Config.Handler = setup.Handler()
	inst.Start()
	t.Cleanup(inst.Close)
	return &setupEnv{g: g, creds: creds, setup: setup, url: public, store: store, logs: logs}
}

var (
	csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	statusP   = regexp.MustCompile(`<p id="status"[^>]*>([^<]*)</p>`)
)

func status(t *testing.T, page string) string {
	t.Helper()
	m := statusP.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no status in page:\n%s", page)
	}
	return m[1]
}

// signIn opens the setup link and returns the setup page.
func (e *setupEnv) signIn(t *testing.T, b *browser) string {
	t.Helper()
	resp, page := b.get(e.setup.Link())
	if resp.StatusCode != http.StatusOK || resp.Request.URL.RawQuery != "" {
		t.Fatalf("setup link landed on %s with %d", resp.Request.URL, resp.StatusCode)
	}
	return page
}

func TestSetupSignIn(t *testing.T) {
	e := newSetupEnv(t, nil)
	if got := e.setup.Link(); got != e.url+"/setup?key="+testSetupKey {
		t.Fatalf("Link() = %q", got)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(e.setup.Link())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/setup" {
		t.Fatalf("key exchange: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies %v", cookies)
	}
	c := cookies[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Value == "" || strings.Contains(c.Value, testSetupKey) {
		t.Fatalf("session cookie %+v", c)
	}
	for k, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'", "X-Frame-Options": "DENY",
		"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
	} {
		if got := resp.Header.Get(k); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}

	b := newBrowser(t)
	page := e.signIn(t, b)
	if got := status(t, page); got != "Not connected" {
		t.Fatalf("status %q", got)
	}
	if !strings.Contains(page, `<button id="connect" type="submit">Connect Gmail</button>`) || !csrfField.MatchString(page) {
		t.Fatalf("no connect form:\n%s", page)
	}
	if resp, _ := b.get(e.url + "/setup/style.css"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("style.css: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	for name, u := range map[string]string{"wrong key": e.url + "/setup?key=nope", "no key": e.url + "/setup"} {
		resp, page := newBrowser(t).get(u)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "setup link") || strings.Contains(page, testSetupKey) {
			t.Errorf("%s: %d\n%s", name, resp.StatusCode, page)
		}
	}
	// POSTs need the session and its CSRF token.
	if resp, _ := newBrowser(t).post(e.url+"/setup/connect", url.Values{}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("connect without session: %d", resp.StatusCode)
	}
	if resp, _ := b.post(e.url+"/setup/connect", url.Values{"csrf": {"forged"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("connect with a forged CSRF token: %d", resp.StatusCode)
	}
}

// connect signs in, clicks Connect and returns the fake's consent page.
func (e *setupEnv) connect(t *testing.T, b *browser) string {
	t.Helper()
	page := e.signIn(t, b)
	resp, consent := b.post(e.url+"/setup/connect", url.Values{"csrf": {csrfField.FindStringSubmatch(page)[1]}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(consent, `id="allow"`) {
		t.Fatalf("connect did not reach the consent page: %d\n%s", resp.StatusCode, consent)
	}
	q := resp.Request.URL.Query()
	for k, want := range map[string]string{"access_type": "offline", "prompt": "consent", "code_challenge_method": "S256", "redirect_uri": e.url + "/oauth/callback"} {
		if got := q.Get(k); got != want {
			t.Errorf("consent URL %s = %q, want %q", k, got, want)
		}
	}
	return consent
}

func TestSetupConnectFlow(t *testing.T) {
	e := newSetupEnv(t, nil)
	b := newBrowser(t)
	if _, err := e.creds.TokenSource().Token(); mail.KindOf(err) != mail.KindNotConnected {
		t.Fatalf("before: %v", err)
	}
	consent := e.connect(t, b)
	resp, page := b.consent(e.g, consent, true, true)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/oauth/callback" {
		t.Fatalf("callback: %d at %s\n%s", resp.StatusCode, resp.Request.URL, page)
	}
	if got := status(t, page); got != "Connected as "+testAccount {
		t.Fatalf("callback status %q\n%s", got, page)
	}
	if !strings.Contains(page, `http-equiv="refresh" content="2;url=/setup"`) {
		t.Fatalf("callback page does not move on to /setup:\n%s", page)
	}
	_, page = b.get(e.url + "/setup")
	if got := status(t, page); got != "Connected as "+testAccount {
		t.Fatalf("setup status %q", got)
	}

	// Live, no restart: Gmail calls work with the new credentials.
	resp2, err := e.creds.HTTPClient(nil).Get(e.g.URL + "/gmail/v1/users/me/profile")
	if err != nil || resp2.StatusCode != http.StatusOK {
		t.Fatalf("profile after connect: %v %v", resp2, err)
	}
	resp2.Body.Close()
	saved, err := e.store.Load()
	if err != nil || saved.Account != testAccount || !saved.Encrypted {
		t.Fatalf("token file: %+v %v", saved, err)
	}

	// Nothing secret shown to the browser or logged.
	tok, _ := e.creds.TokenSource().Token()
	assertNoSecrets(t, b.seen()+e.logs.String(), saved.RefreshToken, tok.AccessToken, testClientSecret, testSetupKey)

	// Disconnect forgets the account and the file.
	_, page = b.get(e.url + "/setup")
	resp, page = b.post(e.url+"/setup/disconnect", url.Values{"csrf": {csrfField.FindStringSubmatch(page)[1]}})
	if resp.StatusCode != http.StatusOK || status(t, page) != "Not connected" {
		t.Fatalf("after disconnect: %d %q", resp.StatusCode, status(t, page))
	}
}

func TestSetupCallbackRefusals(t *testing.T) {
	for _, tc := range []struct {
		name    string
		play    func(t *testing.T, e *setupEnv, b *browser) (int, string)
		wantErr string
	}{
		{
			name: "deny",
			play: func(t *testing.T, e *setupEnv, b *browser) (int, string) {
				resp, page := b.consent(e.g, e.connect(t, b), false, true)
				return resp.StatusCode, page
			},
			wantErr: "access_denied",
		},
		{
			name: "wrong state",
			play: func(t *testing.T, e *setupEnv, b *browser) (int, string) {
				_, loc := b.consent(e.g, e.connect(t, b), true, false)
				cb, _ := url.Parse(loc)
				q := cb.Query()
				q.Set("state", "forged")
				cb.RawQuery = q.Encode()
				resp, page := b.get(cb.String())
				return resp.StatusCode, page
			},
			wantErr: "state mismatch",
		},
		{
			name: "callback from another browser",
			play: func(t *testing.T, e *setupEnv, b *browser) (int, string) {
				_, loc := b.consent(e.g, e.connect(t, b), true, false)
				resp, page := newBrowser(t).get(loc) // no flow cookie
				return resp.StatusCode, page
			},
			wantErr: "expired or was started in another browser",
		},
		{
			name: "replayed callback",
			play: func(t *testing.T, e *setupEnv, b *browser) (int, string) {
				_, loc := b.consent(e.g, e.connect(t, b), true, false)
				b.get(loc) // the first use connects and spends the flow
				if err := e.creds.Disconnect(); err != nil {
					t.Fatal(err)
				}
				resp, page := b.get(loc)
				return resp.StatusCode, page
			},
			wantErr: "expired or was started in another browser",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newSetupEnv(t, nil)
			b := newBrowser(t)
			code, page := tc.play(t, e, b)
			if code != http.StatusBadRequest || !strings.Contains(page, tc.wantErr) {
				t.Fatalf("%d, want 400 with %q:\n%s", code, tc.wantErr, page)
			}
			if st := e.creds.Status(); st.Connected {
				t.Fatalf("connected after a refused callback: %+v", st)
			}
		})
	}
}

func TestSetupRevokedState(t *testing.T) {
	e := newSetupEnv(t, nil)
	b := newBrowser(t)
	b.consent(e.g, e.connect(t, b), true, true)
	saved, _ := e.store.Load()
	e.g.RevokeRefreshToken(saved.RefreshToken)
	e.creds.Invalidate()
	if _, err := e.creds.TokenSource().Token(); mail.KindOf(err) != mail.KindAuth {
		t.Fatalf("after revoke: %v", err)
	}
	_, page := b.get(e.url + "/setup")
	if got := status(t, page); got != "Access revoked or expired for "+testAccount || !strings.Contains(page, "expire after 7 days") {
		t.Fatalf("status %q\n%s", got, page)
	}
	if !strings.Contains(page, "Connect a different account") {
		t.Fatal("no way to reconnect from the revoked state")
	}
}

func TestNewSetupValidates(t *testing.T) {
	e := newSetupEnv(t, nil)
	for _, public := range []string{"", "ftp://x", "example.com", "http://host/?q=1"} {
		if _, err := NewSetup(SetupOptions{Credentials: e.creds, ClientID: "a", ClientSecret: "b", PublicURL: public}); err == nil || !strings.Contains(err.Error(), "PUBLIC_URL") {
			t.Errorf("PUBLIC_URL %q: %v", public, err)
		}
	}
	s, err := NewSetup(SetupOptions{Credentials: e.creds, ClientID: "a", ClientSecret: "b", PublicURL: "https://gmail.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.Link(), "https://gmail.example.com/setup?key=") || len(s.Link()) < len("https://gmail.example.com/setup?key=")+20 {
		t.Fatalf("generated link %q", s.Link())
	}
	if s.RedirectURL() != "https://gmail.example.com/oauth/callback" {
		t.Fatalf("redirect %q", s.RedirectURL())
	}
}

func assertNoSecrets(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s == "" {
			t.Fatal("empty secret: the check would pass vacuously")
		}
		if strings.Contains(text, s) {
			t.Errorf("secret %.6s… appears in pages or logs", s)
		}
	}
}
