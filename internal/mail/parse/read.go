package parse

import (
	"strings"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// Readable is a message as a person reads it.
type Readable struct {
	Subject     string
	From        mail.Address
	To          []mail.Address
	Cc          []mail.Address
	Bcc         []mail.Address
	ReplyTo     []mail.Address
	Date        time.Time // zero if missing or unparseable
	MessageID   string
	InReplyTo   string
	References  []string
	Text        string // the readable body, UTF-8; never raw HTML
	TextFrom    string // "text/plain", "text/html", or "" when there is no body
	HTML        string // the HTML body decoded to UTF-8 (unsanitised), "" if none
	Attachments []Attachment
}

// Attachment is a part a reader would open rather than read inline: files,
// inline images, forwarded messages, calendar invitations.
type Attachment struct {
	PartID       string
	Filename     string
	MIMEType     string
	Size         int
	AttachmentID string
	Inline       bool
	ContentID    string // without angle brackets
	Charset      string // the Content-Type charset parameter, for text attachments; "" if none
}

// Read walks the whole MIME tree of m and returns the readable message. A nil
// message or payload gives an empty Readable.
func Read(m *mail.Message) *Readable {
	r := &Readable{}
	if m == nil || m.Payload == nil {
		return r
	}
	readHeaders(r, m.Payload.Headers)
	w := walker{}
	segs := w.walk(m.Payload, false)
	r.Attachments = w.attachments
	r.Text, r.TextFrom, r.HTML = renderBody(segs)
	return r
}

func readHeaders(r *Readable, h mail.Headers) {
	r.Subject = DecodeHeader(h.Get("Subject"))
	r.From = Address(h.Get("From"))
	r.To = Addresses(strings.Join(h.Values("To"), ", "))
	r.Cc = Addresses(strings.Join(h.Values("Cc"), ", "))
	r.Bcc = Addresses(strings.Join(h.Values("Bcc"), ", "))
	r.ReplyTo = Addresses(strings.Join(h.Values("Reply-To"), ", "))
	r.Date = ParseDate(h.Get("Date"))
	r.MessageID = strings.TrimSpace(h.Get("Message-ID"))
	if ids := msgIDs(h.Get("In-Reply-To")); len(ids) > 0 {
		r.InReplyTo = ids[0]
	}
	r.References = msgIDs(h.Get("References"))
}

// msgIDs returns the "<...>" ids in a References or In-Reply-To value; a value
// without brackets counts as whitespace-separated ids.
func msgIDs(v string) []string {
	var ids []string
	for {
		lt := strings.IndexByte(v, '<')
		if lt < 0 {
			break
		}
		gt := strings.IndexByte(v[lt:], '>')
		if gt < 0 {
			break
		}
		if id := v[lt : lt+gt+1]; len(id) > 2 {
			ids = append(ids, id)
		}
		v = v[lt+gt+1:]
	}
	if ids == nil {
		ids = strings.Fields(v)
	}
	return ids
}
