package app_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gmail-mcp/gmail-mcp/internal/app"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// browserBudget bounds the whole browser part of the test.
const browserBudget = 30 * time.Second

// TestSetupInBrowser is issue 5's "Connect Gmail" path as a user takes it, in
// headless Chromium: an instance deployed without a refresh token, the setup
// link from its log, Connect, Allow on the (fake) Google consent page, back
// on /setup connected; then the tools work without a restart, and a restart
// with only the token file keeps working.
//
// The instance is reached as http://localhost:PORT and the fake Google as
// http://127.0.0.1:PORT: two different sites, so the cross-site hops back
// from the consent page meet the same SameSite cookie rules as with Google.
func TestSetupInBrowser(t *testing.T) {
	t.Parallel()
	chromium := chromiumPath(t)
	began := time.Now()

	instSrv := httptest.NewUnstartedServer(nil)
	_, port, _ := net.SplitHostPort(instSrv.Listener.Addr().String())
	publicURL := "http://localhost:" + port
	fake, acct, fakeURL := startFake(t, gmailfake.Options{RedirectURIs: []string{publicURL + "/oauth/callback"}})
	msgID, err := acct.Insert([]byte("From: Ada <ada@example.com>\r\nTo: "+testAccount+"\r\nSubject: Welcome aboard\r\n"+
		"Date: Mon, 2 Mar 2026 09:00:00 +0000\r\nMessage-ID: <welcome@example.com>\r\n\r\nHello from the fake.\r\n"), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(t.TempDir(), "gmail-token.json")
	cfg := instanceConfig(t, fakeURL, "GMAIL_TOKEN_FILE="+tokenFile, "PUBLIC_URL="+publicURL)
	in := startInstance(t, cfg, instSrv, nil)

	// Not connected: ready says why, the tools say where to go.
	if st := in.app.Credentials.Status(); st.Connected {
		t.Fatalf("instance starts connected without any refresh token: %+v", st)
	}
	code, ready := in.ready(t)
	if code != http.StatusServiceUnavailable || !strings.Contains(ready.Reason, "not connected") || !strings.Contains(ready.Reason, "/setup") {
		t.Fatalf("/ready before setup = %d %+v, want 503 saying not connected and /setup", code, ready)
	}
	cs := in.connect(t)
	if msg := callErr(t, cs, "list_emails", nil); !strings.Contains(msg, "not connected") || !strings.Contains(msg, "open "+publicURL+"/setup") {
		t.Fatalf("tool before setup = %q, want \"not connected: open %s/setup\"", msg, publicURL)
	}
	if n := requestsTo(fake, "/token") + gmailRequests(fake); n != 0 {
		t.Fatalf("%d requests reached the fake before setup, want 0", n)
	}

	// The browser part: setup link → Connect → Allow → back on /setup.
	link := in.app.Setup.Link()
	if !strings.HasPrefix(link, publicURL+"/setup?key=") {
		t.Fatalf("setup link %q does not start with PUBLIC_URL %s/setup?key=", link, publicURL)
	}
	ctx := newBrowser(t, chromium)
	browserStart := time.Now()
	shot := connectInBrowser(t, ctx, link, publicURL)
	t.Logf("browser flow took %v", time.Since(browserStart).Round(time.Millisecond))
	saveArtifact(t, "setup-connected.png", shot)

	// Connected with no restart: the same session's tool call now works.
	st := in.app.Credentials.Status()
	if !st.Connected || st.Account != testAccount {
		t.Fatalf("credentials after setup = %+v, want connected as %s", st, testAccount)
	}
	list := callOK[listResult](t, cs, "list_emails", nil)
	if len(list.Emails) != 1 || list.Emails[0].ID != msgID {
		t.Fatalf("list_emails after setup = %+v, want the one message %s", list.Emails, msgID)
	}
	if code, ready := in.ready(t); code != http.StatusOK || ready.Status != "ready" {
		t.Fatalf("/ready after setup = %d %+v, want 200", code, ready)
	}
	fi, err := os.Stat(tokenFile)
	if err != nil {
		t.Fatalf("token file after setup: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode = %v, want 0600", fi.Mode().Perm())
	}
	_ = cs.Close()
	in.srv.Close()

	// Restart: a new process sees only the token file (no env refresh token).
	if cfg.RefreshToken != "" {
		t.Fatal("the test config carries a refresh token: the restart would prove nothing")
	}
	again := startInstance(t, cfg, httptest.NewUnstartedServer(nil), nil)
	if st := again.app.Credentials.Status(); !st.Connected || st.Account != testAccount {
		t.Fatalf("restarted credentials = %+v, want connected as %s from the token file", st, testAccount)
	}
	tokensBefore := requestsTo(fake, "/token")
	list = callOK[listResult](t, again.connect(t), "list_emails", nil)
	if len(list.Emails) != 1 || list.Emails[0].ID != msgID {
		t.Fatalf("list_emails after restart = %+v, want the one message %s", list.Emails, msgID)
	}
	if requestsTo(fake, "/token") != tokensBefore+1 {
		t.Errorf("the restarted instance made %d /token requests, want 1 refresh with the stored token", requestsTo(fake, "/token")-tokensBefore)
	}
	if code, ready := again.ready(t); code != http.StatusOK {
		t.Fatalf("/ready after restart = %d %+v, want 200", code, ready)
	}
	for name, logs := range map[string]string{"first": in.logs.String(), "restarted": again.logs.String()} {
		if strings.Contains(logs, gmailfake.DemoClientSecret) {
			t.Errorf("the %s instance's logs contain the client secret", name)
		}
	}
	t.Logf("whole test took %v", time.Since(began).Round(time.Millisecond))
}

// connectInBrowser plays the user from the setup link to the connected page
// and returns a PNG screenshot of it.
func connectInBrowser(t *testing.T, ctx context.Context, link, publicURL string) []byte {
	t.Helper()
	step := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a); err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
			t.Fatalf("%s: %v\nat %s:\n%s", what, err, loc, body)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}

	step("open the setup link", chromedp.Navigate(link))
	step("wait for the Connect button", chromedp.WaitVisible(chromedp.CSS("#connect")))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != publicURL+"/setup" {
		t.Errorf("after the setup link the address bar shows %q, want %s/setup (the key must leave it)", loc, publicURL)
	}
	if got := text("#status"); got != "Not connected" {
		t.Errorf("status before connecting = %q, want \"Not connected\"", got)
	}
	step("click Connect", chromedp.Click(chromedp.CSS("#connect")))
	step("wait for the consent page", chromedp.WaitVisible(chromedp.CSS("#allow")))
	if got := text("#account"); got != testAccount {
		t.Errorf("consent page account = %q, want %s", got, testAccount)
	}
	step("click Allow", chromedp.Click(chromedp.CSS("#allow")))
	// Back on /setup itself (not the callback page) with a live session:
	// only that page shows the Disconnect button.
	landed := `location.href === ` + jsString(publicURL+"/setup") +
		` && document.querySelector("#disconnect") !== null` +
		` && document.querySelector("#status").textContent.startsWith("Connected as")`
	step("wait to land back on /setup, connected", waitFor(landed, 15*time.Second))
	if got, want := text("#status"), "Connected as "+testAccount; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
	if errs, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#error") !== null`)); errs {
		t.Errorf("the connected page shows an error: %s", text("#error"))
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return shot
}

// waitFor evaluates the predicate until it is true. Unlike chromedp.Poll it
// survives navigations (the callback page moves on by itself).
func waitFor(predicate string, timeout time.Duration) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		var lastErr error
		for {
			ok, err := chromedp.Evaluate[bool](predicate)(ctx, tg)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			if err != nil {
				lastErr = err
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("%q still false after %v (last evaluation error: %v)", predicate, timeout, lastErr)
			case <-tick.C:
			}
		}
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// chromiumPath finds Chromium. Without one the test skips, except in CI,
// where .ci/run installs it and a skip would hide a broken setup.
func chromiumPath(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium found (looked for $CHROMIUM, /usr/bin/chromium, chromium, chromium-browser, google-chrome): .ci/run should have installed it")
	}
	t.Skip("no Chromium found (looked for $CHROMIUM, /usr/bin/chromium, chromium, chromium-browser, google-chrome): install Debian's chromium to run the /setup browser test")
	return ""
}

// newBrowser starts headless Chromium with a fresh profile and returns a
// context for its first tab, bounded by browserBudget once started.
func newBrowser(t *testing.T, execPath string) context.Context {
	t.Helper()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root in a container
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // small /dev/shm in containers
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(900, 640),
	)
	// Registered after TempDir, so it runs first: Chromium has exited before
	// its profile directory is removed.
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancel)
	// The first Run starts the browser; it must not carry the deadline.
	start := time.Now()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium %s: %v", execPath, err)
	}
	t.Logf("Chromium started in %v", time.Since(start).Round(time.Millisecond))
	ctx, cancelBudget := context.WithTimeout(ctx, browserBudget)
	t.Cleanup(cancelBudget)
	return ctx
}

// saveArtifact writes a test artifact under $ARTIFACTS_DIR, else the repo's
// testdata/artifacts (gitignored), after checking it is a real PNG.
func saveArtifact(t *testing.T, name string, pngBytes []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 300 || b.Dy() < 200 {
		t.Fatalf("screenshot is %v, too small to show the page", b)
	}
	dir := os.Getenv("ARTIFACTS_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "testdata", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts dir: %v", err)
	}
	path, _ := filepath.Abs(filepath.Join(dir, name))
	if err := os.WriteFile(path, pngBytes, 0o644); err != nil {
		t.Fatalf("saving %s: %v", name, err)
	}
	t.Logf("screenshot saved to %s (%d bytes, %v)", path, len(pngBytes), img.Bounds().Size())
}

// TestSetupLinkUsesPublicURL: the setup link the binary logs at start, the
// OAuth redirect and the "not connected" tool text all use PUBLIC_URL (with
// its path prefix behind a proxy), else an address a browser can open.
func TestSetupLinkUsesPublicURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, publicURL, listen, want string
	}{
		{"proxy", "https://gmail.example.com/", "0.0.0.0:8000", "https://gmail.example.com"},
		{"proxy with path prefix", "https://example.com/u/alice", "0.0.0.0:8000", "https://example.com/u/alice"},
		{"unset, wildcard bind", "", "0.0.0.0:8000", "http://localhost:8000"},
		{"unset, loopback bind", "", "127.0.0.1:9000", "http://127.0.0.1:9000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := []string{"GMAIL_TOKEN_FILE=" + filepath.Join(t.TempDir(), "token.json")}
			if tc.publicURL != "" {
				extra = append(extra, "PUBLIC_URL="+tc.publicURL)
			}
			cfg := instanceConfig(t, "http://127.0.0.1:1", extra...)
			a, err := app.New(t.Context(), cfg, app.Options{Version: "test", ListenAddr: tc.listen})
			if err != nil {
				t.Fatalf("app.New: %v", err)
			}
			if got, want := a.Setup.Link(), tc.want+"/setup?key="+url.QueryEscape(testToken); got != want {
				t.Errorf("Link() = %q, want %q", got, want)
			}
			if got, want := a.Setup.RedirectURL(), tc.want+"/oauth/callback"; got != want {
				t.Errorf("RedirectURL() = %q, want %q", got, want)
			}
			if st := a.Credentials.Status(); st.Connected || !strings.Contains(st.Reason, "open "+tc.want+"/setup") {
				t.Errorf("not-connected reason = %q, want it to say open %s/setup", st.Reason, tc.want)
			}
		})
	}
}
