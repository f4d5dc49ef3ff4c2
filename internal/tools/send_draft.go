package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/mail/compose"
	"github.com/gmail-mcp/gmail-mcp/internal/mail/parse"
)

// The Mailbox finds a draft only by listing: send_draft looks through at most
// this many of the newest drafts.
const (
	draftSearchPage  = 100
	draftSearchPages = 5
)

type sendDraftInput struct {
	DraftID string `json:"draft_id" jsonschema:"the draft to send, from list_drafts or create_draft"`
}

func sendDraft(d *Deps) tool {
	return newTool(&mcp.Tool{
		Name:  "send_draft",
		Title: "Send a draft",
		Description: "Send a saved Gmail draft as it is. Only send when the user asked to; the user may be asked to confirm first, " +
			"and its recipients must pass the server's allowed-recipients policy. " +
			"If the result says the email may or may not have been sent, check the SENT folder instead of sending again.",
		Annotations: sendAnnotations("Send a draft"),
	}, true, d, func(ctx context.Context, req *mcp.CallToolRequest, in sendDraftInput) (*mcp.CallToolResult, sendOutput, error) {
		id, err := checkID("draft_id", in.DraftID)
		if err != nil {
			return nil, sendOutput{}, err
		}
		dr, err := findDraft(ctx, d, id)
		if err != nil {
			return nil, sendOutput{}, err
		}
		msg, err := d.Mailbox.Message(ctx, dr.Message.ID)
		if err != nil {
			return nil, sendOutput{}, notFound(err, "draft message", dr.Message.ID)
		}
		r := parse.Read(msg)
		preview := compose.Draft{To: r.To, Cc: r.Cc, Bcc: r.Bcc, Subject: r.Subject, Text: r.Text}
		recipients := draftRecipients(preview)
		if len(recipients) == 0 {
			return nil, sendOutput{}, invalidf("nothing was sent: draft %s has no recipients: add them in Gmail, or make a new draft with create_draft", id)
		}
		if err := checkAllowed(d, "send_draft", recipients); err != nil {
			return nil, sendOutput{}, err
		}
		return guardedSend(ctx, d, req, "send_draft", "Send this draft", recipients, draftPreview(preview, r.Attachments), "",
			func(ctx context.Context) (mail.Sent, error) { return d.Mailbox.SendDraft(ctx, id) }, "draft_id", id)
	})
}

// findDraft looks for the draft among the newest ones.
func findDraft(ctx context.Context, d *Deps, id string) (mail.Draft, error) {
	tok := ""
	for range draftSearchPages {
		page, err := d.Mailbox.ListDrafts(ctx, draftSearchPage, tok)
		if err != nil {
			return mail.Draft{}, err
		}
		for _, dr := range page.Drafts {
			if dr.ID == id && dr.Message != nil {
				return dr, nil
			}
		}
		if tok = page.NextPageToken; tok == "" {
			break
		}
	}
	return mail.Draft{}, &mail.Error{Kind: mail.KindNotFound,
		Message: fmt.Sprintf("no draft with id %q among the newest %d drafts: take draft ids from list_drafts or create_draft", id, draftSearchPage*draftSearchPages)}
}

// draftPreview is compose.Preview with the draft's attachments listed.
func draftPreview(d compose.Draft, attachments []parse.Attachment) string {
	p := compose.Preview(d)
	if len(attachments) == 0 {
		return p
	}
	names := make([]string, len(attachments))
	for i, a := range attachments {
		names[i] = fmt.Sprintf("%s (%d bytes)", a.Filename, a.Size)
	}
	return p + "\n\nAttachments: " + strings.Join(names, ", ")
}
