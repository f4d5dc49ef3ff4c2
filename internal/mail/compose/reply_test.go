package compose

import (
	"slices"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func hdrs(kv ...string) mail.Headers {
	var h mail.Headers
	for i := 0; i < len(kv); i += 2 {
		h = append(h, mail.Header{Name: kv[i], Value: kv[i+1]})
	}
	return h
}

// A three-message thread: Alice writes to me and Carol, Carol answers all,
// Alice answers all again adding Dave.
var (
	self    = []string{"me@example.com", "me.alias@example.com"}
	thread1 = hdrs("From", "Alice <alice@example.com>", "To", "Me <me@example.com>", "Cc", "carol@example.net",
		"Subject", "Plan for =?utf-8?q?Z=C3=BCrich?=", "Message-ID", "<m1@example.com>")
	thread2 = hdrs("From", "carol@example.net", "To", "Alice <alice@example.com>", "Cc", "ME@example.com",
		"Subject", "Re: Plan for Zürich", "Message-ID", "<m2@example.net>", "In-Reply-To", "<m1@example.com>", "References", "<m1@example.com>")
	thread3 = hdrs("From", "Alice <alice@example.com>", "To", "carol@example.net, Me <me@example.com>", "Cc", "Dave <dave@example.org>, me.alias@example.com",
		"Subject", "RE: Plan for Zürich", "Message-ID", "<m3@example.com>", "In-Reply-To", "<m2@example.net>",
		"References", "<m1@example.com>\r\n <m2@example.net>")
)

func TestReply(t *testing.T) {
	a := func(name, email string) mail.Address { return mail.Address{Name: name, Email: email} }
	tests := []struct {
		name      string
		orig      mail.Headers
		all       bool
		to, cc    []mail.Address
		subject   string
		inReplyTo string
		refs      []string
	}{
		{"first message", thread1, false, []mail.Address{a("Alice", "alice@example.com")}, nil,
			"Re: Plan for Zürich", "<m1@example.com>", []string{"<m1@example.com>"}},
		{"middle of the thread", thread2, false, []mail.Address{a("", "carol@example.net")}, nil,
			"Re: Plan for Zürich", "<m2@example.net>", []string{"<m1@example.com>", "<m2@example.net>"}},
		{"middle, reply all", thread2, true, []mail.Address{a("", "carol@example.net")}, []mail.Address{a("Alice", "alice@example.com")},
			"Re: Plan for Zürich", "<m2@example.net>", []string{"<m1@example.com>", "<m2@example.net>"}},
		{"last, full chain", thread3, false, []mail.Address{a("Alice", "alice@example.com")}, nil,
			"RE: Plan for Zürich", "<m3@example.com>", []string{"<m1@example.com>", "<m2@example.net>", "<m3@example.com>"}},
		{"last, reply all without self or alias", thread3, true, []mail.Address{a("Alice", "alice@example.com")},
			[]mail.Address{a("", "carol@example.net"), a("Dave", "dave@example.org")},
			"RE: Plan for Zürich", "<m3@example.com>", []string{"<m1@example.com>", "<m2@example.net>", "<m3@example.com>"}},
		{"Reply-To honoured, reply all deduped", hdrs("From", "Bob <bob@example.com>", "Reply-To", "List <list@example.com>",
			"To", "list@example.com, me@example.com, Zed <zed@example.com>", "Cc", "ZED@example.com, bob@example.com", "Subject", "x", "Message-ID", "<r@x>"), true,
			[]mail.Address{a("List", "list@example.com")}, []mail.Address{a("Zed", "zed@example.com"), a("", "bob@example.com")},
			"Re: x", "<r@x>", []string{"<r@x>"}},
		{"own sent message goes to its To", hdrs("From", "Me <ME@example.com>", "To", "Ann <ann@example.com>, Ben <ben@example.com>", "Cc", "cy@example.com, me@example.com",
			"Subject", "Sv: hej", "Message-ID", "<s@x>"), true,
			[]mail.Address{a("Ann", "ann@example.com"), a("Ben", "ben@example.com")}, []mail.Address{a("", "cy@example.com")},
			"Sv: hej", "<s@x>", []string{"<s@x>"}},
		{"References missing: In-Reply-To used", hdrs("From", "a@example.com", "Subject", "AW: Frage", "Message-ID", "<n3@x>", "In-Reply-To", "<n2@x>"), false,
			[]mail.Address{a("", "a@example.com")}, nil, "AW: Frage", "<n3@x>", []string{"<n2@x>", "<n3@x>"}},
		{"references with comments and repeats", hdrs("From", "a@example.com", "Subject", "Re[2]: y", "Message-ID", "<n3@x>",
			"References", "<n1@x> (first) <n2@x> <n1@x> <n3@x>"), false,
			[]mail.Address{a("", "a@example.com")}, nil, "Re[2]: y", "<n3@x>", []string{"<n1@x>", "<n2@x>", "<n3@x>"}},
		{"no Message-ID", hdrs("From", "a@example.com", "Subject", ""), false,
			[]mail.Address{a("", "a@example.com")}, nil, "Re:", "", nil},
		{"encoded name, Fwd subject", hdrs("From", "=?iso-8859-1?q?J=F6rg?= <j@example.de>", "Subject", "Fwd: news", "Message-ID", "<f@x>"), false,
			[]mail.Address{a("Jörg", "j@example.de")}, nil, "Re: Fwd: news", "<f@x>", []string{"<f@x>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Reply(tt.orig, self, tt.all)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.To, tt.to) || !slices.Equal(d.Cc, tt.cc) || len(d.Bcc) > 0 {
				t.Errorf("to %v cc %v bcc %v, want to %v cc %v", d.To, d.Cc, d.Bcc, tt.to, tt.cc)
			}
			if d.Subject != tt.subject || d.InReplyTo != tt.inReplyTo || !slices.Equal(d.References, tt.refs) {
				t.Errorf("subject %q in-reply-to %q references %q, want %q %q %q", d.Subject, d.InReplyTo, d.References, tt.subject, tt.inReplyTo, tt.refs)
			}
			d.Text = "Thanks!"
			build(t, d)
		})
	}
}

func TestReplyRefuses(t *testing.T) {
	for _, h := range []mail.Headers{nil, hdrs("From", "not an address", "Subject", "x"), hdrs("From", "undisclosed-recipients:;")} {
		if _, err := Reply(h, self, false); mail.KindOf(err) != mail.KindInvalid {
			t.Errorf("Reply(%v) = %v, want a KindInvalid error", h, err)
		}
	}
}

func TestSubjectPrefixes(t *testing.T) {
	tests := []struct{ in, reply, forward string }{
		{"hello", "Re: hello", "Fwd: hello"},
		{"Re: hello", "Re: hello", "Fwd: Re: hello"},
		{"RE: hello", "RE: hello", "Fwd: RE: hello"},
		{"re:hello", "re:hello", "Fwd: re:hello"},
		{"Re[2]: hello", "Re[2]: hello", "Fwd: Re[2]: hello"},
		{"AW: Hallo", "AW: Hallo", "Fwd: AW: Hallo"},
		{"Sv: hej", "Sv: hej", "Fwd: Sv: hej"},
		{"回复：你好", "回复：你好", "Fwd: 回复：你好"},
		{"Fwd: news", "Re: Fwd: news", "Fwd: news"},
		{"FW: news", "Re: FW: news", "FW: news"},
		{"WG: Info", "Re: WG: Info", "WG: Info"},
		{"Regarding: plan", "Re: Regarding: plan", "Fwd: Regarding: plan"},
		{"Rex: dog", "Re: Rex: dog", "Fwd: Rex: dog"},
		{"  spaced  ", "Re: spaced", "Fwd: spaced"},
		{"", "Re:", "Fwd:"},
	}
	for _, tt := range tests {
		if got := replySubject(tt.in); got != tt.reply {
			t.Errorf("replySubject(%q) = %q, want %q", tt.in, got, tt.reply)
		}
		if got := forwardSubject(tt.in); got != tt.forward {
			t.Errorf("forwardSubject(%q) = %q, want %q", tt.in, got, tt.forward)
		}
	}
}
