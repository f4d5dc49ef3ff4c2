package compose

import (
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestPreview(t *testing.T) {
	tests := []struct {
		name  string
		draft Draft
		want  string
	}{
		{"full", Draft{To: []mail.Address{alice, bob}, Cc: []mail.Address{carol}, Bcc: []mail.Address{{Email: "h@example.com"}},
			Subject: "Plan", Text: "1\n2\n3\n4\n5\n6\n7\n",
			Attachments: []Attachment{{Filename: "a.pdf", Content: make([]byte, 2048)}, {Filename: "b.txt", Content: []byte("hi")}}},
			"To: Alice Example <alice@example.com>, bob@example.org\nCc: Carol, the \"Boss\" <carol@example.net>\nBcc: h@example.com\n" +
				"Subject: Plan\nAttachments: a.pdf (2.0 KB), b.txt (2 bytes)\n\n1\n2\n3\n4\n5\n[… 2 more lines]"},
		{"no subject, long line", Draft{To: []mail.Address{bob}, Text: strings.Repeat("é", 250)},
			"To: bob@example.org\nSubject: (no subject)\n\n" + strings.Repeat("é", 200) + "…"},
		{"html only", Draft{To: []mail.Address{bob}, Subject: "n", HTML: "<p>Hello <b>you</b></p>"},
			"To: bob@example.org\nSubject: n\n\nHello **you**"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Preview(tt.draft); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
