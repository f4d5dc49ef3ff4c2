package gmail

import (
	"bytes"
	"context"
	"fmt"

	gmailapi "google.golang.org/api/gmail/v1"
	"google.golang.org/api/googleapi"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// mediaThreshold is the raw size above which a message goes up as a media
// upload: Gmail refuses large messages inlined base64url in the JSON body.
const mediaThreshold = 4 << 20

// batchModifyMax is Gmail's limit of ids per messages.batchModify.
const batchModifyMax = 1000

const sentFields = "id,threadId,labelIds"

var sendCall = call{notFound: "Gmail found no such conversation to reply in", scope: scopeSend, unsure: unsureSent}

// Send sends an RFC 5322 message, in threadID's conversation when given.
// 1 Gmail call, never retried: a failure after the request may have reached
// Gmail is KindUncertain.
func (m *Mailbox) Send(ctx context.Context, raw []byte, threadID string) (mail.Sent, error) {
	if len(raw) == 0 {
		return mail.Sent{}, mail.Errorf(mail.KindInvalid, "the message is empty")
	}
	msg := &gmailapi.Message{ThreadId: threadID}
	c := m.svc.Users.Messages.Send(me, msg)
	if len(raw) > mediaThreshold {
		c.Media(bytes.NewReader(raw), mediaOptions()...)
	} else {
		msg.Raw = encodeBase64URL(raw)
	}
	gm, err := c.Fields(sentFields).Context(ctx).Do()
	if err != nil {
		return mail.Sent{}, m.fail(err, sendCall)
	}
	return mail.Sent{ID: gm.Id, ThreadID: gm.ThreadId, LabelIDs: gm.LabelIds}, nil
}

// mediaOptions upload the message as one multipart/related request
// (ChunkSize 0): a resumable session would add round trips and replays.
func mediaOptions() []googleapi.MediaOption {
	return []googleapi.MediaOption{googleapi.ContentType("message/rfc822"), googleapi.ChunkSize(0)}
}

// Trash moves a message to the trash (never a permanent delete). 1 Gmail call.
func (m *Mailbox) Trash(ctx context.Context, id string) error {
	if id == "" {
		return mail.Errorf(mail.KindInvalid, "a message id is required")
	}
	gm, err := m.svc.Users.Messages.Trash(me, id).Fields("id,labelIds").Context(ctx).Do()
	if err != nil {
		return m.fail(err, modifyCall("no message with id "+id))
	}
	m.cache.setLabels(id, gm.LabelIds, m.now())
	return nil
}

// Modify adds and removes label ids: one id is 1 messages.modify; more are
// messages.batchModify calls of up to 1000 ids each.
func (m *Mailbox) Modify(ctx context.Context, ids, addLabelIDs, removeLabelIDs []string) error {
	if len(ids) == 0 {
		return mail.Errorf(mail.KindInvalid, "at least one message id is required")
	}
	if len(addLabelIDs) == 0 && len(removeLabelIDs) == 0 {
		return mail.Errorf(mail.KindInvalid, "name at least one label to add or remove")
	}
	if len(ids) == 1 {
		req := &gmailapi.ModifyMessageRequest{AddLabelIds: addLabelIDs, RemoveLabelIds: removeLabelIDs}
		gm, err := m.svc.Users.Messages.Modify(me, ids[0], req).Fields("id,labelIds").Context(ctx).Do()
		if err != nil {
			return m.fail(err, modifyCall("no message with id "+ids[0]))
		}
		m.cache.setLabels(ids[0], gm.LabelIds, m.now())
		return nil
	}
	for start := 0; start < len(ids); start += batchModifyMax {
		chunk := ids[start:min(start+batchModifyMax, len(ids))]
		req := &gmailapi.BatchModifyMessagesRequest{Ids: chunk, AddLabelIds: addLabelIDs, RemoveLabelIds: removeLabelIDs}
		if err := m.svc.Users.Messages.BatchModify(me, req).Context(ctx).Do(); err != nil {
			err := m.fail(err, modifyCall("no message with one of the given ids"))
			if start > 0 {
				if e, ok := err.(*mail.Error); ok {
					e.Message = fmt.Sprintf("labels changed on %d of %d messages, then: %s", start, len(ids), e.Message)
				}
			}
			return err
		}
		m.cache.changeLabels(chunk, addLabelIDs, removeLabelIDs)
	}
	return nil
}

func modifyCall(notFound string) call { return call{notFound: notFound, scope: scopeModify} }
