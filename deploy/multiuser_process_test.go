package deploy_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// testMultiUserIsolation starts alice and bob as multi-user.yml describes
// them (each service's env file, its own data directory for its volume),
// as processes against one fake Gmail holding both accounts: each sees only
// its own mail, and neither answers the other's bearer token.
func testMultiUserIsolation(t *testing.T, binary string) {
	fake := gmailfake.New(gmailfake.Options{})
	api := httptest.NewServer(fake)
	t.Cleanup(api.Close)

	type user struct {
		email, subject string
		token          string
		in             *instance
	}
	users := map[string]*user{
		"alice": {email: "alice@example.com", subject: "Alice quarterly figures tangerine"},
		"bob":   {email: "bob@example.com", subject: "Bob allotment rota marmalade"},
	}
	dir, _ := usersComposeDir(t)
	for name, u := range users {
		acct := fake.AddAccount(u.email)
		raw := fmt.Sprintf("From: Sender <sender@example.net>\r\nTo: %s\r\nSubject: %s\r\nDate: Mon, 02 Jun 2025 10:00:00 +0000\r\nMessage-ID: <%s@example.net>\r\n\r\nfor %s only\r\n",
			u.email, u.subject, name, name)
		if _, err := acct.Insert([]byte(raw), "INBOX"); err != nil {
			t.Fatalf("insert %s's mail: %v", name, err)
		}
		u.token = name + "-bearer-0123456789abcdef"
		fillEnvFile(t, filepath.Join(dir, name+".env.example"), filepath.Join(dir, name+".env"), map[string]string{
			"GMAIL_CLIENT_ID":     gmailfake.DemoClientID,
			"GMAIL_CLIENT_SECRET": gmailfake.DemoClientSecret,
			"GMAIL_REFRESH_TOKEN": acct.NewRefreshToken(),
			"MCP_AUTH_TOKEN":      u.token,
		})
	}

	p := mustLoadCompose(t, dir, "multi-user.yml")
	names := p.ServiceNames()
	sort.Strings(names)
	if strings.Join(names, ",") != "alice,bob" {
		t.Fatalf("multi-user.yml services = %v, want alice and bob", names)
	}
	for _, name := range names {
		svc := p.Services[name]
		u := users[name]
		port := freePort(t)
		volume := filepath.Join(t.TempDir(), svc.Volumes[0].Source)
		if err := os.Mkdir(volume, 0o700); err != nil {
			t.Fatal(err)
		}
		// The service's environment (its env file merged in by the loader),
		// then what the image and the host would supply.
		var env []string
		for k, v := range svc.Environment {
			if v != nil && *v != "" {
				env = append(env, k+"="+*v)
			}
		}
		env = append(env,
			"HOST=127.0.0.1", // processes share the host's network in the test
			"PORT="+strconv.Itoa(port),
			"GMAIL_TOKEN_FILE="+filepath.Join(volume, "token.json"),
			"GMAIL_API_ENDPOINT="+api.URL+"/",
			"GOOGLE_TOKEN_URL="+api.URL+"/token",
			"LOG_LEVEL=debug",
		)
		cmd := exec.Command(binary, "serve")
		cmd.Env = env
		u.in = startInstance(t, cmd, port, u.token)
	}

	for name, u := range users {
		t.Run(name+" sees only their mail", func(t *testing.T) {
			cs, err := connect(t, u.in, u.token)
			if err != nil {
				t.Fatalf("connect: %v", err)
			}
			listed := callTool(t, cs, "list_emails", map[string]any{"limit": 50})
			if !strings.Contains(listed, u.subject) {
				t.Errorf("%s's list lacks their own mail %q:\n%s", name, u.subject, listed)
			}
			for other, o := range users {
				if other == name {
					continue
				}
				if strings.Contains(listed, o.subject) {
					t.Errorf("%s's list shows %s's mail", name, other)
				}
				found := callTool(t, cs, "search_emails", map[string]any{"query": lastWord(o.subject)})
				if strings.Contains(found, o.subject) {
					t.Errorf("%s's search finds %s's mail", name, other)
				}
			}
			own := callTool(t, cs, "search_emails", map[string]any{"query": lastWord(u.subject)})
			if !strings.Contains(own, u.subject) {
				t.Errorf("%s's search does not find their own mail:\n%s", name, own)
			}
		})
	}

	t.Run("tokens are not interchangeable", func(t *testing.T) {
		alice, bob := users["alice"], users["bob"]
		for _, tc := range []struct {
			desc  string
			in    *instance
			token string
			want  int
		}{
			{"alice's token at bob's instance", bob.in, alice.token, 401},
			{"bob's token at alice's instance", alice.in, bob.token, 401},
			{"no token at alice's instance", alice.in, "", 401},
			{"alice's token at alice's instance", alice.in, alice.token, 200},
			{"bob's token at bob's instance", bob.in, bob.token, 200},
		} {
			if got := statusWithToken(t, tc.in, tc.token); got != tc.want {
				t.Errorf("%s: status %d, want %d", tc.desc, got, tc.want)
			}
		}
		if _, err := connect(t, bob.in, alice.token); err == nil {
			t.Errorf("an MCP client with alice's token connected to bob's instance")
		}
	})
}

func lastWord(s string) string { return s[strings.LastIndexByte(s, ' ')+1:] }

// testInstanceMemory measures what one user's instance costs, the figures
// docs/multi-user.md and the compose and Kubernetes limits are sized from,
// and checks they stay well inside those limits.
func testInstanceMemory(t *testing.T, binary string) {
	port := freePort(t)
	const token = "memory-measure-bearer-0123456789"
	cmd := exec.Command(binary, "serve", "--demo")
	cmd.Env = []string{"HOST=127.0.0.1", "PORT=" + strconv.Itoa(port), "MCP_AUTH_TOKEN=" + token, "GOMEMLIMIT=96MiB"}
	in := startInstance(t, cmd, port, token)
	pid := cmd.Process.Pid

	time.Sleep(200 * time.Millisecond)
	idle := memKB(t, pid, "VmRSS")

	cs, err := connect(t, in, token)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	// 200 tool calls of ordinary use. Most are cheap for Gmail's quota
	// (reads of messages the cache holds, folder listings, small pages), so the
	// instance's quota limiter does not stretch the run to half a minute, yet
	// every call still goes through MCP, the tools and the parser.
	const calls = 200
	ids := listedIDs(t, callTool(t, cs, "list_emails", map[string]any{"limit": 10}))
	tools := []struct {
		name string
		args func(i int) map[string]any
	}{
		{"read_email", func(i int) map[string]any { return map[string]any{"message_id": ids[i%len(ids)]} }},
		{"get_folders", func(int) map[string]any { return map[string]any{} }},
		{"read_email", func(i int) map[string]any { return map[string]any{"message_id": ids[(i+1)%len(ids)]} }},
		{"search_emails", func(int) map[string]any { return map[string]any{"query": "invoice", "limit": 2} }},
		{"list_emails", func(int) map[string]any { return map[string]any{"limit": 3} }},
	}
	for i := 1; i < calls; i++ {
		tc := tools[i%len(tools)]
		callTool(t, cs, tc.name, tc.args(i))
	}
	loaded, peak := memKB(t, pid, "VmRSS"), memKB(t, pid, "VmHWM")
	t.Logf("RSS idle %.1f MiB; after %d tool calls %.1f MiB; peak %.1f MiB", mib(idle), calls, mib(loaded), mib(peak))

	// The deployments set a 128 MiB limit (GOMEMLIMIT 96MiB); ordinary use
	// must stay under half of it, leaving the rest for attachments in flight.
	const budgetKB = 64 << 10
	if peak > budgetKB {
		t.Errorf("peak RSS %.1f MiB is over half the 128 MiB limit the deployments set; resize the limits", mib(peak))
	}
}

// listedIDs takes the message ids out of a list_emails answer as callTool
// returns it (its structured content is the last line).
func listedIDs(t *testing.T, out string) []string {
	t.Helper()
	var res struct {
		Emails []struct {
			ID string `json:"id"`
		} `json:"emails"`
	}
	if err := json.Unmarshal([]byte(out[strings.LastIndexByte(out, '\n')+1:]), &res); err != nil {
		t.Fatalf("list_emails structured content: %v", err)
	}
	ids := make([]string, 0, len(res.Emails))
	for _, e := range res.Emails {
		ids = append(ids, e.ID)
	}
	if len(ids) == 0 {
		t.Fatal("list_emails listed no email to read")
	}
	return ids
}

func mib(kb int) float64 { return float64(kb) / 1024 }
