package compose

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// validated holds what validation normalised, ready to render.
type validated struct {
	messageID   string
	inReplyTo   string
	references  []string
	attachTypes []string // media type per attachment
}

// validate checks everything a caller put into d, collecting every problem.
func validate(d Draft) (validated, error) {
	var v validated
	var problems []string
	add := func(p string) {
		if p != "" {
			problems = append(problems, p)
		}
	}
	if d.From != (mail.Address{}) {
		add(addressProblem("from", d.From))
	}
	unique := map[string]bool{}
	for _, f := range []struct {
		name string
		list []mail.Address
	}{{"to", d.To}, {"cc", d.Cc}, {"bcc", d.Bcc}} {
		for i, a := range f.list {
			add(addressProblem(fmt.Sprintf("%s #%d", f.name, i+1), a))
			unique[strings.ToLower(a.Email)] = true
		}
	}
	switch n := len(unique); {
	case n == 0:
		add("no recipient: give at least one address in to, cc or bcc")
	case n > MaxRecipients:
		add(fmt.Sprintf("%d recipients, more than the %d allowed in one message: split the recipients over several messages", n, MaxRecipients))
	}
	add(headerProblem("subject", d.Subject))
	if !utf8.ValidString(d.Text) {
		add("body is not valid UTF-8 text")
	}
	if !utf8.ValidString(d.HTML) {
		add("html body is not valid UTF-8 text")
	}
	var p string
	if d.MessageID != "" {
		v.messageID, p = normalizeMsgID("message id", d.MessageID)
		add(p)
	}
	if d.InReplyTo != "" {
		v.inReplyTo, p = normalizeMsgID("in-reply-to", d.InReplyTo)
		add(p)
	}
	for i, r := range d.References {
		id, p := normalizeMsgID(fmt.Sprintf("references #%d", i+1), r)
		add(p)
		v.references = append(v.references, id)
	}
	for i, a := range d.Attachments {
		mt, ps := attachmentProblems(i+1, a)
		problems = append(problems, ps...)
		v.attachTypes = append(v.attachTypes, mt)
	}
	if len(problems) > 0 {
		return validated{}, invalid(problems)
	}
	return v, nil
}
