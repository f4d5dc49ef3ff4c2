package compose

import (
	"html"
	netmail "net/mail"
	"slices"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/mail/parse"
)

// Original is the message being forwarded: its headers, readable bodies and
// attachments (with their content).
type Original struct {
	Headers     mail.Headers
	Text, HTML  string
	Attachments []Attachment
}

const forwardedMarker = "---------- Forwarded message ---------"

// Forward makes the draft forwarding orig to the given recipients, in Gmail's
// format: the comment, then a "Forwarded message" block with the original's
// From, Date, Subject, To and Cc, then its text. An HTML original gets an
// HTML version too. The original attachments travel along unchanged.
func Forward(orig Original, to []mail.Address, comment string) (Draft, error) {
	if len(to) == 0 {
		return Draft{}, invalid([]string{"no recipient to forward to: give at least one address in to"})
	}
	h := orig.Headers
	fields := [][2]string{
		{"From", displayAddresses(h.Get("From"))},
		{"Date", displayDate(h.Get("Date"))},
		{"Subject", parse.DecodeHeader(h.Get("Subject"))},
		{"To", displayAddresses(h.Get("To"))},
	}
	if cc := displayAddresses(h.Get("Cc")); cc != "" {
		fields = append(fields, [2]string{"Cc", cc})
	}

	text := orig.Text
	if text == "" && orig.HTML != "" {
		text = htmlToText(orig.HTML)
	}
	var b strings.Builder
	if comment != "" {
		b.WriteString(comment + "\n\n")
	}
	b.WriteString(forwardedMarker + "\n")
	for _, f := range fields {
		b.WriteString(f[0] + ": " + f[1] + "\n")
	}
	b.WriteString("\n" + text)

	d := Draft{
		To:          slices.Clone(to),
		Subject:     forwardSubject(parse.DecodeHeader(h.Get("Subject"))),
		Text:        b.String(),
		Attachments: slices.Clone(orig.Attachments),
	}
	if orig.HTML != "" {
		d.HTML = forwardHTML(comment, fields, orig.HTML)
	}
	return d, nil
}

func forwardHTML(comment string, fields [][2]string, origHTML string) string {
	var b strings.Builder
	if comment != "" {
		b.WriteString("<div>" + strings.ReplaceAll(html.EscapeString(comment), "\n", "<br>\n") + "</div><br>\n")
	}
	b.WriteString(`<div class="gmail_quote">` + forwardedMarker + "<br>\n")
	for _, f := range fields {
		b.WriteString(f[0] + ": " + html.EscapeString(f[1]) + "<br>\n")
	}
	b.WriteString("<br>\n" + bodyContent(origHTML) + "\n</div>\n")
	return b.String()
}

// bodyContent returns what is inside <body>…</body>, so a whole original
// document nests inside the forward's own.
func bodyContent(doc string) string {
	start := indexFold(doc, "<body")
	if start < 0 {
		return doc
	}
	gt := strings.IndexByte(doc[start:], '>')
	if gt < 0 {
		return doc
	}
	inner := doc[start+gt+1:]
	if end := indexFold(inner, "</body"); end >= 0 {
		inner = inner[:end]
	}
	return inner
}

// indexFold is strings.Index ignoring ASCII case, without re-encoding s.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// displayAddresses shows an address header as a person reads it:
// "Name <a@example.com>, b@example.com".
func displayAddresses(h string) string {
	list := parse.Addresses(h)
	if len(list) == 0 {
		return parse.DecodeHeader(h)
	}
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = displayAddress(a)
	}
	return strings.Join(s, ", ")
}

func displayAddress(a mail.Address) string {
	if a.Name == "" {
		return a.Email
	}
	return a.Name + " <" + a.Email + ">"
}

// displayDate writes a date as Gmail's forward header does ("Fri, Mar 14, 2025
// at 3:09 PM"), in the original's own zone; an unparsable date stays as is.
func displayDate(h string) string {
	t, err := netmail.ParseDate(h)
	if err != nil {
		return parse.DecodeHeader(h)
	}
	return t.Format("Mon, Jan 2, 2006 at 3:04 PM")
}
