package bench

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Process is what the built binary costs as its own process (`gmail-mcp
// --demo`: the server with the demo mailbox served in the same process).
type Process struct {
	BinaryBytes int64
	Start       Durations // exec to the first /health 200, one per start
	RSSIdle     int64     // VmRSS in bytes once /health answers (median of the starts)
	// AnonIdle is the private part of RSSIdle (RssAnon: heap, stacks); the
	// rest is the binary's own pages, shared by every process running it.
	AnonIdle   int64
	RSSAfter   int64 // VmRSS after the drive
	RSSPeak    int64 // VmHWM after the drive
	DriveCalls int
}

// Build compiles cmd/gmail-mcp as `make build` does (static, stripped) into dir.
func Build(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "gmail-mcp")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/gmail-mcp")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/gmail-mcp: %w\n%s", err, out)
	}
	return bin, nil
}

// MeasureProcess starts bin --demo starts times, then drives the last
// process with drive calls from 8 sessions and reads its memory again.
func MeasureProcess(ctx context.Context, bin string, starts, drive int) (Process, error) {
	var p Process
	st, err := os.Stat(bin)
	if err != nil {
		return p, err
	}
	p.BinaryBytes = st.Size()
	var idle, anon []int64
	for i := range starts {
		proc, took, err := startDemo(ctx, bin)
		if err != nil {
			return p, err
		}
		p.Start = append(p.Start, took)
		if m, err := memory(proc.cmd.Process.Pid); err == nil {
			idle, anon = append(idle, m["VmRSS"]), append(anon, m["RssAnon"])
		}
		if i < starts-1 {
			proc.stop()
			continue
		}
		p.DriveCalls, err = driveProcess(ctx, proc.url, drive)
		if err == nil {
			var m map[string]int64
			if m, err = memory(proc.cmd.Process.Pid); err == nil {
				p.RSSAfter, p.RSSPeak = m["VmRSS"], m["VmHWM"]
			}
		}
		proc.stop()
		if err != nil {
			return p, err
		}
	}
	if len(idle) > 0 {
		p.RSSIdle, p.AnonIdle = medianInt(idle), medianInt(anon)
	}
	return p, nil
}

type demoProcess struct {
	cmd *exec.Cmd
	url string // MCP endpoint
}

func (d *demoProcess) stop() {
	_ = d.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = d.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = d.cmd.Process.Kill()
		<-done
	}
}

// startDemo starts bin --demo on a free port and waits for /health 200,
// polling every millisecond; it returns the time from exec to that answer.
func startDemo(ctx context.Context, bin string) (*demoProcess, time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return nil, 0, err
	}
	cmd := exec.CommandContext(ctx, bin, "--demo")
	cmd.Env = append(os.Environ(), "HOST=127.0.0.1", "PORT="+strconv.Itoa(port), "MCP_AUTH_TOKEN="+Token, "LOG_LEVEL=warn")
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	hc := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("starting %s: %w", bin, err)
	}
	d := &demoProcess{cmd: cmd, url: base + "/mcp"}
	for time.Since(start) < 10*time.Second {
		resp, err := hc.Get(base + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return d, time.Since(start), nil
			}
		}
		time.Sleep(time.Millisecond)
	}
	d.stop()
	return nil, 0, errors.New("gmail-mcp --demo: /health did not answer 200 within 10 s")
}

// driveProcess makes calls tool calls from 8 sessions: lists, searches and
// reads of every listed message (cold, then warm).
func driveProcess(ctx context.Context, url string, calls int) (int, error) {
	const clients = 8
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		done  int
		first error
	)
	tr := &http.Transport{MaxIdleConnsPerHost: clients * 2}
	defer tr.CloseIdleConnections()
	for range clients {
		wg.Go(func() {
			cs, err := Connect(ctx, url, tr)
			if err == nil {
				defer cs.Close()
			}
			for i := 0; err == nil && i < calls/clients; i++ {
				var ids []string
				switch i % 4 {
				case 0:
					ids, err = listIDs(ctx, cs, "list_emails", map[string]any{"limit": 50})
				case 1:
					ids, err = listIDs(ctx, cs, "search_emails", map[string]any{"query": "in:anywhere", "limit": 50})
				default:
					ids, err = listIDs(ctx, cs, "list_emails", map[string]any{"folder": "SENT", "limit": 20})
				}
				for _, id := range ids {
					if err == nil {
						_, err = Call(ctx, cs, "read_email", map[string]any{"message_id": id})
					}
				}
				mu.Lock()
				done += 1 + len(ids)
				mu.Unlock()
			}
			if err != nil {
				mu.Lock()
				first = cmp.Or(first, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return done, first
}

// memory reads the Vm* and Rss* sizes of pid from /proc, in bytes.
func memory(pid int) (map[string]int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, fmt.Errorf("reading memory (Linux /proc only): %w", err)
	}
	defer f.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		value = strings.TrimSpace(value)
		if !ok || !strings.HasSuffix(value, " kB") || !(strings.HasPrefix(name, "Vm") || strings.HasPrefix(name, "Rss")) {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(value, " kB"), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = kb << 10
	}
	return out, sc.Err()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func medianInt(v []int64) int64 {
	d := make(Durations, len(v))
	for i, x := range v {
		d[i] = time.Duration(x)
	}
	return int64(d.Percentile(50))
}
