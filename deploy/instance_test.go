package deploy_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/testlog"
)

// buildFlags are the Dockerfile's: a static, stripped, reproducible binary
// with time zone data inside (the scratch image has no /usr/share/zoneinfo).
var buildFlags = []string{"build", "-trimpath", "-tags", "timetzdata", "-ldflags", "-s -w -X main.version=contract-test"}

// buildBinary builds cmd/gmail-mcp as the Dockerfile does into dir. While the
// command is missing or broken during development the test is skipped with
// the reason; in CI (CI set) a broken build fails it.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(repoRoot, "cmd", "gmail-mcp")); err != nil {
		t.Skip("cmd/gmail-mcp does not exist yet: nothing to run")
	}
	out := filepath.Join(dir, "gmail-mcp")
	cmd := exec.Command("go", append(buildFlags, "-o", out, "./cmd/gmail-mcp")...)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("building cmd/gmail-mcp: %v\n%s", err, b)
		}
		t.Skipf("cmd/gmail-mcp does not build yet, so the binary cannot be run: %v\n%s", err, b)
	}
	return out
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// instance is one running gmail-mcp process.
type instance struct {
	cmd   *exec.Cmd
	port  int
	token string
	logs  *testlog.Buffer
	done  chan struct{}
}

func (in *instance) url(path string) string {
	return fmt.Sprintf("http://127.0.0.1:%d%s", in.port, path)
}

// startInstance runs cmd (already set up with its binary, args and
// environment) and waits until /health answers 200.
func startInstance(t *testing.T, cmd *exec.Cmd, port int, token string) *instance {
	t.Helper()
	in := &instance{cmd: cmd, port: port, token: token, logs: &testlog.Buffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = in.logs, in.logs
	if err := cmd.Start(); err != nil {
		if errors.Is(err, syscall.EPERM) {
			t.Skipf("not permitted to start the process as configured (%v): run as root to check the container contract", err)
		}
		t.Fatalf("start gmail-mcp: %v", err)
	}
	go func() { _ = cmd.Wait(); close(in.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-in.done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-in.done
			t.Errorf("gmail-mcp did not stop within 10s of SIGTERM")
		}
		if token != "" && strings.Contains(in.logs.String(), token) {
			t.Errorf("the bearer token appears in the logs")
		}
		if t.Failed() {
			t.Logf("gmail-mcp logs:\n%s", in.logs.String())
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-in.done:
			t.Fatalf("gmail-mcp exited before serving: %v\n%s", cmd.ProcessState, in.logs.String())
		default:
		}
		if resp, err := http.Get(in.url("/health")); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return in
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/health did not answer 200 within 15s\n%s", in.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// bearer adds an Authorization header to every request.
type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

// connect opens an MCP session to in with token, over streamable HTTP as
// any MCP client would.
func connect(t *testing.T, in *instance, token string) (*mcp.ClientSession, error) {
	t.Helper()
	client := mcp.NewClient(&mcp.Implementation{Name: "deploy-contract-test", Version: "1"}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cs, err := client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint: in.url("/mcp"),
		// No client-wide timeout: it would cut the long-lived SSE stream.
		HTTPClient: &http.Client{Transport: bearer{token, http.DefaultTransport}},
	}, nil)
	if err == nil {
		t.Cleanup(func() { _ = cs.Close() })
	}
	return cs, err
}

// callTool calls name and returns its whole output (text and structured
// content) as one string, failing on a tool error.
func callTool(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			out.WriteString(tc.Text)
			out.WriteByte('\n')
		}
	}
	if res.StructuredContent != nil {
		b, err := json.Marshal(res.StructuredContent)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
	}
	if res.IsError {
		t.Fatalf("%s returned a tool error: %s", name, out.String())
	}
	return out.String()
}

// statusWithToken is the HTTP status of an MCP initialize request sent with
// token ("" for none).
func statusWithToken(t *testing.T, in *instance, token string) int {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`
	req, err := http.NewRequest(http.MethodPost, in.url("/mcp"), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// memKB reads a /proc/PID/status field (VmRSS, VmHWM) in kB.
func memKB(t *testing.T, pid int, field string) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("cannot read process memory here: %v", err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				t.Fatalf("%s: %q", field, v)
			}
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
