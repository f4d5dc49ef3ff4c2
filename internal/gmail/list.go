package gmail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	netmail "net/mail"
	"net/url"
	"strings"

	gmailapi "google.golang.org/api/gmail/v1"
	"google.golang.org/api/googleapi"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/mail/parse"
)

// summaryHeaders are the only headers a list asks Gmail for.
var summaryHeaders = []string{"From", "To", "Subject", "Date", "Content-Type"}

// messageGetCost is the quota units of one messages.get.
const messageGetCost = 5

// summaryQuery is the query of a list's metadata get, as a batched call.
func summaryQuery() string {
	return url.Values{
		"format":          {"metadata"},
		"metadataHeaders": summaryHeaders,
		"fields":          {summaryFields},
		"prettyPrint":     {"false"},
	}.Encode()
}

const (
	listFields    = "messages/id,nextPageToken,resultSizeEstimate"
	summaryFields = "id,threadId,labelIds,snippet,internalDate,payload/mimeType,payload/headers"
)

var listCall = call{notFound: "Gmail found no such list: check the label and the page token", scope: scopeRead}

// List returns one page of summaries: 1 messages.list call, then the
// format=metadata gets of the listed messages in one batch request per 50
// (2 round trips in all), or, with batching off, one get per message with
// at most Options.MaxConcurrency in flight. Order is Gmail's list order. A message deleted between the list
// and its get is left out; any other failure fails the call.
func (m *Mailbox) List(ctx context.Context, q mail.ListQuery) (mail.SummaryPage, error) {
	call := m.svc.Users.Messages.List(me).
		IncludeSpamTrash(q.IncludeSpamTrash).
		Fields(listFields).
		Context(ctx)
	if q.Query != "" {
		call = call.Q(q.Query)
	}
	if len(q.LabelIDs) > 0 {
		call = call.LabelIds(q.LabelIDs...)
	}
	if q.Limit > 0 {
		call = call.MaxResults(int64(q.Limit))
	}
	if q.PageToken != "" {
		call = call.PageToken(q.PageToken)
	}
	resp, err := call.Do()
	if err != nil {
		return mail.SummaryPage{}, m.fail(err, listCall)
	}
	found := make([]*mail.Summary, len(resp.Messages))
	keep := func(gm *gmailapi.Message, i int) {
		s := toSummary(gm)
		found[i] = &s
		m.cache.setLabels(gm.Id, gm.LabelIds, m.now()) // a list is a free label refresh
	}
	query := summaryQuery()
	err = m.fetchEach(ctx, len(resp.Messages),
		func(i int) batchCall {
			return batchCall{path: "messages/" + url.PathEscape(resp.Messages[i].Id) + "?" + query, cost: messageGetCost}
		},
		func(ctx context.Context, i int) error {
			id := resp.Messages[i].Id
			gm, err := m.svc.Users.Messages.Get(me, id).
				Format("metadata").
				MetadataHeaders(summaryHeaders...).
				Fields(summaryFields).
				Context(ctx).Do()
			if isNotFound(err) {
				m.log.DebugContext(ctx, "message vanished between list and get", "id", id)
				return nil
			}
			if err != nil {
				return m.fail(err, readMessage(id))
			}
			keep(gm, i)
			return nil
		},
		func(i int, body []byte) error {
			var gm gmailapi.Message
			if err := json.Unmarshal(body, &gm); err != nil {
				return badAnswer(fmt.Errorf("message %s: %w", resp.Messages[i].Id, err))
			}
			keep(&gm, i)
			return nil
		})
	if err != nil {
		return mail.SummaryPage{}, m.fail(err, listCall) // a cancellation; gets are mapped already
	}
	page := mail.SummaryPage{
		Messages:           make([]mail.Summary, 0, len(found)),
		NextPageToken:      resp.NextPageToken,
		ResultSizeEstimate: int(resp.ResultSizeEstimate),
	}
	for _, s := range found {
		if s != nil {
			page.Messages = append(page.Messages, *s)
		}
	}
	return page, nil
}

// toSummary reads a format=metadata message.
func toSummary(gm *gmailapi.Message) mail.Summary {
	var headers []*gmailapi.MessagePartHeader
	var mimeType string
	if gm.Payload != nil {
		headers, mimeType = gm.Payload.Headers, gm.Payload.MimeType
	}
	get := func(name string) string {
		for _, h := range headers {
			if strings.EqualFold(h.Name, name) {
				return h.Value
			}
		}
		return ""
	}
	if mimeType == "" {
		mimeType = get("Content-Type")
	}
	s := mail.Summary{
		ID:             gm.Id,
		ThreadID:       gm.ThreadId,
		From:           parse.Address(get("From")),
		To:             parse.Addresses(get("To")),
		Subject:        parse.DecodeHeader(get("Subject")),
		Date:           internalDate(gm.InternalDate),
		Snippet:        unescapeSnippet(gm.Snippet),
		Labels:         gm.LabelIds,
		HasAttachments: likelyHasAttachments(mimeType),
	}
	if d, err := netmail.ParseDate(get("Date")); err == nil {
		s.Date = d
	}
	for _, l := range gm.LabelIds {
		if l == mail.LabelUnread {
			s.Unread = true
		}
	}
	return s
}

// likelyHasAttachments is a heuristic from the top-level type alone, which is
// all a metadata fetch shows: multipart/mixed is how mail carries attachments
// (and multipart/report carries the returned message of a bounce). It misses
// attachments nested under multipart/related and counts a mixed message whose
// parts are all inline text; read_email lists the real attachments.
func likelyHasAttachments(contentType string) bool {
	t, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(contentType)), ";")
	t = strings.TrimSpace(t)
	return t == "multipart/mixed" || t == "multipart/report"
}

// unescapeSnippet undoes the HTML escaping Gmail applies to snippets.
func unescapeSnippet(s string) string { return html.UnescapeString(s) }

func isNotFound(err error) bool {
	var ge *googleapi.Error
	return errors.As(err, &ge) && ge.Code == 404
}
