package tools

import (
	"context"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// notConfirmedError means the user did not approve a send: nothing was sent.
type notConfirmedError struct {
	action string // the elicitation answer: "decline" or "cancel"
}

func (e *notConfirmedError) Error() string { return "not confirmed: " + e.action }

// outcome says, for the tool result, what the user did.
func (e *notConfirmedError) outcome() string {
	if e.action == "cancel" {
		return "the user cancelled the confirmation"
	}
	return "the user declined"
}

// confirmSend asks the user, through the MCP client, to approve a send when
// the mode and the client allow it. A message an assistant read must never be
// able to make it send mail on its own: this puts a person in the loop.
// It returns nil to go ahead, a *notConfirmedError when the user said no,
// and any other error when asking failed (nothing is sent then either).
func confirmSend(ctx context.Context, d *Deps, req *mcp.CallToolRequest, action, preview string) error {
	if d.Confirm == ConfirmNever {
		return nil
	}
	if !canElicit(req) {
		if d.Confirm == ConfirmAlways {
			return invalidf("nothing was sent: this server requires the user to confirm each send (GMAIL_MCP_CONFIRM_SEND=always), but this MCP client cannot ask (it does not support elicitation): use a client that does, or ask the operator to change GMAIL_MCP_CONFIRM_SEND")
		}
		return nil
	}
	res, err := req.Session.Elicit(ctx, &mcp.ElicitParams{
		Message: fmt.Sprintf("%s?\n\n%s", action, preview),
		RequestedSchema: map[string]any{
			"type":       "object",
			"properties": map[string]any{},
		},
	})
	if err != nil {
		return &mail.Error{Kind: mail.KindUnavailable, Message: "nothing was sent: asking the user to confirm failed; try again", Err: fmt.Errorf("elicit: %w", err)}
	}
	if res.Action != "accept" {
		return &notConfirmedError{action: res.Action}
	}
	return nil
}

func canElicit(req *mcp.CallToolRequest) bool {
	if req == nil || req.Session == nil {
		return false
	}
	p := req.Session.InitializeParams()
	return p != nil && p.Capabilities != nil && p.Capabilities.Elicitation != nil
}
