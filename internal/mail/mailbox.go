package mail

import "context"

// Reader is the read side of one Gmail account.
type Reader interface {
	Profile(ctx context.Context) (Profile, error)
	// List returns one page of message summaries (headers only, no bodies).
	List(ctx context.Context, q ListQuery) (SummaryPage, error)
	// Message returns a whole message with its MIME tree.
	Message(ctx context.Context, id string) (*Message, error)
	// Raw returns the message's RFC 5322 source.
	Raw(ctx context.Context, id string) ([]byte, error)
	Thread(ctx context.Context, id string) (*Thread, error)
	Attachment(ctx context.Context, messageID, attachmentID string) ([]byte, error)
	Labels(ctx context.Context) ([]Label, error)
	// ResolveLabel finds a label by id or by name (case-insensitive), so users
	// can say "inbox" or "Projects/Apollo"; KindNotFound lists what exists.
	ResolveLabel(ctx context.Context, nameOrID string) (Label, error)
	ListDrafts(ctx context.Context, limit int, pageToken string) (DraftPage, error)
}

// Writer is the write side. Writes are never retried blindly: a failure whose
// outcome is unknown is reported as an *Error of KindUncertain.
type Writer interface {
	// Send sends an RFC 5322 message; threadID ties a reply to its conversation.
	Send(ctx context.Context, raw []byte, threadID string) (Sent, error)
	CreateDraft(ctx context.Context, raw []byte, threadID string) (Draft, error)
	SendDraft(ctx context.Context, draftID string) (Sent, error)
	// Trash moves a message to the trash; nothing here deletes permanently.
	Trash(ctx context.Context, id string) error
	// Modify adds and removes label ids on the messages.
	Modify(ctx context.Context, ids, addLabelIDs, removeLabelIDs []string) error
}

// Mailbox is one Gmail account, as the tools see it.
type Mailbox interface {
	Reader
	Writer
}
