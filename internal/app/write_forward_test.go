package app_test

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

func TestForwardCarriesAttachmentsByteIdentical(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	pdf := make([]byte, 5000)
	for i := range pdf {
		pdf[i] = byte(i*31 + 7)
	}
	csv := []byte("name;amount\r\nÄrger;10 €\r\n")
	raw := "From: Alice <alice@example.com>\nTo: me@example.com\nCc: carol@example.com\nSubject: Invoice March\n" +
		"Date: Tue, 03 Mar 2026 15:09:00 +0100\nMessage-ID: <inv@example.com>\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"b1\"\n\n" +
		"--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nPlease find the invoice attached.\n" +
		"--b1\nContent-Type: application/pdf; name=\"invoice.pdf\"\nContent-Disposition: attachment; filename=\"invoice.pdf\"\nContent-Transfer-Encoding: base64\n\n" +
		wrBase64Lines(pdf) +
		"--b1\nContent-Type: text/csv; charset=utf-8\nContent-Disposition: attachment; filename*=utf-8''%C3%9Cbersicht.csv\nContent-Transfer-Encoding: base64\n\n" +
		wrBase64Lines(csv) +
		"--b1--\n"
	id := e.insert(t, raw)
	r := callOK[sendResult](t, cs, "forward_email", map[string]any{"message_id": id, "to": []string{"Dan <dan@example.org>"}, "comment": "FYI, see below."})
	if !r.Sent {
		t.Fatalf("result = %+v", r)
	}
	sent := e.acct.Sent()
	if len(sent) != 1 {
		t.Fatalf("fake received %d messages, want 1", len(sent))
	}
	m := wrParse(t, sent[0].Raw)
	if got := m.subject(t); got != "Fwd: Invoice March" {
		t.Errorf("subject = %q, want one Fwd: prefix", got)
	}
	if got := m.addresses(t, "To"); len(got) != 1 || got[0] != "dan@example.org" {
		t.Errorf("To = %v", got)
	}
	if m.header.Get("Cc") != "" || m.header.Get("Bcc") != "" {
		t.Errorf("forward added recipients: Cc %q Bcc %q", m.header.Get("Cc"), m.header.Get("Bcc"))
	}
	text := m.text("text/plain")
	for _, want := range []string{"FYI, see below.", "---------- Forwarded message ---------", "From: Alice <alice@example.com>",
		"Subject: Invoice March", "To: me@example.com", "Cc: carol@example.com", "Please find the invoice attached."} {
		if !strings.Contains(text, want) {
			t.Errorf("forwarded text lacks %q:\n%s", want, text)
		}
	}
	atts := m.attachments()
	if len(atts) != 2 {
		t.Fatalf("got %d attachments, want 2", len(atts))
	}
	for i, w := range []struct {
		name, mediaType string
		content         []byte
	}{{"invoice.pdf", "application/pdf", pdf}, {"Übersicht.csv", "text/csv", csv}} {
		if atts[i].filename != w.name || atts[i].mediaType != w.mediaType || !bytes.Equal(atts[i].body, w.content) {
			t.Errorf("attachment %d = %q %s %d bytes, want %q %s %d bytes identical", i, atts[i].filename, atts[i].mediaType, len(atts[i].body), w.name, w.mediaType, len(w.content))
		}
	}
	if got := wrAudit(t, e, "forward_email"); len(got) != 1 || got[0]["original_id"] != id || got[0]["outcome"] != "done" {
		t.Errorf("audit = %v", got)
	}
}

func TestForwardNeedsRecipientAndMessage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	id := e.insert(t, "From: a@example.com\nTo: me@example.com\nSubject: x\n\nbody\n")
	for _, args := range []map[string]any{
		{"message_id": id, "to": []string{}},
		{"message_id": "18c0ffee00000001", "to": []string{"b@example.com"}},
		{"message_id": "../etc", "to": []string{"b@example.com"}},
	} {
		if msg := callErr(t, cs, "forward_email", args); strings.Contains(msg, "internal error") {
			t.Errorf("%v: unclear error %q", args, msg)
		}
	}
	if len(e.acct.Sent()) != 0 {
		t.Error("a refused forward was sent")
	}
}

// wrBase64Lines encodes b as MIME base64 in 76-character lines.
func wrBase64Lines(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	out.WriteString(s + "\n")
	return out.String()
}
