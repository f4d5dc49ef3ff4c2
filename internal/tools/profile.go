package tools

import (
	"context"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

type profileInput struct{}

func getProfile(d *Deps) tool {
	return newTool(&mcp.Tool{
		Name:        "get_profile",
		Title:       "Which mailbox is this",
		Description: "Show the Gmail address this server reads and sends as, with its message and thread totals.",
		Annotations: readOnlyAnnotations("Which mailbox is this"),
	}, false, d, func(ctx context.Context, _ *mcp.CallToolRequest, _ profileInput) (*mcp.CallToolResult, mail.Profile, error) {
		p, err := d.Mailbox.Profile(ctx)
		if err != nil {
			return nil, mail.Profile{}, err
		}
		return textResult(fmt.Sprintf("Mailbox %s: %d messages in %d threads.", p.Email, p.MessagesTotal, p.ThreadsTotal)), p, nil
	})
}
