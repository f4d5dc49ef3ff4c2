package tools

import (
	"context"
	"errors"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// errNotConfirmed means the user did not approve a send: nothing was sent.
var errNotConfirmed = errors.New("not confirmed")

// confirmSend asks the user, through the MCP client, to approve a send when
// the mode and the client allow it. A message an assistant read must never be
// able to make it send mail on its own: this puts a person in the loop.
func confirmSend(ctx context.Context, d *Deps, req *mcp.CallToolRequest, action, preview string) error {
	if d.Confirm == ConfirmNever {
		return nil
	}
	if !canElicit(req) {
		if d.Confirm == ConfirmAlways {
			return invalidf("nothing was sent: this server requires the user to confirm each send (GMAIL_MCP_CONFIRM_SEND=always), but this MCP client cannot ask (it does not support elicitation)")
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
		return fmt.Errorf("asking the user to confirm: %w", err)
	}
	if res.Action != "accept" {
		return errNotConfirmed
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
