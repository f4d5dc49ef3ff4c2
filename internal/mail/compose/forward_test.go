package compose

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestForward(t *testing.T) {
	orig := Original{
		Headers: hdrs("From", "=?utf-8?q?Ren=C3=A9e?= <renee@example.fr>", "To", "me@example.com, Bob <bob@example.org>",
			"Cc", "carol@example.net", "Date", "Fri, 14 Mar 2025 15:09:26 +0100", "Subject", "Quarterly numbers"),
		Text: "Numbers attached.\na < b & c > d\n",
		HTML: "<html><head><title>x</title></head><BODY class=\"m\"><p>Numbers <b>attached</b>.</p></BODY></html>",
		Attachments: []Attachment{
			{Filename: "q1.xlsx", MIMEType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Content: binary(5000)},
			{Filename: "chart.png", MIMEType: "image/png", Content: binary(700), ContentID: "chart@x"},
		},
	}
	to := []mail.Address{{Name: "Dan", Email: "dan@example.com"}}
	d, err := Forward(orig, to, "FYI, see below.\nDan: 2nd line")
	if err != nil {
		t.Fatal(err)
	}
	wantText := "FYI, see below.\nDan: 2nd line\n\n" +
		"---------- Forwarded message ---------\n" +
		"From: Renée <renee@example.fr>\n" +
		"Date: Fri, Mar 14, 2025 at 3:09 PM\n" +
		"Subject: Quarterly numbers\n" +
		"To: me@example.com, Bob <bob@example.org>\n" +
		"Cc: carol@example.net\n\n" +
		"Numbers attached.\na < b & c > d\n"
	if d.Text != wantText {
		t.Errorf("text\n%q\nwant\n%q", d.Text, wantText)
	}
	if d.Subject != "Fwd: Quarterly numbers" || len(d.To) != 1 || d.To[0] != to[0] {
		t.Errorf("subject %q to %v", d.Subject, d.To)
	}
	for _, want := range []string{"<div>FYI, see below.<br>\nDan: 2nd line</div>", "From: Renée &lt;renee@example.fr&gt;<br>", "<p>Numbers <b>attached</b>.</p>"} {
		if !strings.Contains(d.HTML, want) {
			t.Errorf("html lacks %q:\n%s", want, d.HTML)
		}
	}
	if strings.Contains(d.HTML, "<title>") || strings.Contains(d.HTML, "<BODY") {
		t.Errorf("html nests the original document:\n%s", d.HTML)
	}

	// The rendered message carries the original attachments byte for byte.
	raw := build(t, d)
	_, leaves, _ := readBack(raw)
	found := 0
	for _, l := range leaves {
		for _, a := range orig.Attachments {
			if l.dispParams["filename"] == a.Filename {
				found++
				if !bytes.Equal(l.body, a.Content) {
					t.Errorf("%s changed in the forward", a.Filename)
				}
			}
		}
	}
	if found != len(orig.Attachments) {
		t.Errorf("%d of %d attachments forwarded", found, len(orig.Attachments))
	}
}

func TestForwardVariants(t *testing.T) {
	to := []mail.Address{{Email: "dan@example.com"}}
	tests := []struct {
		name    string
		orig    Original
		comment string
		subject string
		text    string // prefix of the text
		html    bool
	}{
		{"no comment, already forwarded, no Cc", Original{Headers: hdrs("From", "a@example.com", "To", "me@example.com", "Subject", "Fwd: x", "Date", "bad date"), Text: "body"},
			"", "Fwd: x", "---------- Forwarded message ---------\nFrom: a@example.com\nDate: bad date\nSubject: Fwd: x\nTo: me@example.com\n\nbody", false},
		{"HTML-only original", Original{Headers: hdrs("From", "a@example.com", "Subject", "News"), HTML: "<p>Big <b>news</b></p>"},
			"look", "Fwd: News", "look\n\n---------- Forwarded message ---------\nFrom: a@example.com\nDate: \nSubject: News\nTo: \n\nBig **news**", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Forward(tt.orig, to, tt.comment)
			if err != nil {
				t.Fatal(err)
			}
			if d.Subject != tt.subject || !strings.HasPrefix(d.Text, tt.text) || (d.HTML != "") != tt.html {
				t.Errorf("subject %q text %q html %q", d.Subject, d.Text, d.HTML)
			}
			build(t, d)
		})
	}
	if _, err := Forward(Original{}, nil, ""); mail.KindOf(err) != mail.KindInvalid {
		t.Errorf("forward without recipients: %v", err)
	}
}
