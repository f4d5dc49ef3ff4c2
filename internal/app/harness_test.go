package app_test

import (
	"bytes"
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
)

const (
	testToken   = "test-bearer-token-0123456789"
	testAccount = "me@example.com"
)

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// env is one gmail-mcp instance wired exactly as the binary wires it, in
// front of the fake Gmail, served over real HTTP.
type env struct {
	fake         *gmailfake.Server
	acct         *gmailfake.Account
	app          *app.App
	url          string // MCP endpoint
	base         string // server root
	refreshToken string
	logs         *syncBuffer

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

func newEnv(t *testing.T, opts ...envOption) *env {
	t.Helper()
	fake := gmailfake.New(gmailfake.Options{})
	acct := fake.AddAccount(testAccount)
	e := &env{fake: fake, acct: acct, refreshToken: acct.NewRefreshToken(), logs: &syncBuffer{}, seenTokens: map[string]bool{}}
	fakeSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			e.mu.Lock()
			e.seenTokens[tok] = true
			e.mu.Unlock()
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(fakeSrv.Close)

	environ := []string{
		"GMAIL_CLIENT_ID=" + gmailfake.DemoClientID,
		"GMAIL_CLIENT_SECRET=" + gmailfake.DemoClientSecret,
		"GMAIL_REFRESH_TOKEN=" + e.refreshToken,
		"GMAIL_API_ENDPOINT=" + fakeSrv.URL + "/",
		"GOOGLE_TOKEN_URL=" + fakeSrv.URL + "/token",
		"GOOGLE_AUTH_URL=" + fakeSrv.URL + "/o/oauth2/auth",
		"MCP_AUTH_TOKEN=" + testToken,
		"GMAIL_MCP_CONFIRM_SEND=never",
		"LOG_LEVEL=debug",
	}
	cfg, err := config.Load(environ, false)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	for _, o := range opts {
		o(cfg)
	}
	log := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	srv := httptest.NewUnstartedServer(nil)
	a, err := app.New(ctx, cfg, app.Options{Version: "test", Logger: log, ListenAddr: srv.Listener.Addr().String()})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	srv.Config.Handler = a.Server.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	e.app, e.base, e.url = a, srv.URL, srv.URL+cfg.MCPPath
	return e
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
	client := mcp.NewClient(&mcp.Implementation{Name: "test-client", Version: "1"}, opts)
	transport := &mcp.StreamableClientTransport{
		Endpoint:   e.url,
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

type readResult struct {
	ID          string   `json:"id"`
	ThreadID    string   `json:"thread_id"`
	From        string   `json:"from"`
	To          []string `json:"to"`
	Subject     string   `json:"subject"`
	Date        string   `json:"date"`
	Labels      []string `json:"labels"`
	Body        string   `json:"body"`
	Truncated   bool     `json:"truncated"`
	NextOffset  int      `json:"next_offset"`
	TotalChars  int      `json:"total_chars"`
	Attachments []struct {
		AttachmentID string `json:"attachment_id"`
		Filename     string `json:"filename"`
		MIMEType     string `json:"mime_type"`
		Size         int    `json:"size"`
	} `json:"attachments"`
}

type sendResult struct {
	Sent     bool   `json:"sent"`
	ID       string `json:"id"`
	ThreadID string `json:"thread_id"`
	Message  string `json:"message"`
}
