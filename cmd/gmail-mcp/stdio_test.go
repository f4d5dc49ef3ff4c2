package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/testlog"
)

// binary is gmail-mcp built once for the package's tests, so they run the
// program exactly as a desktop client starts it.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gmail-mcp-stdio-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "gmail-mcp")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building gmail-mcp: %v\n%s", err, out)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// stdioCommand is `gmail-mcp stdio --demo` with the bare environment a
// desktop client gives it: no developer settings leak in.
func stdioCommand(stderr io.Writer) *exec.Cmd {
	cmd := exec.Command(binary, "stdio", "--demo")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "GMAIL_MCP_CONFIRM_SEND=never"}
	cmd.Stderr = stderr
	return cmd
}

// state carries what earlier calls found to the calls after them.
type state struct {
	emails       []map[string]any // list_emails of INBOX
	withAttach   map[string]any   // an email with attachments
	attachmentID string
	draftID      string
}

// email is the first listed email for which ok holds.
func (s *state) email(t *testing.T, ok func(map[string]any) bool) map[string]any {
	t.Helper()
	for _, e := range s.emails {
		if ok(e) {
			return e
		}
	}
	t.Fatal("no listed demo email fits this call")
	return nil
}

// toolCase is one tool's call: arguments from what earlier calls found, and
// what to keep from its result.
type toolCase struct {
	name  string
	args  func(t *testing.T, s *state) map[string]any
	check func(t *testing.T, s *state, out map[string]any)
}

func noArgs(*testing.T, *state) map[string]any { return map[string]any{} }

// toolCases cover every tool, in an order where each call has what it needs:
// reads first, then writes, the trash last. A new tool needs a case here.
func toolCases() []toolCase {
	id := func(e map[string]any) string { return e["id"].(string) }
	return []toolCase{
		{"get_profile", noArgs, func(t *testing.T, _ *state, out map[string]any) {
			if out["email"] != "demo@gmail-mcp.example" {
				t.Errorf("get_profile email = %v, want the demo account", out["email"])
			}
		}},
		{"list_emails", func(*testing.T, *state) map[string]any { return map[string]any{"folder": "INBOX", "limit": 50} },
			func(t *testing.T, s *state, out map[string]any) {
				for _, e := range out["emails"].([]any) {
					s.emails = append(s.emails, e.(map[string]any))
				}
				if len(s.emails) < 10 {
					t.Fatalf("list_emails INBOX returned %d emails, want the demo's many", len(s.emails))
				}
				s.withAttach = s.email(t, func(e map[string]any) bool { return e["has_attachments"] == true })
			}},
		{"search_emails", func(*testing.T, *state) map[string]any { return map[string]any{"query": "has:attachment", "limit": 5} },
			func(t *testing.T, _ *state, out map[string]any) {
				if len(out["emails"].([]any)) == 0 {
					t.Error("search has:attachment found nothing in the demo mailbox")
				}
			}},
		{"read_email", func(_ *testing.T, s *state) map[string]any { return map[string]any{"message_id": id(s.withAttach)} },
			func(t *testing.T, s *state, out map[string]any) {
				atts := out["attachments"].([]any)
				if len(atts) == 0 {
					t.Fatalf("read_email of %s shows no attachments", id(s.withAttach))
				}
				s.attachmentID = atts[0].(map[string]any)["attachment_id"].(string)
			}},
		{"get_attachment", func(_ *testing.T, s *state) map[string]any {
			return map[string]any{"message_id": id(s.withAttach), "attachment_id": s.attachmentID}
		}, nil},
		{"get_thread", func(_ *testing.T, s *state) map[string]any {
			return map[string]any{"thread_id": s.emails[0]["thread_id"]}
		},
			func(t *testing.T, _ *state, out map[string]any) {
				if len(out["messages"].([]any)) == 0 {
					t.Error("get_thread returned no messages")
				}
			}},
		{"get_folders", noArgs, nil},
		{"list_drafts", noArgs, nil},
		{"create_draft", func(*testing.T, *state) map[string]any {
			return map[string]any{"to": []string{"sam.okafor@example.org"}, "subject": "Draft from the stdio test", "body": "Hello from a draft."}
		}, func(t *testing.T, s *state, out map[string]any) { s.draftID, _ = out["draft_id"].(string) }},
		{"send_draft", func(_ *testing.T, s *state) map[string]any { return map[string]any{"draft_id": s.draftID} }, nil},
		{"send_email", func(*testing.T, *state) map[string]any {
			return map[string]any{"to": []string{"sam.okafor@example.org"}, "subject": "Grüße über stdio", "body": "a < b, sent over stdio."}
		}, nil},
		{"reply_email", func(t *testing.T, s *state) map[string]any {
			return map[string]any{"message_id": id(s.emails[0]), "body": "Thanks, noted."}
		}, nil},
		{"forward_email", func(_ *testing.T, s *state) map[string]any {
			return map[string]any{"message_id": id(s.withAttach), "to": []string{"friend@example.org"}, "comment": "FYI"}
		}, nil},
		{"mark_email_read", func(_ *testing.T, s *state) map[string]any {
			return map[string]any{"message_id": id(s.emails[0]), "read": true}
		}, nil},
		{"modify_labels", func(_ *testing.T, s *state) map[string]any {
			return map[string]any{"message_ids": []string{id(s.emails[0]), id(s.emails[1])}, "add": []string{"STARRED"}}
		}, nil},
		{"delete_email", func(_ *testing.T, s *state) map[string]any {
			return map[string]any{"message_id": id(s.emails[len(s.emails)-1])}
		}, nil},
	}
}

// TestStdioEveryTool runs the binary over stdio as a desktop client does and
// calls every tool it lists, checking each result against the tool's output
// schema; then the resources, prompts and completion.
func TestStdioEveryTool(t *testing.T) {
	stderr := &testlog.Buffer{}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	client := mcp.NewClient(&mcp.Implementation{Name: "stdio-test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: stdioCommand(stderr)}, nil)
	if err != nil {
		t.Fatalf("connect: %v\nstderr:\n%s", err, stderr)
	}
	defer func() {
		if err := cs.Close(); err != nil {
			t.Errorf("closing the session (the server should exit 0 when stdin closes): %v\nstderr:\n%s", err, stderr)
		}
	}()

	listed := map[string]*mcp.Tool{}
	for tool, err := range cs.Tools(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		listed[tool.Name] = tool
	}
	cases := toolCases()
	var missing []string
	for name := range listed {
		if !slices.ContainsFunc(cases, func(c toolCase) bool { return c.name == name }) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Fatalf("tools/list has tools this test does not call: %v; add a case for each to toolCases", missing)
	}

	s := &state{}
	for _, c := range cases {
		tool, ok := listed[c.name]
		if !ok {
			t.Errorf("toolCases has %s, which tools/list does not: remove or rename the case", c.name)
			continue
		}
		args := c.args(t, s)
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: c.name, Arguments: args})
		if err != nil {
			t.Fatalf("%s(%v): protocol error: %v", c.name, args, err)
		}
		if res.IsError {
			t.Fatalf("%s(%v): tool error: %v", c.name, args, res.Content)
		}
		out := validOutput(t, tool, res)
		if c.check != nil {
			c.check(t, s, out)
		}
	}

	checkExtras(ctx, t, cs, id0(s))
	if !strings.Contains(stderr.String(), "gmail-mcp serving MCP over stdio") {
		t.Errorf("the start-up log line is not on stderr:\n%s", stderr)
	}
}

func id0(s *state) string { return s.emails[0]["id"].(string) }

// validOutput requires structured content that the tool's output schema
// accepts, and returns it.
func validOutput(t *testing.T, tool *mcp.Tool, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	if tool.OutputSchema == nil {
		t.Fatalf("%s has no output schema", tool.Name)
	}
	b, err := json.Marshal(tool.OutputSchema)
	if err != nil {
		t.Fatal(err)
	}
	var schema jsonschema.Schema
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatalf("%s output schema: %v", tool.Name, err)
	}
	resolved, err := schema.Resolve(nil)
	if err != nil {
		t.Fatalf("%s output schema does not resolve: %v", tool.Name, err)
	}
	if res.StructuredContent == nil {
		t.Fatalf("%s returned no structured content", tool.Name)
	}
	b, err = json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s structured content is not an object: %s", tool.Name, b)
	}
	if err := resolved.Validate(out); err != nil {
		t.Errorf("%s structured content does not match its output schema: %v\n%s", tool.Name, err, b)
	}
	return out
}

// checkExtras reads a message resource, gets a prompt and completes a
// message id, over the same stdio session.
func checkExtras(ctx context.Context, t *testing.T, cs *mcp.ClientSession, messageID string) {
	t.Helper()
	rr, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: "gmail://messages/" + messageID})
	if err != nil || len(rr.Contents) != 1 || !strings.Contains(rr.Contents[0].Text, "Id: "+messageID) {
		t.Errorf("resources/read gmail://messages/%s: %v %+v", messageID, err, rr)
	}
	pr, err := cs.GetPrompt(ctx, &mcp.GetPromptParams{Name: "draft_reply", Arguments: map[string]string{"message_id": messageID, "intent": "say yes"}})
	if err != nil || len(pr.Messages) == 0 || !strings.Contains(pr.Messages[0].Content.(*mcp.TextContent).Text, messageID) {
		t.Errorf("prompts/get draft_reply: %v %+v", err, pr)
	}
	cr, err := cs.Complete(ctx, &mcp.CompleteParams{
		Ref:      &mcp.CompleteReference{Type: "ref/prompt", Name: "draft_reply"},
		Argument: mcp.CompleteParamsArgument{Name: "message_id", Value: messageID[:4]},
	})
	if err != nil || len(cr.Completion.Values) == 0 {
		t.Errorf("completion/complete of message_id %q…: %v %+v", messageID[:4], err, cr)
	}
}

// TestStdioStdoutIsOnlyProtocol drives the binary by hand and reads every
// byte it writes to stdout: each line must be a JSON-RPC message, while the
// logs go to stderr. A stray print would break every desktop client.
func TestStdioStdoutIsOnlyProtocol(t *testing.T) {
	stderr := &testlog.Buffer{}
	cmd := stdioCommand(stderr)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	timer := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()

	requests := []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_emails","arguments":{"limit":3}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"prompts/list"}`,
		`{"jsonrpc":"2.0","id":5,"method":"resources/templates/list"}`,
	}
	go func() {
		for _, r := range requests {
			if _, err := io.WriteString(stdin, r+"\n"); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()

	answered := map[float64]bool{}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for len(answered) < 5 && sc.Scan() {
		line := sc.Bytes()
		var msg struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      *float64        `json:"id"`
			Result  json.RawMessage `json:"result"`
			Error   json.RawMessage `json:"error"`
		}
		if err := json.Unmarshal(line, &msg); err != nil || msg.JSONRPC != "2.0" {
			t.Fatalf("stdout carried a line that is not JSON-RPC: %q", line)
		}
		if msg.ID != nil {
			if msg.Error != nil {
				t.Errorf("request %v failed: %s", *msg.ID, msg.Error)
			}
			answered[*msg.ID] = true
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("writing requests: %v", err)
	}
	if len(answered) < 5 {
		t.Fatalf("got answers to %v before stdout ended (scan error %v); stderr:\n%s", answered, sc.Err(), stderr)
	}

	// Closing stdin is how a client ends a stdio session: the server exits 0
	// and writes nothing more but protocol.
	_ = stdin.Close()
	rest, err := io.ReadAll(stdout)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(bytes.TrimSpace(rest), []byte("\n")) {
		if len(line) > 0 && !json.Valid(line) {
			t.Errorf("stdout after the session carried a non-JSON line: %q", line)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("gmail-mcp stdio did not exit 0 after stdin closed: %v\nstderr:\n%s", err, stderr)
	}

	logs := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(logs) == 0 || logs[0] == "" {
		t.Fatal("nothing was logged to stderr")
	}
	for _, l := range logs {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec["level"] == nil || rec["msg"] == nil {
			t.Errorf("stderr line is not a structured log record: %q", l)
		}
		if rec["jsonrpc"] != nil {
			t.Errorf("a protocol message went to stderr: %q", l)
		}
	}
}
