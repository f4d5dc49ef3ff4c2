package tools

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"golang.org/x/oauth2"

	"github.com/gmail-mcp/gmail-mcp/internal/gmail"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// demoEnv is a client session with a server wired as the binary wires it
// (tools, resources, prompts, completion) over the real Gmail client and the
// seeded demo mailbox of the fake Gmail.
type demoEnv struct {
	cs *mcp.ClientSession
	mb mail.Mailbox
}

func newDemoEnv(t *testing.T, readOnly bool) *demoEnv {
	t.Helper()
	fake, _, refreshToken, err := gmailfake.Demo(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	oc := &oauth2.Config{ClientID: gmailfake.DemoClientID, ClientSecret: gmailfake.DemoClientSecret, Endpoint: oauth2.Endpoint{TokenURL: srv.URL + "/token"}}
	mb, err := gmail.New(ctx, gmail.Options{Endpoint: srv.URL + "/", HTTPClient: oc.Client(ctx, &oauth2.Token{RefreshToken: refreshToken})})
	if err != nil {
		t.Fatal(err)
	}
	d := &Deps{Mailbox: mb, ReadOnly: readOnly, Confirm: ConfirmNever}
	s := mcp.NewServer(&mcp.Implementation{Name: "gmail-mcp", Version: "test"}, &mcp.ServerOptions{CompletionHandler: d.Complete})
	Register(s, d)
	ct, st := mcp.NewInMemoryTransports()
	ss, err := s.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return &demoEnv{cs: cs, mb: mb}
}

// find returns the one demo message that query finds.
func (e *demoEnv) find(t *testing.T, query string) mail.Summary {
	t.Helper()
	page, err := e.mb.List(context.Background(), mail.ListQuery{Query: query, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Messages) != 1 {
		t.Fatalf("query %q found %d demo messages, want 1", query, len(page.Messages))
	}
	return page.Messages[0]
}

// toolText calls a tool and returns its text, failing on any error.
func (e *demoEnv) toolText(t *testing.T, name string, args map[string]any) string {
	t.Helper()
	res, err := e.cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if res.IsError || len(res.Content) == 0 {
		t.Fatalf("%s(%v): tool error or no content: %+v", name, args, res.Content)
	}
	return res.Content[0].(*mcp.TextContent).Text
}
