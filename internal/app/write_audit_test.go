package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
)

// writeTools are every tool that changes the mailbox or sends mail.
var writeTools = []string{"send_email", "reply_email", "forward_email", "create_draft", "send_draft", "delete_email", "mark_email_read", "modify_labels"}

func TestEveryWriteIsAuditedWithoutContent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	const (
		secretSubject = "Secret merger codename Bluebird"
		secretBody    = "the board approves the Bluebird deal"
	)
	orig := e.insert(t, "From: alice@example.com\nTo: me@example.com\nSubject: "+secretSubject+"\nMessage-ID: <a1@example.com>\n\n"+secretBody+"\n", "INBOX", "UNREAD")
	args := func(extra map[string]any) map[string]any {
		a := map[string]any{"to": []string{"ann@example.com"}, "subject": secretSubject, "body": secretBody}
		for k, v := range extra {
			a[k] = v
		}
		return a
	}
	callOK[sendResult](t, cs, "send_email", args(nil))
	callOK[sendResult](t, cs, "reply_email", map[string]any{"message_id": orig, "body": secretBody})
	callOK[sendResult](t, cs, "forward_email", map[string]any{"message_id": orig, "to": []string{"carol@example.com"}, "comment": secretBody})
	d := callOK[draftResult](t, cs, "create_draft", args(nil))
	callOK[sendResult](t, cs, "send_draft", map[string]any{"draft_id": d.DraftID})
	callOK[map[string]any](t, cs, "mark_email_read", map[string]any{"message_id": orig})
	callOK[map[string]any](t, cs, "modify_labels", map[string]any{"message_ids": []string{orig}, "add": []string{"STARRED"}})
	callOK[map[string]any](t, cs, "delete_email", map[string]any{"message_id": orig})

	for _, tool := range writeTools {
		lines := wrAudit(t, e, tool)
		if len(lines) != 1 || lines[0]["outcome"] != "done" || lines[0]["level"] != "INFO" {
			t.Errorf("%s: audit lines = %v, want one at INFO with outcome done", tool, lines)
		}
	}
	for _, tool := range []string{"send_email", "reply_email", "forward_email", "send_draft", "create_draft"} {
		if l := wrAudit(t, e, tool); len(l) == 1 && l[0]["recipients"] != float64(1) {
			t.Errorf("%s: recipients = %v, want 1", tool, l[0]["recipients"])
		}
	}
	logs := e.logs.String()
	for _, secret := range []string{"Bluebird", "ann@example.com", "alice@example.com", "carol@example.com"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

func TestReadOnlyModeListsNoWriteTool(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *config.Config) { c.ReadOnly = true })
	cs := e.connect(t, nil)
	res, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
		if slices.Contains(writeTools, tool.Name) {
			t.Errorf("read-only mode lists the write tool %s", tool.Name)
		}
		if tool.Annotations == nil || !tool.Annotations.ReadOnlyHint {
			t.Errorf("read-only mode lists %s, which is not read-only", tool.Name)
		}
	}
	if !slices.Contains(names, "read_email") {
		t.Errorf("read-only mode lost the reading tools: %v", names)
	}
	// A hidden tool cannot be called either.
	res2, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "send_email", Arguments: map[string]any{"to": []string{"a@example.com"}, "subject": "s", "body": "b"}})
	if err == nil && !res2.IsError {
		t.Errorf("send_email ran in read-only mode: %s", text(res2))
	}
	if len(e.acct.Sent()) != 0 {
		t.Error("read-only mode sent mail")
	}
}

func TestWriteToolAnnotations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	res, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	destructive := []string{"send_email", "reply_email", "forward_email", "send_draft", "delete_email"}
	idempotent := []string{"mark_email_read", "modify_labels", "delete_email"}
	found := 0
	for _, tool := range res.Tools {
		if !slices.Contains(writeTools, tool.Name) {
			continue
		}
		found++
		a := tool.Annotations
		if a == nil || a.ReadOnlyHint {
			t.Errorf("%s is marked read-only", tool.Name)
			continue
		}
		if got := a.DestructiveHint != nil && *a.DestructiveHint; got != slices.Contains(destructive, tool.Name) {
			t.Errorf("%s destructive = %v", tool.Name, got)
		}
		if a.IdempotentHint != slices.Contains(idempotent, tool.Name) {
			t.Errorf("%s idempotent = %v", tool.Name, a.IdempotentHint)
		}
	}
	if found != len(writeTools) {
		t.Errorf("found %d write tools, want %d", found, len(writeTools))
	}
}
