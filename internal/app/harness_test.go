package app_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/app"
	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/testlog"
)

const (
	testToken   = "test-bearer-token-0123456789"
	testAccount = "me@example.com"
)

// env is one gmail-mcp instance wired exactly as the binary wires it, in
// front of its own fake Gmail, served over real HTTP.
type env struct {
	fake         *gmailfake.Server
	acct         *gmailfake.Account
	app          *app.App
	url          string // MCP endpoint
	base         string // server root
	refreshToken string
	logs         *testlog.Buffer

	mu         sync.Mutex
	seenTokens map[string]bool // access tokens the fake was shown
}

// accessTokens are the access tokens the server used against the fake.
func (e *env) accessTokens() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for tok := range e.seenTokens {
		out = append(out, tok)
	}
	return out
}

type envOption func(*config.Config)

// newEnv is the usual test instance: a fresh fake with one account, the
// instance holding a valid refresh token for it, opts applied to the config.
func newEnv(t *testing.T, opts ...envOption) *env {
	t.Helper()
	fake := gmailfake.New(gmailfake.Options{})
	acct := fake.AddAccount(testAccount)
	e := &env{fake: fake, acct: acct, refreshToken: acct.NewRefreshToken(), seenTokens: map[string]bool{}}
	fakeSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			e.mu.Lock()
			e.seenTokens[tok] = true
			e.mu.Unlock()
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(fakeSrv.Close)

	cfg := instanceConfig(t, fakeSrv.URL, "GMAIL_REFRESH_TOKEN="+e.refreshToken)
	for _, o := range opts {
		o(cfg)
	}
	in := startInstance(t, cfg, httptest.NewUnstartedServer(nil), nil)
	e.app, e.base, e.url, e.logs = in.app, in.base, in.base+cfg.MCPPath, in.logs
	return e
}

// instance is one gmail-mcp built by app.New and served over real HTTP, for
// tests that choose the configuration, listener and clock themselves.
type instance struct {
	app  *app.App
	srv  *httptest.Server
	base string
	logs *testlog.Buffer
}

// startFake serves a gmailfake with one account over HTTP.
func startFake(t *testing.T, o gmailfake.Options) (*gmailfake.Server, *gmailfake.Account, string) {
	t.Helper()
	fake := gmailfake.New(o)
	acct := fake.AddAccount(testAccount)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, acct, srv.URL
}

// instanceConfig is the configuration of an instance in front of the fake at
// fakeURL, with extra KEY=value settings.
func instanceConfig(t *testing.T, fakeURL string, extra ...string) *config.Config {
	t.Helper()
	environ := append([]string{
		"GMAIL_CLIENT_ID=" + gmailfake.DemoClientID,
		"GMAIL_CLIENT_SECRET=" + gmailfake.DemoClientSecret,
		"GMAIL_API_ENDPOINT=" + fakeURL + "/",
		"GOOGLE_TOKEN_URL=" + fakeURL + "/token",
		"GOOGLE_AUTH_URL=" + fakeURL + "/o/oauth2/auth",
		"MCP_AUTH_TOKEN=" + testToken,
		"GMAIL_MCP_CONFIRM_SEND=never",
		"LOG_LEVEL=debug",
	}, extra...)
	cfg, err := config.Load(environ, false)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return cfg
}

// startInstance builds an instance from cfg and serves it on srv, an
// unstarted httptest server (so the caller may know its address first);
// now is its clock (nil: the real one).
func startInstance(t *testing.T, cfg *config.Config, srv *httptest.Server, now func() time.Time) *instance {
	t.Helper()
	logs := &testlog.Buffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a, err := app.New(ctx, cfg, app.Options{Version: "test", Logger: log, ListenAddr: srv.Listener.Addr().String(), Now: now})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	srv.Config.Handler = a.Server.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return &instance{app: a, srv: srv, base: srv.URL, logs: logs}
}

// connect opens an MCP session with the bearer token.
func (in *instance) connect(t *testing.T) *mcp.ClientSession {
	t.Helper()
	return dial(t, in.base+in.app.Config.MCPPath, nil)
}

// requestsTo counts the fake's requests to path.
func requestsTo(fake *gmailfake.Server, path string) int {
	n := 0
	for _, r := range fake.Stats().Requests {
		if r.Path == path {
			n++
		}
	}
	return n
}

// fakeSaw lists the status codes (0: no answer) of the fake's requests with
// method on paths ending in suffix, in arrival order.
func fakeSaw(fake *gmailfake.Server, method, suffix string) []int {
	var codes []int
	for _, r := range fake.Stats().Requests {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			codes = append(codes, r.Status)
		}
	}
	return codes
}

// gmailRequests counts the fake's Gmail API requests.
func gmailRequests(fake *gmailfake.Server) int {
	n := 0
	for _, r := range fake.Stats().Requests {
		if strings.HasPrefix(r.Path, "/gmail/") || strings.HasPrefix(r.Path, "/upload/") {
			n++
		}
	}
	return n
}

// insert stores a message in the fake mailbox and returns its id.
func (e *env) insert(t *testing.T, raw string, labels ...string) string {
	t.Helper()
	if len(labels) == 0 {
		labels = []string{"INBOX"}
	}
	id, err := e.acct.Insert([]byte(strings.ReplaceAll(raw, "\n", "\r\n")), labels...)
	if err != nil {
		t.Fatalf("insert: %v", err)
	}
	return id
}

// bearer adds the Authorization header to every request.
type bearer struct {
	token string
	base  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(r)
}

// connect opens an MCP session over streamable HTTP with the go-sdk client.
func (e *env) connect(t *testing.T, opts *mcp.ClientOptions) *mcp.ClientSession {
	t.Helper()
	return dial(t, e.url, opts)
}

// dial opens an MCP session to url with the bearer token; it closes with the test.
func dial(t *testing.T, url string, opts *mcp.ClientOptions) *mcp.ClientSession {
	t.Helper()
	client := mcp.NewClient(&mcp.Implementation{Name: "test-client", Version: "1"}, opts)
	transport := &mcp.StreamableClientTransport{
		Endpoint:   url,
		HTTPClient: &http.Client{Transport: bearer{testToken, http.DefaultTransport}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cs, err := client.Connect(ctx, transport, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

// call calls a tool and fails the test on a protocol error.
func call(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error: %v", name, err)
	}
	return res
}

// callOK calls a tool, requires success and decodes its structured content.
func callOK[T any](t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) T {
	t.Helper()
	res := call(t, cs, name, args)
	if res.IsError {
		t.Fatalf("%s(%v): tool error: %s", name, args, text(res))
	}
	var out T
	b, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatalf("%s: marshal structured content: %v", name, err)
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: decode structured content %s: %v", name, b, err)
	}
	return out
}

// callErr calls a tool and requires a tool error, returning its text.
func callErr(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) string {
	t.Helper()
	res := call(t, cs, name, args)
	if !res.IsError {
		t.Fatalf("%s(%v): want a tool error, got success: %s", name, args, text(res))
	}
	return text(res)
}

func text(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

// Shapes of tool outputs as clients see them.
type summary struct {
	ID             string   `json:"id"`
	ThreadID       string   `json:"thread_id"`
	From           string   `json:"from"`
	To             []string `json:"to"`
	Subject        string   `json:"subject"`
	Date           string   `json:"date"`
	Snippet        string   `json:"snippet"`
	Labels         []string `json:"labels"`
	Unread         bool     `json:"unread"`
	HasAttachments bool     `json:"has_attachments"`
}

type listResult struct {
	Emails        []summary `json:"emails"`
	NextPageToken string    `json:"next_page_token"`
}

// readResult is read_email's whole structured output as a client decodes it.
type readResult struct {
	ID          string   `json:"id"`
	ThreadID    string   `json:"thread_id"`
	From        string   `json:"from"`
	To          []string `json:"to"`
	Cc          []string `json:"cc"`
	Subject     string   `json:"subject"`
	Date        string   `json:"date"`
	Labels      []string `json:"labels"`
	LabelNames  []string `json:"label_names"`
	Format      string   `json:"format"`
	Encoding    string   `json:"encoding"`
	Note        string   `json:"note"`
	Body        string   `json:"body"`
	Truncated   bool     `json:"truncated"`
	NextOffset  int      `json:"next_offset"`
	TotalChars  int      `json:"total_chars"`
	Attachments []struct {
		AttachmentID string `json:"attachment_id"`
		Filename     string `json:"filename"`
		MIMEType     string `json:"mime_type"`
		Size         int    `json:"size"`
		Inline       bool   `json:"inline"`
	} `json:"attachments"`
}

type sendResult struct {
	Sent     bool   `json:"sent"`
	ID       string `json:"id"`
	ThreadID string `json:"thread_id"`
	Message  string `json:"message"`
}
