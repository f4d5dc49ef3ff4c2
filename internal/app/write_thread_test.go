package app_test

import (
	"slices"
	"strings"
	"testing"
)

// A three-message conversation: Alice writes, I answer, Bob answers with a
// Reply-To, naming Alice twice and me in another spelling.
var wrThread = []string{
	"From: Alice <alice@example.com>\nTo: me@example.com\nCc: bob@example.com\nSubject: Plan for Q3\n" +
		"Date: Mon, 02 Mar 2026 09:00:00 +0000\nMessage-ID: <m1@example.com>\n\nShall we plan?\n",
	"From: Me <me@example.com>\nTo: Alice <alice@example.com>\nCc: bob@example.com, carol@example.com\nSubject: Re: Plan for Q3\n" +
		"Date: Mon, 02 Mar 2026 10:00:00 +0000\nMessage-ID: <m2@example.com>\nIn-Reply-To: <m1@example.com>\nReferences: <m1@example.com>\n\nYes.\n",
	"From: Bob <bob@example.com>\nReply-To: Bob's list <bob-list@example.com>\nTo: ME <ME@EXAMPLE.COM>, alice@example.com\n" +
		"Cc: Alice Again <Alice@example.com>, carol@example.com, dave@example.com\nSubject: RE: Plan for Q3\n" +
		"Date: Mon, 02 Mar 2026 11:00:00 +0000\nMessage-ID: <m3@example.com>\nIn-Reply-To: <m2@example.com>\nReferences: <m1@example.com> <m2@example.com>\n\nAgreed.\n",
}

func TestReplyThreading(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	ids := []string{e.insert(t, wrThread[0]), e.insert(t, wrThread[1], "SENT"), e.insert(t, wrThread[2])}
	thread := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": ids[0]}).ThreadID
	for _, id := range ids[1:] {
		if got := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id}).ThreadID; got != thread {
			t.Fatalf("fixture: message %s is in thread %s, not %s", id, got, thread)
		}
	}
	cases := []struct {
		name       string
		msg        int
		replyAll   bool
		to, cc     []string
		inReplyTo  string
		references string
	}{
		// Replying to my own message goes to its recipients, as Gmail does.
		{"reply to middle (mine)", 1, false, []string{"alice@example.com"}, nil, "<m2@example.com>", "<m1@example.com> <m2@example.com>"},
		{"reply all to middle (mine)", 1, true, []string{"alice@example.com"}, []string{"bob@example.com", "carol@example.com"}, "<m2@example.com>", "<m1@example.com> <m2@example.com>"},
		{"reply to last", 2, false, []string{"bob-list@example.com"}, nil, "<m3@example.com>", "<m1@example.com> <m2@example.com> <m3@example.com>"},
		{"reply all to last", 2, true, []string{"bob-list@example.com"}, []string{"alice@example.com", "carol@example.com", "dave@example.com"}, "<m3@example.com>", "<m1@example.com> <m2@example.com> <m3@example.com>"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := "Reply number " + string(rune('A'+i)) + "\n"
			r := callOK[sendResult](t, cs, "reply_email", map[string]any{"message_id": ids[c.msg], "body": body, "reply_all": c.replyAll})
			if !r.Sent {
				t.Fatalf("result = %+v", r)
			}
			if r.ThreadID != thread {
				t.Errorf("thread_id = %s, want %s", r.ThreadID, thread)
			}
			sent := e.acct.Sent()
			last := sent[len(sent)-1]
			if last.ThreadID != thread {
				t.Errorf("fake stored the reply in thread %s, want %s", last.ThreadID, thread)
			}
			m := wrParse(t, last.Raw)
			if got := m.header.Get("In-Reply-To"); got != c.inReplyTo {
				t.Errorf("In-Reply-To = %q, want %q", got, c.inReplyTo)
			}
			if got := strings.Join(strings.Fields(m.header.Get("References")), " "); got != c.references {
				t.Errorf("References = %q, want %q", got, c.references)
			}
			if got := m.subject(t); !strings.EqualFold(got, "Re: Plan for Q3") || strings.Count(strings.ToLower(got), "re:") != 1 {
				t.Errorf("subject = %q, want \"Re: Plan for Q3\" with one reply prefix", got)
			}
			if got := m.addresses(t, "To"); !slices.Equal(got, c.to) {
				t.Errorf("To = %v, want %v", got, c.to)
			}
			if got := m.addresses(t, "Cc"); !slices.Equal(got, c.cc) {
				t.Errorf("Cc = %v, want %v", got, c.cc)
			}
			if got := m.addresses(t, "From"); !slices.Equal(got, []string{testAccount}) {
				t.Errorf("From = %v", got)
			}
			if got := m.text("text/plain"); got != body {
				t.Errorf("body = %q, want %q", got, body)
			}
		})
	}
}
