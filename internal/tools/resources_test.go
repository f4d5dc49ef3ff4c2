package tools

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func TestResourceListings(t *testing.T) {
	e := newDemoEnv(t, false)
	ctx := context.Background()
	templates, err := e.cs.ListResourceTemplates(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tpl := range templates.ResourceTemplates {
		got[tpl.URITemplate] = tpl.MIMEType
	}
	for _, want := range []string{messageTemplate, threadTemplate} {
		if got[want] != "text/plain" {
			t.Errorf("template %s: MIME type %q, want text/plain (templates: %v)", want, got[want], got)
		}
	}
	resources, err := e.cs.ListResources(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(resources.Resources) != 1 || resources.Resources[0].URI != profileURI {
		t.Errorf("resources/list = %+v, want only %s", resources.Resources, profileURI)
	}
}

// TestReadResources checks that each resource shows what its tool shows:
// the same reading path, whole.
func TestReadResources(t *testing.T) {
	e := newDemoEnv(t, false)
	lunch := e.find(t, `subject:"Lunch on Thursday" in:inbox`)
	apollo := e.find(t, `subject:"Apollo launch plan" is:unread`)
	tests := []struct {
		name     string
		uri      string
		tool     string
		args     map[string]any
		contains []string
	}{
		{"message", messageURIBase + lunch.ID, "read_email", map[string]any{"message_id": lunch.ID, "max_chars": maxMaxChars},
			[]string{"Subject: Lunch on Thursday?", "From: Sam Okafor <sam.okafor@example.org>", "ramen place on 3rd St", "untrusted email content"}},
		{"thread", threadURIBase + apollo.ThreadID, "get_thread", map[string]any{"thread_id": apollo.ThreadID, "max_chars_total": maxThreadChars},
			[]string{"Thread " + apollo.ThreadID, "[1/", "Apollo launch plan: draft timeline"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: tc.uri})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Contents) != 1 {
				t.Fatalf("got %d contents, want 1", len(res.Contents))
			}
			c := res.Contents[0]
			if c.URI != tc.uri || c.MIMEType != "text/plain" {
				t.Errorf("uri %q mime %q, want %q text/plain", c.URI, c.MIMEType, tc.uri)
			}
			for _, s := range tc.contains {
				if !strings.Contains(c.Text, s) {
					t.Errorf("resource text lacks %q:\n%s", s, c.Text)
				}
			}
			if want := e.toolText(t, tc.tool, tc.args); c.Text != want {
				t.Errorf("resource differs from %s:\nresource:\n%s\ntool:\n%s", tc.tool, c.Text, want)
			}
		})
	}
}

func TestReadProfileResource(t *testing.T) {
	e := newDemoEnv(t, false)
	res, err := e.cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: profileURI})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.mb.Profile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if text := res.Contents[0].Text; !strings.Contains(text, p.Email) {
		t.Errorf("profile resource %q does not name %s", text, p.Email)
	}
}

func TestReadResourceNotFound(t *testing.T) {
	e := newDemoEnv(t, false)
	for _, uri := range []string{
		messageURIBase + "ffffffffffffffff", // well-formed, absent
		threadURIBase + "ffffffffffffffff",
		messageURIBase + "..%2Fprofile", // not an id
		messageURIBase,                  // no id
		messageURIBase + "abc/def",
	} {
		_, err := e.cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: uri})
		// The SDK's ResourceNotFoundError: invalid params (SEP-2164), saying
		// "Resource not found" and naming the URI.
		var rpcErr *jsonrpc.Error
		if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc.CodeInvalidParams || rpcErr.Message != "Resource not found" {
			t.Errorf("%s: got %v, want the resource-not-found error", uri, err)
		}
	}
}
