package app_test

import (
	"io"
	"mime"
	"net/mail"
	"strings"
	"testing"
)

func TestSendNonASCIISubjectRoundTrips(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	subject := "Café ☕ — Übersicht für Jürgen"
	body := "Hallo Jürgen,\n\na < b & c > d, 10 € — 日本語も大丈夫。\n"
	r := callOK[sendResult](t, cs, "send_email", map[string]any{
		"to": []string{"Jürgen Groß <juergen@example.de>"}, "subject": subject, "body": body, "cc": []string{"cc@example.com"},
	})
	if !r.Sent || r.ID == "" {
		t.Fatalf("send result = %+v", r)
	}
	sent := e.acct.Sent()
	if len(sent) != 1 {
		t.Fatalf("fake received %d messages, want 1", len(sent))
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(sent[0].Raw)))
	if err != nil {
		t.Fatalf("parse sent message: %v", err)
	}
	dec := new(mime.WordDecoder)
	gotSubject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || gotSubject != subject {
		t.Errorf("subject = %q (%v), want %q", gotSubject, err, subject)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "juergen@example.de" || to[0].Name != "Jürgen Groß" {
		t.Errorf("To = %v (%v)", to, err)
	}
	gotBody := decodeBody(t, msg)
	if strings.ReplaceAll(gotBody, "\r\n", "\n") != body {
		t.Errorf("body = %q, want %q", gotBody, body)
	}
}

func decodeBody(t *testing.T, msg *mail.Message) string {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Fatalf("Content-Type = %q (%v), want text/plain; charset=utf-8", msg.Header.Get("Content-Type"), err)
	}
	r := decodeTransfer(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

func TestHeaderInjectionRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	base := func() map[string]any {
		return map[string]any{"to": []string{"a@example.com"}, "subject": "hi", "body": "x"}
	}
	cases := map[string]func(map[string]any){
		"subject LF":  func(a map[string]any) { a["subject"] = "hi\nBcc: evil@example.com" },
		"subject CR":  func(a map[string]any) { a["subject"] = "hi\rBcc: evil@example.com" },
		"to":          func(a map[string]any) { a["to"] = []string{"a@example.com\r\nBcc: evil@example.com"} },
		"to name":     func(a map[string]any) { a["to"] = []string{"\"Eve\nBcc: evil@example.com\" <a@example.com>"} },
		"cc":          func(a map[string]any) { a["cc"] = []string{"b@example.com\nX-Evil: 1"} },
		"bcc":         func(a map[string]any) { a["bcc"] = []string{"c@example.com\n"} },
		"two in one":  func(a map[string]any) { a["to"] = []string{"a@example.com, evil@example.com"} },
		"bad address": func(a map[string]any) { a["to"] = []string{"not an address"} },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			args := base()
			mutate(args)
			callErr(t, cs, "send_email", args)
		})
	}
	if n := len(e.acct.Sent()); n != 0 {
		t.Errorf("fake received %d messages after refused sends", n)
	}
}
