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

type createDraftInput struct {
	To               []string          `json:"to,omitempty" jsonschema:"recipients, each \"a@example.com\" or \"Name <a@example.com>\"; with reply_to_message_id and no recipients, the original's sender (or Reply-To)"`
	Subject          string            `json:"subject,omitempty" jsonschema:"the subject; with reply_to_message_id and no subject, \"Re:\" and the original's subject"`
	Body             string            `json:"body" jsonschema:"the message; plain text unless html is true"`
	Cc               []string          `json:"cc,omitempty"`
	Bcc              []string          `json:"bcc,omitempty"`
	HTML             bool              `json:"html,omitempty" jsonschema:"body is HTML (a plain-text version is generated)"`
	Attachments      []attachmentInput `json:"attachments,omitempty" jsonschema:"files to attach, their bytes base64-encoded; at most 25 MB in all"`
	ReplyToMessageID string            `json:"reply_to_message_id,omitempty" jsonschema:"make the draft a reply to this email: same conversation and threading headers"`
}

type draftOutput struct {
	DraftID   string `json:"draft_id" jsonschema:"for send_draft"`
	MessageID string `json:"message_id"`
	ThreadID  string `json:"thread_id"`
	Message   string `json:"message"`
}

func createDraft(d *Deps) tool {
	return newTool(&mcp.Tool{
		Name:  "create_draft",
		Title: "Save a draft",
		Description: "Save an email as a Gmail draft without sending it, optionally as a reply (reply_to_message_id) and with attachments (base64). " +
			"The user can review and send it from Gmail, or you can send it later with send_draft.",
		Annotations: writeAnnotations("Save a draft", false, false),
	}, true, d, func(ctx context.Context, _ *mcp.CallToolRequest, in createDraftInput) (*mcp.CallToolResult, draftOutput, error) {
		draft, threadID, err := composeDraft(ctx, d, in)
		if err != nil {
			return nil, draftOutput{}, err
		}
		self, err := d.self(ctx)
		if err != nil {
			return nil, draftOutput{}, err
		}
		draft.From = mail.Address{Email: self.Email}
		raw, err := compose.Build(draft)
		if err != nil {
			return nil, draftOutput{}, err
		}
		recipients := len(draftRecipients(draft))
		saved, err := d.Mailbox.CreateDraft(ctx, raw, threadID)
		if err != nil {
			outcome := outcomeFailed
			if mail.KindOf(err) == mail.KindUncertain {
				outcome = outcomeUncertain
			}
			audit(d, "create_draft", outcome, "recipients", recipients)
			return nil, draftOutput{}, err
		}
		out := draftOutput{DraftID: saved.ID}
		if saved.Message != nil {
			out.MessageID, out.ThreadID = saved.Message.ID, saved.Message.ThreadID
		}
		audit(d, "create_draft", outcomeDone, "draft_id", out.DraftID, "message_id", out.MessageID, "recipients", recipients)
		out.Message = fmt.Sprintf("Draft saved (draft_id %s); nothing was sent.", out.DraftID)
		return textResult(out.Message), out, nil
	})
}

// composeDraft validates create_draft's arguments into a draft; a reply
// draft takes its threading, and by default its recipients and subject, from
// the original.
func composeDraft(ctx context.Context, d *Deps, in createDraftInput) (compose.Draft, string, error) {
	attachments, err := decodeAttachments(in.Attachments)
	if err != nil {
		return compose.Draft{}, "", err
	}
	var reply compose.Draft
	var threadID string
	if strings.TrimSpace(in.ReplyToMessageID) != "" {
		id, err := checkID("reply_to_message_id", in.ReplyToMessageID)
		if err != nil {
			return compose.Draft{}, "", err
		}
		if reply, threadID, err = replyDraft(ctx, d, id, false); err != nil {
			return compose.Draft{}, "", err
		}
	}
	to := in.To
	if len(in.To)+len(in.Cc)+len(in.Bcc) == 0 {
		to = formatAddresses(reply.To)
	}
	draft, err := draftFrom(to, in.Cc, in.Bcc, in.Subject, in.Body, in.HTML)
	if err != nil {
		return compose.Draft{}, "", err
	}
	if draft.Subject == "" {
		draft.Subject = reply.Subject
	}
	draft.InReplyTo, draft.References = reply.InReplyTo, reply.References
	draft.Attachments = attachments
	return draft, threadID, nil
}

type listDraftsInput struct {
	Limit     int    `json:"limit,omitempty" jsonschema:"how many drafts to return, 1 to 100 (default 20)"`
	PageToken string `json:"page_token,omitempty" jsonschema:"next_page_token from the previous call, to read the next page"`
}

type draftSummary struct {
	DraftID   string   `json:"draft_id" jsonschema:"for send_draft"`
	MessageID string   `json:"message_id"`
	ThreadID  string   `json:"thread_id"`
	To        []string `json:"to"`
	Cc        []string `json:"cc,omitempty"`
	Subject   string   `json:"subject"`
	Date      string   `json:"date" jsonschema:"RFC 3339"`
	Snippet   string   `json:"snippet" jsonschema:"the start of the body"`
}

type listDraftsOutput struct {
	Drafts        []draftSummary `json:"drafts"`
	NextPageToken string         `json:"next_page_token,omitempty" jsonschema:"pass as page_token for the next page; absent on the last page"`
}

func listDrafts(d *Deps) tool {
	return newTool(&mcp.Tool{
		Name:        "list_drafts",
		Title:       "List drafts",
		Description: "List the saved Gmail drafts, newest first, with recipients, subject and snippet; draft_id is what send_draft takes. Use page_token to page.",
		Annotations: readOnlyAnnotations("List drafts"),
	}, false, d, func(ctx context.Context, _ *mcp.CallToolRequest, in listDraftsInput) (*mcp.CallToolResult, listDraftsOutput, error) {
		limit, err := checkLimit(in.Limit)
		if err != nil {
			return nil, listDraftsOutput{}, err
		}
		tok, err := checkPageToken(in.PageToken)
		if err != nil {
			return nil, listDraftsOutput{}, err
		}
		page, err := d.Mailbox.ListDrafts(ctx, limit, tok)
		if err != nil {
			return nil, listDraftsOutput{}, err
		}
		out := listDraftsOutput{Drafts: make([]draftSummary, 0, len(page.Drafts)), NextPageToken: page.NextPageToken}
		for _, dr := range page.Drafts {
			out.Drafts = append(out.Drafts, summarizeDraft(dr))
		}
		return textResult(draftsText(out)), out, nil
	})
}

func summarizeDraft(dr mail.Draft) draftSummary {
	s := draftSummary{DraftID: dr.ID, To: []string{}}
	if m := dr.Message; m != nil {
		h := m.Headers()
		s.MessageID, s.ThreadID, s.Snippet = m.ID, m.ThreadID, m.Snippet
		s.To = formatAddresses(parse.Addresses(strings.Join(h.Values("To"), ", ")))
		s.Cc = formatAddresses(parse.Addresses(strings.Join(h.Values("Cc"), ", ")))
		s.Subject = parse.DecodeHeader(h.Get("Subject"))
		s.Date = formatDate(m.InternalDate)
		if len(s.Cc) == 0 {
			s.Cc = nil
		}
	}
	return s
}

func draftsText(out listDraftsOutput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d drafts", len(out.Drafts))
	if out.NextPageToken != "" {
		fmt.Fprintf(&b, " (more: page_token=%s)", out.NextPageToken)
	}
	b.WriteString(":\n")
	for i, dr := range out.Drafts {
		fmt.Fprintf(&b, "%d. %s | to %s | %s | draft_id=%s\n", i+1, dr.Date, strings.Join(dr.To, ", "), dr.Subject, dr.DraftID)
	}
	return b.String()
}
