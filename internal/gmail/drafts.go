package gmail

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	gmailapi "google.golang.org/api/gmail/v1"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// draftGetCost is the quota units of one drafts.get.
const draftGetCost = 5

const (
	draftListFields = "drafts/id,nextPageToken"
	draftFields     = "id,message(id,threadId,labelIds,snippet,internalDate,payload/mimeType,payload/headers)"
	draftMadeFields = "id,message(id,threadId,labelIds)"
)

// ListDrafts returns one page of drafts with their headers: 1 drafts.list +
// the drafts.get (format=metadata) of each draft, batched or fanned out; a
// draft deleted between the two is left out.
func (m *Mailbox) ListDrafts(ctx context.Context, limit int, pageToken string) (mail.DraftPage, error) {
	c := m.svc.Users.Drafts.List(me).Fields(draftListFields).Context(ctx)
	if limit > 0 {
		c = c.MaxResults(int64(limit))
	}
	if pageToken != "" {
		c = c.PageToken(pageToken)
	}
	resp, err := c.Do()
	if err != nil {
		return mail.DraftPage{}, m.fail(err, read("such page of drafts: list them again without a page token"))
	}
	found := make([]*mail.Draft, len(resp.Drafts))
	keep := func(gd *gmailapi.Draft, i int) error {
		d, err := toDraft(gd)
		if err != nil {
			return badAnswer(err)
		}
		found[i] = &d
		return nil
	}
	query := url.Values{"format": {"metadata"}, "fields": {draftFields}, "prettyPrint": {"false"}}.Encode()
	err = m.fetchEach(ctx, len(resp.Drafts),
		func(i int) batchCall {
			return batchCall{path: "drafts/" + url.PathEscape(resp.Drafts[i].Id) + "?" + query, cost: draftGetCost}
		},
		func(ctx context.Context, i int) error {
			id := resp.Drafts[i].Id
			gd, err := m.svc.Users.Drafts.Get(me, id).Format("metadata").Fields(draftFields).Context(ctx).Do()
			if isNotFound(err) {
				return nil
			}
			if err != nil {
				return m.fail(err, read("draft with id "+id))
			}
			return keep(gd, i)
		},
		func(i int, body []byte) error {
			var gd gmailapi.Draft
			if err := json.Unmarshal(body, &gd); err != nil {
				return badAnswer(fmt.Errorf("draft %s: %w", resp.Drafts[i].Id, err))
			}
			return keep(&gd, i)
		})
	if err != nil {
		return mail.DraftPage{}, m.fail(err, read("drafts"))
	}
	page := mail.DraftPage{Drafts: make([]mail.Draft, 0, len(found)), NextPageToken: resp.NextPageToken}
	for _, d := range found {
		if d != nil {
			page.Drafts = append(page.Drafts, *d)
		}
	}
	return page, nil
}

// CreateDraft saves an RFC 5322 message as a draft. 1 Gmail call, never
// retried: a lost answer is KindUncertain (a retry could save it twice).
func (m *Mailbox) CreateDraft(ctx context.Context, raw []byte, threadID string) (mail.Draft, error) {
	if len(raw) == 0 {
		return mail.Draft{}, mail.Errorf(mail.KindInvalid, "the draft is empty")
	}
	d := &gmailapi.Draft{Message: &gmailapi.Message{ThreadId: threadID}}
	c := m.svc.Users.Drafts.Create(me, d)
	if len(raw) > mediaThreshold {
		c.Media(bytes.NewReader(raw), mediaOptions()...)
	} else {
		d.Message.Raw = encodeBase64URL(raw)
	}
	gd, err := c.Fields(draftMadeFields).Context(ctx).Do()
	if err != nil {
		return mail.Draft{}, m.fail(err, call{notFound: "Gmail found no such conversation for the draft", scope: scopeDraft, unsure: unsureDraft})
	}
	return toDraft(gd)
}

// SendDraft sends a saved draft. 1 Gmail call, never retried: a failure after
// the request may have reached Gmail is KindUncertain.
func (m *Mailbox) SendDraft(ctx context.Context, draftID string) (mail.Sent, error) {
	if draftID == "" {
		return mail.Sent{}, mail.Errorf(mail.KindInvalid, "a draft id is required")
	}
	gm, err := m.svc.Users.Drafts.Send(me, &gmailapi.Draft{Id: draftID}).Fields(sentFields).Context(ctx).Do()
	if err != nil {
		return mail.Sent{}, m.fail(err, call{notFound: "no draft with id " + draftID, scope: scopeDraft, unsure: unsureSent})
	}
	return mail.Sent{ID: gm.Id, ThreadID: gm.ThreadId, LabelIDs: gm.LabelIds}, nil
}

func toDraft(gd *gmailapi.Draft) (mail.Draft, error) {
	d := mail.Draft{ID: gd.Id}
	if gd.Message != nil {
		msg, err := toMessage(gd.Message)
		if err != nil {
			return mail.Draft{}, err
		}
		d.Message = msg
	}
	return d, nil
}
