package compose

import (
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// FuzzBuild: whatever a caller puts in header-bearing fields, Build either
// refuses it with a KindInvalid error or renders a message whose headers read
// back as exactly the expected set with exactly the given values (verify), so
// no input can add a header line or change how one parses. Input with CR, LF
// or NUL in a header field is always refused.
func FuzzBuild(f *testing.F) {
	seeds := [][5]string{
		{"Hello", "Bob", "bob@example.com", "a.txt", "hi"},
		{"Café ☕", "Jörg Müller", "j@example.de", "Résumé.pdf", "déjà vu"},
		{"x\r\nBcc: evil@example.com", "n", "a@b.com", "", ""},
		{"x", "Evil\nBcc: evil@example.com", "a@b.com", "", ""},
		{"x", "", "a@b.com\r\nX-Injected: 1", "", ""},
		{"x", "", "a@b.com", "f\r\nContent-Type: text/html", ""},
		{"=?utf-8?q?fake?=", "=?utf-8?q?fake?=", "a@b.com", "=?utf-8?q?fake?=", ""},
		{"  lead  trail  ", `"quoted" \ name`, "a@b.com", `"quote".txt`, "From x\n.\n"},
		{strings.Repeat("long ", 300), strings.Repeat("n", 300), "a@b.com", strings.Repeat("長", 80), strings.Repeat("z", 2000)},
		{"a\x00b", "c\x00", "a@b.com", "x\x00", ""},
		{"x", "Name", "a@b.com, c@d.com", "", ""},
		{"x", "", "\"a b\"@c.com", "", ""},
		{"x", "group", "g: a@b.com;", "", ""},
		{"\t", "\t", "a@b.com", "\t", "\r"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	f.Fuzz(func(t *testing.T, subject, name, email, filename, text string) {
		d := Draft{
			From:    mail.Address{Name: name, Email: "me@example.com"},
			To:      []mail.Address{{Name: name, Email: "to@example.com"}},
			Bcc:     []mail.Address{{Email: "hidden@example.com"}},
			Subject: subject,
			Text:    text,
			Date:    date,
		}
		// A junk address refuses the whole draft; keep the other fields
		// exercised by fuzzing the address only when it could be one.
		if strings.Contains(email, "@") {
			d.Cc = []mail.Address{{Name: subject, Email: email}}
		}
		if filename != "" {
			d.Attachments = []Attachment{{Filename: filename, Content: []byte(text)}}
		}
		raw, err := Build(d, WithRandom(seeded(0)))
		if err != nil {
			if mail.KindOf(err) != mail.KindInvalid {
				t.Fatalf("error of kind %v: %v", mail.KindOf(err), err)
			}
			return
		}
		for _, v := range []string{subject, name, filename} {
			if strings.ContainsAny(v, "\r\n\x00") {
				t.Fatalf("accepted %q", v)
			}
		}
		if d.Cc != nil && strings.ContainsAny(email, "\r\n\x00") {
			t.Fatalf("accepted address %q", email)
		}
		if err := verify(d, raw); err != nil {
			t.Fatalf("%v\n%s", err, raw)
		}
	})
}
