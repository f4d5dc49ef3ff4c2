package tools

import (
	"context"
	"log/slog"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/mail/compose"
)

// ConfirmMode says when sends ask the user first (GMAIL_MCP_CONFIRM_SEND).
type ConfirmMode string

const (
	ConfirmAuto   ConfirmMode = "auto"   // ask when the client supports elicitation
	ConfirmAlways ConfirmMode = "always" // refuse to send when the client cannot ask
	ConfirmNever  ConfirmMode = "never"
)

// Deps is what the tools need from the rest of the program.
type Deps struct {
	Mailbox            mail.Mailbox
	ReadOnly           bool // register no tool that changes the mailbox
	Confirm            ConfirmMode
	AllowedRecipients  compose.AllowList
	MaxAttachmentBytes int64
	Logger             *slog.Logger
	// Observe, when set, is told the outcome of every tool call (metrics).
	Observe func(tool string, err error, isError bool, seconds float64)

	profileMu sync.Mutex
	profile   *mail.Profile
}

// tool is one registrable tool: its definition and a function that adds it
// with its typed handler.
type tool struct {
	def   *mcp.Tool
	write bool // changes the mailbox: left out in read-only mode
	add   func(*mcp.Server)
}

// newTool binds a typed handler to its definition, with schemas derived from
// In and Out and made portable.
func newTool[In, Out any](def *mcp.Tool, write bool, d *Deps, h mcp.ToolHandlerFor[In, Out]) tool {
	def.InputSchema = schemaFor[In]()
	def.OutputSchema = schemaFor[Out]()
	return tool{def: def, write: write, add: func(s *mcp.Server) { mcp.AddTool(s, def, instrument(d, def.Name, h)) }}
}

// all lists every tool in the order tools/list shows them, group by group;
// each group lives in its own file.
func (d *Deps) all() []tool {
	var all []tool
	for _, group := range [][]tool{coreTools(d), readingTools(d), writingTools(d)} {
		all = append(all, group...)
	}
	return all
}

// Register adds the tools, resources and prompts to s; in read-only mode
// write tools are left out entirely, so a client cannot even see them.
// Completion must be given to mcp.NewServer: set
// ServerOptions.CompletionHandler to d.Complete.
func Register(s *mcp.Server, d *Deps) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Confirm == "" {
		d.Confirm = ConfirmAuto
	}
	if d.MaxAttachmentBytes <= 0 {
		d.MaxAttachmentBytes = 10 << 20
	}
	for _, t := range d.all() {
		if t.write && d.ReadOnly {
			continue
		}
		t.add(s)
	}
	registerResources(s, d)
	registerPrompts(s, d)
}

// self returns the account's profile, fetched once.
func (d *Deps) self(ctx context.Context) (mail.Profile, error) {
	d.profileMu.Lock()
	defer d.profileMu.Unlock()
	if d.profile != nil {
		return *d.profile, nil
	}
	p, err := d.Mailbox.Profile(ctx)
	if err != nil {
		return mail.Profile{}, err
	}
	d.profile = &p
	return p, nil
}
