package compose

import (
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func BenchmarkBuild(b *testing.B) {
	plain := Draft{From: alice, To: []mail.Address{bob, carol}, Subject: "Quarterly numbers ☕", Date: date,
		Text: strings.Repeat("A typical line of a business email, with a café or two.\n", 40)}
	withAttachment := plain
	withAttachment.Attachments = []Attachment{{Filename: "report.pdf", MIMEType: "application/pdf", Content: binary(1 << 20)}}
	for _, bc := range []struct {
		name string
		d    Draft
	}{{"plain", plain}, {"attachment_1MB", withAttachment}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Build(bc.d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
