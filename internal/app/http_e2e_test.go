package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
)

const initializeBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}`

func post(t *testing.T, url, body string, headers map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

func TestBearerAuth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for name, h := range map[string]map[string]string{
		"no token":     nil,
		"wrong token":  {"Authorization": "Bearer not-the-token-at-all"},
		"wrong scheme": {"Authorization": "Basic " + testToken},
		"empty bearer": {"Authorization": "Bearer "},
		"prefix only":  {"Authorization": "Bearer " + testToken[:10]},
	} {
		t.Run(name, func(t *testing.T) {
			resp := post(t, e.url, initializeBody, h)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status = %d, want 401", resp.StatusCode)
			}
			if got := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
				t.Errorf("WWW-Authenticate = %q", got)
			}
		})
	}
	resp := post(t, e.url, initializeBody, map[string]string{"Authorization": "Bearer " + testToken})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("right token: status = %d", resp.StatusCode)
	}
}

func TestForeignOriginRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	auth := "Bearer " + testToken
	resp := post(t, e.url, initializeBody, map[string]string{"Authorization": auth, "Origin": "https://evil.example"})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign Origin: status = %d, want 403", resp.StatusCode)
	}
	resp = post(t, e.url, initializeBody, map[string]string{"Authorization": auth, "Origin": e.base})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("own Origin: status = %d, want 200", resp.StatusCode)
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	resp, err := http.Get(e.base + "/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "ok") {
		t.Fatalf("/health = %d %s", resp.StatusCode, body)
	}
}

func TestBadRefreshTokenSaysRedoAuthorization(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *config.Config) { c.RefreshToken = "1//revoked-or-made-up-refresh-token" })
	cs := e.connect(t, nil)
	for range 2 {
		msg := callErr(t, cs, "list_emails", nil)
		if !strings.Contains(msg, "gmail-mcp auth") || !strings.Contains(msg, "revoked or expired") {
			t.Errorf("error = %q, want it to say the authorization must be redone", msg)
		}
	}
	// The process stays up and keeps answering.
	resp, err := http.Get(e.base + "/health")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/health after auth failure: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestNoSecretInLogs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.insert(t, htmlOnly)
	cs := e.connect(t, nil)
	callOK[listResult](t, cs, "list_emails", nil)
	callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id})
	callOK[sendResult](t, cs, "send_email", map[string]any{"to": []string{"a@example.com"}, "subject": "s", "body": "b"})
	callErr(t, cs, "read_email", map[string]any{"message_id": "ffffffffffffffff"})
	post(t, e.url, initializeBody, map[string]string{"Authorization": "Bearer wrong-token-value-123"})
	_ = cs.Close()

	logs := e.logs.String()
	if logs == "" {
		t.Fatal("no logs captured: the test would prove nothing")
	}
	secrets := map[string]string{
		"refresh token": e.refreshToken,
		"client secret": e.app.Config.ClientSecret,
		"bearer token":  testToken,
	}
	for _, tok := range e.accessTokens() {
		secrets["access token "+tok[:6]] = tok
	}
	if len(secrets) < 4 {
		t.Fatal("the fake issued no access token: the test would prove nothing")
	}
	for name, s := range secrets {
		if s != "" && strings.Contains(logs, s) {
			t.Errorf("the logs contain the %s", name)
		}
	}
}
