// Command loadtest runs the real gmail-mcp instance in-process against the
// demo fake Gmail (with realistic latency) and drives it with many concurrent
// MCP sessions over streamable HTTP, printing throughput, latency
// percentiles, errors and memory. It exits non-zero on any error or when it
// runs past -timeout. `make loadtest` runs it; it is not a unit test because
// these machines are too noisy for timed assertions.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/app"
	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

const token = "loadtest-bearer-token-0123456789"

func main() {
	sessions := flag.Int("sessions", 100, "concurrent MCP sessions")
	calls := flag.Int("calls", 20, "tool calls per session")
	latency := flag.Duration("latency", 40*time.Millisecond, "fake Gmail latency per request")
	timeout := flag.Duration("timeout", 5*time.Minute, "fail if the run takes longer")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := run(ctx, *sessions, *calls, *latency); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, sessions, calls int, latency time.Duration) error {
	rssBefore, _ := memory()
	url, ids, stop, err := start(ctx, latency)
	if err != nil {
		return err
	}
	defer stop()

	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  []string
		wg        sync.WaitGroup
	)
	began := time.Now()
	for s := range sessions {
		wg.Go(func() {
			lat, fails := session(ctx, url, s, calls, ids)
			mu.Lock()
			latencies, failures = append(latencies, lat...), append(failures, fails...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(began)
	rssAfter, hwm := memory()

	slices.Sort(latencies)
	fmt.Printf("sessions %d × calls %d, fake latency %v\n", sessions, calls, latency)
	fmt.Printf("calls ok %d, errors %d, in %v: %.0f calls/s\n", len(latencies), len(failures), elapsed.Round(time.Millisecond),
		float64(len(latencies))/elapsed.Seconds())
	if len(latencies) > 0 {
		fmt.Printf("latency p50 %v, p99 %v, max %v\n", pct(latencies, 50), pct(latencies, 99), latencies[len(latencies)-1])
	}
	fmt.Printf("RSS before %s, after %s, peak (VmHWM) %s\n", rssBefore, rssAfter, hwm)
	if ctx.Err() != nil {
		return fmt.Errorf("ran past the time limit: %w", ctx.Err())
	}
	if len(failures) > 0 {
		for _, f := range failures[:min(len(failures), 10)] {
			fmt.Fprintln(os.Stderr, "  ", f)
		}
		return fmt.Errorf("%d of %d calls failed", len(failures), sessions*calls)
	}
	return nil
}

// start serves the demo fake and a real instance on loopback; it returns the
// MCP URL and the demo's message ids.
func start(ctx context.Context, latency time.Duration) (string, []string, func(), error) {
	fake := gmailfake.New(gmailfake.Options{Latency: latency})
	acct := fake.AddAccount(gmailfake.DemoEmail)
	if err := gmailfake.SeedDemo(acct, time.Now()); err != nil {
		return "", nil, nil, fmt.Errorf("seeding the demo mailbox: %w", err)
	}
	fakeSrv, fakeURL, err := listen(fake)
	if err != nil {
		return "", nil, nil, err
	}
	cfg, err := config.Load([]string{
		"GMAIL_CLIENT_ID=" + gmailfake.DemoClientID,
		"GMAIL_CLIENT_SECRET=" + gmailfake.DemoClientSecret,
		"GMAIL_REFRESH_TOKEN=" + acct.NewRefreshToken(),
		"GMAIL_API_ENDPOINT=" + fakeURL + "/",
		"GOOGLE_TOKEN_URL=" + fakeURL + "/token",
		"GOOGLE_AUTH_URL=" + fakeURL + "/o/oauth2/auth",
		"MCP_AUTH_TOKEN=" + token,
		"MCP_MAX_SESSIONS=1000",
		"PUBLIC_URL=http://127.0.0.1", // only for setup links, which a load test never opens
	}, false)
	if err != nil {
		return "", nil, nil, fmt.Errorf("config: %w", err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.New(ctx, cfg, app.Options{Version: "loadtest", Logger: log})
	if err != nil {
		return "", nil, nil, fmt.Errorf("app.New: %w", err)
	}
	appSrv, appURL, err := listen(a.Server.Handler())
	if err != nil {
		return "", nil, nil, err
	}
	stop := func() {
		_ = appSrv.Close()
		_ = fakeSrv.Close()
	}
	ids, err := messageIDs(ctx, appURL+cfg.MCPPath)
	if err != nil {
		stop()
		return "", nil, nil, err
	}
	return appURL + cfg.MCPPath, ids, stop, nil
}

// messageIDs lists the inbox once, through the server, for read_email.
func messageIDs(ctx context.Context, url string) ([]string, error) {
	transport := &mcp.StreamableClientTransport{Endpoint: url, HTTPClient: &http.Client{Transport: bearer{http.DefaultTransport}}}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "loadtest", Version: "1"}, nil).Connect(ctx, transport, nil)
	if err != nil {
		return nil, fmt.Errorf("connecting: %w", err)
	}
	defer cs.Close()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "list_emails", Arguments: map[string]any{"limit": 100}})
	if err != nil || res.IsError {
		return nil, fmt.Errorf("listing the demo inbox: %v %v", err, res)
	}
	var out struct {
		Emails []struct {
			ID string `json:"id"`
		} `json:"emails"`
	}
	b, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(b, &out); err != nil || len(out.Emails) == 0 {
		return nil, fmt.Errorf("the demo inbox listed no ids (%v)", err)
	}
	ids := make([]string, len(out.Emails))
	for i, e := range out.Emails {
		ids[i] = e.ID
	}
	return ids, nil
}

func listen(h http.Handler) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", fmt.Errorf("listening on loopback: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv, "http://" + ln.Addr().String(), nil
}

type bearer struct{ base http.RoundTripper }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+token)
	return b.base.RoundTrip(r)
}

// session opens one MCP session and makes calls mixed tool calls.
func session(ctx context.Context, url string, n, calls int, ids []string) ([]time.Duration, []string) {
	transport := &mcp.StreamableClientTransport{
		Endpoint:   url,
		HTTPClient: &http.Client{Transport: bearer{http.DefaultTransport}},
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "loadtest", Version: "1"}, nil).Connect(ctx, transport, nil)
	if err != nil {
		return nil, []string{fmt.Sprintf("session %d: connect: %v", n, err)}
	}
	defer cs.Close()
	mix := []func(i int) (string, map[string]any){
		func(int) (string, map[string]any) { return "list_emails", map[string]any{"limit": 10} },
		func(int) (string, map[string]any) {
			return "search_emails", map[string]any{"query": "is:unread", "limit": 5}
		},
		func(i int) (string, map[string]any) {
			return "read_email", map[string]any{"message_id": ids[(n*7+i)%len(ids)]}
		},
		func(int) (string, map[string]any) { return "get_profile", nil },
		func(i int) (string, map[string]any) {
			return "read_email", map[string]any{"message_id": ids[(n*13+i)%len(ids)]}
		},
	}
	var (
		lat   []time.Duration
		fails []string
	)
	for i := range calls {
		name, args := mix[(n+i)%len(mix)](i)
		start := time.Now()
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
		switch {
		case err != nil:
			fails = append(fails, fmt.Sprintf("session %d %s: %v", n, name, err))
		case res.IsError:
			fails = append(fails, fmt.Sprintf("session %d %s: tool error: %s", n, name, textOf(res)))
		default:
			lat = append(lat, time.Since(start))
		}
	}
	return lat, fails
}

func textOf(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if t, ok := c.(*mcp.TextContent); ok {
			b.WriteString(t.Text)
		}
	}
	return b.String()
}

func pct(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)].Round(100 * time.Microsecond)
}

// memory reads VmRSS and VmHWM from /proc/self/status ("?" elsewhere).
func memory() (rss, hwm string) {
	rss, hwm = "?", "?"
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return rss, hwm
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rss = strings.Join(strings.Fields(v), " ")
		}
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.Join(strings.Fields(v), " ")
		}
	}
	return rss, hwm
}
