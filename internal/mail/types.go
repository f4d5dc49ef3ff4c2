package mail

import (
	"net/mail"
	"strings"
	"time"
)

// Address is one mailbox: an optional display name and an email address.
type Address struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email"`
}

// String formats the address for a header, RFC 2047-encoding a non-ASCII name.
func (a Address) String() string {
	return (&mail.Address{Name: a.Name, Address: a.Email}).String()
}

// Header is one header field in the order it appears in the message.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Headers is an ordered header list with case-insensitive lookup.
type Headers []Header

// Get returns the first value of the named header, or "".
func (h Headers) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns every value of the named header in order.
func (h Headers) Values(name string) []string {
	var out []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// Part is one node of a message's MIME tree, as Gmail's "full" format returns
// it: the transfer encoding is already undone, but Body is still in the part's
// own charset. A part whose content Gmail keeps apart (attachments, large
// bodies) has an AttachmentID and no Body.
type Part struct {
	PartID       string
	MIMEType     string // lower case, e.g. "text/plain"
	Filename     string
	Headers      Headers
	Body         []byte
	AttachmentID string
	Size         int // decoded size in bytes, as Gmail reports it
	Parts        []*Part
}

// Message is one whole message: Gmail's metadata plus its MIME tree.
type Message struct {
	ID           string
	ThreadID     string
	LabelIDs     []string
	Snippet      string
	InternalDate time.Time
	SizeEstimate int
	HistoryID    uint64
	Payload      *Part // the root part; its Headers are the message headers
}

// Headers returns the top-level message headers.
func (m *Message) Headers() Headers {
	if m == nil || m.Payload == nil {
		return nil
	}
	return m.Payload.Headers
}

// Summary is what a message list shows of one message.
type Summary struct {
	ID             string    `json:"id"`
	ThreadID       string    `json:"thread_id"`
	From           Address   `json:"from"`
	To             []Address `json:"to"`
	Subject        string    `json:"subject"`
	Date           time.Time `json:"date"`
	Snippet        string    `json:"snippet"`
	Labels         []string  `json:"labels"`
	Unread         bool      `json:"unread"`
	HasAttachments bool      `json:"has_attachments"`
}

// ListQuery selects messages for a list or a search.
type ListQuery struct {
	LabelIDs         []string // every label must match; ids, not names
	Query            string   // Gmail search syntax
	Limit            int
	PageToken        string
	IncludeSpamTrash bool
}

// SummaryPage is one page of a list or search.
type SummaryPage struct {
	Messages           []Summary
	NextPageToken      string
	ResultSizeEstimate int
}

// Thread is a conversation, its messages oldest first.
type Thread struct {
	ID       string
	Messages []*Message
}

// LabelType tells Gmail's own labels from the user's.
type LabelType string

const (
	LabelSystem LabelType = "system"
	LabelUser   LabelType = "user"
)

// Label is a Gmail label (a "folder") with its counts.
type Label struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	Type           LabelType `json:"type"`
	MessagesTotal  int       `json:"messages_total"`
	MessagesUnread int       `json:"messages_unread"`
	ThreadsTotal   int       `json:"threads_total"`
	ThreadsUnread  int       `json:"threads_unread"`
}

// Profile identifies the account an instance serves.
type Profile struct {
	Email         string `json:"email"`
	MessagesTotal int    `json:"messages_total"`
	ThreadsTotal  int    `json:"threads_total"`
	HistoryID     uint64 `json:"history_id"`
}

// Sent identifies a message Gmail accepted for sending.
type Sent struct {
	ID       string   `json:"id"`
	ThreadID string   `json:"thread_id"`
	LabelIDs []string `json:"label_ids,omitempty"`
}

// Draft is a saved draft and the message it holds.
type Draft struct {
	ID      string
	Message *Message // metadata only in lists: Payload holds headers
}

// DraftPage is one page of drafts.
type DraftPage struct {
	Drafts        []Draft
	NextPageToken string
}

// Well-known Gmail system label ids.
const (
	LabelInbox     = "INBOX"
	LabelUnread    = "UNREAD"
	LabelSent      = "SENT"
	LabelTrash     = "TRASH"
	LabelSpam      = "SPAM"
	LabelDraft     = "DRAFT"
	LabelStarred   = "STARRED"
	LabelImportant = "IMPORTANT"
)
