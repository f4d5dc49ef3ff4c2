package oauth

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

const (
	testClientID     = "test-client.apps.googleusercontent.com"
	testClientSecret = "test-client-SECRET-value"
	testAccount      = "alice@example.com"
)

// google is the project's fake Google (OAuth + Gmail) served over HTTP.
type google struct {
	*gmailfake.Server
	URL string
}

func newGoogle(t *testing.T, o gmailfake.Options, wrap func(http.Handler) http.Handler) *google {
	t.Helper()
	o.ClientID, o.ClientSecret = testClientID, testClientSecret
	fake := gmailfake.New(o)
	fake.AddAccount(testAccount)
	var h http.Handler = fake
	if wrap != nil {
		h = wrap(fake)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &google{Server: fake, URL: srv.URL}
}

func (g *google) authURL() string  { return g.URL + "/o/oauth2/auth" }
func (g *google) tokenURL() string { return g.URL + "/token" }

// verifier calls the Gmail profile, as cmd wires it with the Gmail client.
func (g *google) verifier() Verifier {
	return func(ctx context.Context, tok *oauth2.Token) (string, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, g.URL+"/gmail/v1/users/me/profile", nil)
		tok.SetAuthHeader(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return "", fmt.Errorf("profile: %s", resp.Status)
		}
		var p struct{ EmailAddress string }
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
			return "", err
		}
		return p.EmailAddress, nil
	}
}

// tokenCalls counts POST /token requests the fake answered.
func (g *google) tokenCalls() int {
	n := 0
	for _, r := range g.Stats().Requests {
		if r.Path == "/token" {
			n++
		}
	}
	return n
}

// stripRefreshToken makes the token endpoint behave like Google for an
// account that already granted offline access: no refresh_token.
func stripRefreshToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/token" {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		delete(body, "refresh_token")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		_ = json.NewEncoder(w).Encode(body)
	})
}

var flowField = regexp.MustCompile(`name="flow" value="([^"]+)"`)

// browser plays the user's browser: a cookie jar, and every response body
// kept so tests can check that no secret was ever shown.
type browser struct {
	t      *testing.T
	client *http.Client
	mu     sync.Mutex
	pages  bytes.Buffer
}

func newBrowser(t *testing.T) *browser {
	b := &browser{t: t}
	jar, _ := cookiejar.New(nil)
	b.client = &http.Client{Jar: jar, Transport: recordingTransport{b}}
	return b
}

type recordingTransport struct{ b *browser }

func (rt recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	rt.b.mu.Lock()
	fmt.Fprintf(&rt.b.pages, "%s %s\n%v\n%s\n", r.Method, r.URL.Path, resp.Header, body)
	rt.b.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *browser) get(u string) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return b.do(req)
}

func (b *browser) post(u string, form url.Values) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// consent answers the fake's consent page (allow or deny) and follows the
// redirect when follow is set; otherwise it returns the redirect target.
func (b *browser) consent(g *google, page string, allow, follow bool) (*http.Response, string) {
	b.t.Helper()
	m := flowField.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no consent form in:\n%s", page)
	}
	decision := "deny"
	if allow {
		decision = "allow"
	}
	if follow {
		return b.post(g.URL+"/o/oauth2/approve", url.Values{"flow": {m[1]}, "decision": {decision}})
	}
	c := *b.client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.PostForm(g.URL+"/o/oauth2/approve", url.Values{"flow": {m[1]}, "decision": {decision}})
	if err != nil {
		b.t.Fatal(err)
	}
	resp.Body.Close()
	return resp, resp.Header.Get("Location")
}

func (b *browser) seen() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.pages.String()
}
