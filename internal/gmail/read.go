package gmail

import (
	"context"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// Message returns a whole message. Cold: 1 Gmail call (format=full), after
// which the content is cached. Warm: 0 calls while the cached labels are
// younger than Options.LabelMaxAge, else 1 cheap format=minimal call for the
// labels alone. The returned Part tree is shared with the cache: read-only.
func (m *Mailbox) Message(ctx context.Context, id string) (*mail.Message, error) {
	if id == "" {
		return nil, mail.Errorf(mail.KindInvalid, "a message id is required")
	}
	if msg, labelsAt, ok := m.cache.get(id); ok {
		if m.labelMaxAge > 0 && m.now().Sub(labelsAt) <= m.labelMaxAge {
			return msg, nil
		}
		gm, err := m.svc.Users.Messages.Get(me, id).Format("minimal").Fields("id,labelIds").Context(ctx).Do()
		if err != nil {
			err = m.fail(err, readMessage(id))
			if mail.KindOf(err) == mail.KindNotFound {
				m.cache.forget(id)
			}
			return nil, err
		}
		m.cache.setLabels(id, gm.LabelIds, m.now())
		msg.LabelIDs = gm.LabelIds
		return msg, nil
	}
	gm, err := m.svc.Users.Messages.Get(me, id).Format("full").Context(ctx).Do()
	if err != nil {
		return nil, m.fail(err, readMessage(id))
	}
	msg, err := toMessage(gm)
	if err != nil {
		return nil, badAnswer(err)
	}
	m.cache.put(msg, m.now())
	return msg, nil
}

// Raw returns the message's RFC 5322 source. 1 Gmail call; not cached.
func (m *Mailbox) Raw(ctx context.Context, id string) ([]byte, error) {
	if id == "" {
		return nil, mail.Errorf(mail.KindInvalid, "a message id is required")
	}
	gm, err := m.svc.Users.Messages.Get(me, id).Format("raw").Fields("id,raw").Context(ctx).Do()
	if err != nil {
		return nil, m.fail(err, readMessage(id))
	}
	raw, err := decodeBase64URL(gm.Raw)
	if err != nil {
		return nil, badAnswer(err)
	}
	return raw, nil
}

// Thread returns a conversation, oldest first. 1 Gmail call (threads.get
// format=full); its messages go into the cache.
func (m *Mailbox) Thread(ctx context.Context, id string) (*mail.Thread, error) {
	if id == "" {
		return nil, mail.Errorf(mail.KindInvalid, "a thread id is required")
	}
	gt, err := m.svc.Users.Threads.Get(me, id).Format("full").Context(ctx).Do()
	if err != nil {
		return nil, m.fail(err, read("thread with id "+id))
	}
	now := m.now()
	t := &mail.Thread{ID: gt.Id, Messages: make([]*mail.Message, 0, len(gt.Messages))}
	for _, gm := range gt.Messages {
		msg, err := toMessage(gm)
		if err != nil {
			return nil, badAnswer(err)
		}
		m.cache.put(msg, now)
		t.Messages = append(t.Messages, msg)
	}
	return t, nil
}

// Attachment returns an attachment's decoded bytes. 1 Gmail call; not cached
// (Gmail issues a new attachment id on every fetch of a message).
func (m *Mailbox) Attachment(ctx context.Context, messageID, attachmentID string) ([]byte, error) {
	if messageID == "" || attachmentID == "" {
		return nil, mail.Errorf(mail.KindInvalid, "a message id and an attachment id are required")
	}
	body, err := m.svc.Users.Messages.Attachments.Get(me, messageID, attachmentID).Fields("data").Context(ctx).Do()
	if err != nil {
		return nil, m.fail(err, read("attachment with id "+attachmentID+" in message "+messageID))
	}
	data, err := decodeBase64URL(body.Data)
	if err != nil {
		return nil, badAnswer(err)
	}
	return data, nil
}
