package tools

import (
	"context"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// recentForCompletion is how many recent messages id completion looks at:
// one cheap list call, enough to pick from.
const recentForCompletion = 10

// maxCompletionValues is the protocol's cap on values in one answer.
const maxCompletionValues = 100

// Complete answers completion/complete: recent message or thread ids for
// draft_reply's message_id and the resource templates' {id}, label names for
// summarize_unread's label. Anything else completes to nothing. Completion
// is a convenience, so a Gmail failure yields no suggestions, not an error.
// It belongs in mcp.ServerOptions.CompletionHandler of the server Register
// is given (Register sets the defaults it relies on).
func (d *Deps) Complete(ctx context.Context, req *mcp.CompleteRequest) (*mcp.CompleteResult, error) {
	ref, arg := req.Params.Ref, req.Params.Argument
	var values []string
	var err error
	switch {
	case ref.Type == "ref/prompt" && ref.Name == promptDraftReply && arg.Name == argMessageID,
		ref.Type == "ref/resource" && ref.URI == messageTemplate && arg.Name == "id":
		values, err = d.recentIDs(ctx, func(s mail.Summary) string { return s.ID })
	case ref.Type == "ref/resource" && ref.URI == threadTemplate && arg.Name == "id":
		values, err = d.recentIDs(ctx, func(s mail.Summary) string { return s.ThreadID })
	case ref.Type == "ref/prompt" && ref.Name == promptSummarizeUnread && arg.Name == argLabel:
		values, err = d.labelNameList(ctx)
	}
	if err != nil {
		d.Logger.Debug("completion found no suggestions", "ref", ref.Type, "argument", arg.Name, "err", err)
		values = nil
	}
	values = matching(values, arg.Value)
	res := &mcp.CompleteResult{Completion: mcp.CompletionResultDetails{Values: values}}
	if len(values) > maxCompletionValues {
		res.Completion = mcp.CompletionResultDetails{Values: values[:maxCompletionValues], Total: len(values), HasMore: true}
	}
	return res, nil
}

// recentIDs lists the newest messages (any folder but spam and trash) and
// returns the id key picks from each, without repeats, newest first.
func (d *Deps) recentIDs(ctx context.Context, key func(mail.Summary) string) ([]string, error) {
	page, err := d.Mailbox.List(ctx, mail.ListQuery{Limit: recentForCompletion})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, m := range page.Messages {
		if id := key(m); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// labelNameList returns every label's name as a user would type it.
func (d *Deps) labelNameList(ctx context.Context) ([]string, error) {
	labels, err := d.Mailbox.Labels(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(labels))
	for _, l := range labels {
		names = append(names, l.Name)
	}
	return names, nil
}

// matching keeps the values that start with prefix, ignoring case (people
// type "proj" for Projects/Apollo), never nil: the protocol wants a list.
func matching(values []string, prefix string) []string {
	out := []string{}
	p := strings.ToLower(prefix)
	for _, v := range values {
		if strings.HasPrefix(strings.ToLower(v), p) {
			out = append(out, v)
		}
	}
	return out
}
