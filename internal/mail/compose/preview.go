package compose

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// Preview limits: enough for a person to recognise the message.
const (
	previewLines     = 5
	previewLineRunes = 200
)

// Preview is the short text a confirm-before-send prompt shows: recipients,
// subject, attachments and the first lines of the body.
func Preview(d Draft) string {
	var b strings.Builder
	for _, f := range []struct {
		name string
		list []mail.Address
	}{{"To", d.To}, {"Cc", d.Cc}, {"Bcc", d.Bcc}} {
		if len(f.list) == 0 {
			continue
		}
		s := make([]string, len(f.list))
		for i, a := range f.list {
			s[i] = displayAddress(a)
		}
		fmt.Fprintf(&b, "%s: %s\n", f.name, strings.Join(s, ", "))
	}
	subject := d.Subject
	if subject == "" {
		subject = "(no subject)"
	}
	fmt.Fprintf(&b, "Subject: %s\n", subject)
	if len(d.Attachments) > 0 {
		s := make([]string, len(d.Attachments))
		for i, a := range d.Attachments {
			s[i] = fmt.Sprintf("%s (%s)", a.Filename, humanSize(len(a.Content)))
		}
		fmt.Fprintf(&b, "Attachments: %s\n", strings.Join(s, ", "))
	}
	text := d.Text
	if text == "" && d.HTML != "" {
		text = htmlToText(d.HTML)
	}
	lines := strings.Split(strings.TrimRight(canonicalText(text), "\r\n"), "\r\n")
	b.WriteString("\n")
	for i, line := range lines {
		if i == previewLines {
			fmt.Fprintf(&b, "[… %d more lines]\n", len(lines)-previewLines)
			break
		}
		if utf8.RuneCountInString(line) > previewLineRunes {
			line = string([]rune(line)[:previewLineRunes]) + "…"
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func humanSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
