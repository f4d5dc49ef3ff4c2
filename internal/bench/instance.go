package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/app"
	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// Token is the bearer token of benchmark instances.
const Token = "bench-token-0123456789abcdef"

// Instance is one gmail-mcp in front of a fake Gmail, both on loopback.
type Instance struct {
	Fake    *gmailfake.Server
	Account *gmailfake.Account
	App     *app.App
	URL     string // the MCP endpoint
	Seeded  Seeded

	clients *http.Transport
	closers []func()
}

// Start assembles an instance whose fake Gmail sleeps latency before
// answering each request: one Gmail round trip costs about latency.
func Start(ctx context.Context, latency time.Duration, messages int) (*Instance, error) {
	fake := gmailfake.New(gmailfake.Options{Latency: latency})
	acct := fake.AddAccount(gmailfake.DemoEmail)
	if err := gmailfake.SeedDemo(acct, time.Now()); err != nil {
		return nil, fmt.Errorf("seeding the demo mailbox: %w", err)
	}
	seeded, err := Seed(acct, messages)
	if err != nil {
		return nil, err
	}
	fakeSrv := httptest.NewServer(fake)
	in := &Instance{Fake: fake, Account: acct, Seeded: seeded, closers: []func(){fakeSrv.Close}}

	cfg, err := config.Load([]string{
		"GMAIL_CLIENT_ID=" + gmailfake.DemoClientID,
		"GMAIL_CLIENT_SECRET=" + gmailfake.DemoClientSecret,
		"GMAIL_REFRESH_TOKEN=" + acct.NewRefreshToken(),
		"GMAIL_API_ENDPOINT=" + fakeSrv.URL + "/",
		"GOOGLE_TOKEN_URL=" + fakeSrv.URL + "/token",
		"GOOGLE_AUTH_URL=" + fakeSrv.URL + "/o/oauth2/auth",
		"MCP_AUTH_TOKEN=" + Token,
	}, false)
	if err != nil {
		in.Close()
		return nil, fmt.Errorf("config: %w", err)
	}
	srv := httptest.NewUnstartedServer(nil)
	// Logs as in production (JSON, info), written nowhere: their cost counts.
	log := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a, err := app.New(ctx, cfg, app.Options{Version: "bench", Logger: log, ListenAddr: srv.Listener.Addr().String()})
	if err != nil {
		in.Close()
		return nil, fmt.Errorf("app.New: %w", err)
	}
	srv.Config.Handler = a.Server.Handler()
	srv.Start()
	in.closers = append(in.closers, srv.Close)
	in.App, in.URL = a, srv.URL+cfg.MCPPath
	in.clients = &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute}
	return in, nil
}

// Close stops the servers.
func (in *Instance) Close() {
	if in.clients != nil {
		in.clients.CloseIdleConnections()
	}
	for i := len(in.closers) - 1; i >= 0; i-- {
		in.closers[i]()
	}
}

// Connect opens an MCP session with the go-sdk client over streamable HTTP.
func (in *Instance) Connect(ctx context.Context) (*mcp.ClientSession, error) {
	return Connect(ctx, in.URL, in.clients)
}

// Connect opens an MCP session to url with the benchmark token.
func Connect(ctx context.Context, url string, rt http.RoundTripper) (*mcp.ClientSession, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "gmail-mcp-bench", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:   url,
		HTTPClient: &http.Client{Transport: bearer{rt}},
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", url, err)
	}
	return cs, nil
}

type bearer struct{ next http.RoundTripper }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+Token)
	return b.next.RoundTrip(r)
}

// Call calls a tool and turns a tool error into an error.
func Call(ctx context.Context, cs *mcp.ClientSession, tool string, args map[string]any) (*mcp.CallToolResult, error) {
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tool, err)
	}
	if res.IsError {
		var msg string
		for _, c := range res.Content {
			if t, ok := c.(*mcp.TextContent); ok {
				msg += t.Text
			}
		}
		return nil, fmt.Errorf("%s: tool error: %s", tool, msg)
	}
	return res, nil
}

// listIDs calls a list tool and returns the ids it listed.
func listIDs(ctx context.Context, cs *mcp.ClientSession, tool string, args map[string]any) ([]string, error) {
	res, err := Call(ctx, cs, tool, args)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(res.StructuredContent)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tool, err)
	}
	var out struct {
		Emails []struct {
			ID string `json:"id"`
		} `json:"emails"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s: decoding the result: %w", tool, err)
	}
	ids := make([]string, len(out.Emails))
	for i, e := range out.Emails {
		ids[i] = e.ID
	}
	return ids, nil
}
