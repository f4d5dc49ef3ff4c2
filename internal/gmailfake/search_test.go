package gmailfake

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSearchOperators(t *testing.T) {
	now := time.Date(2025, 6, 16, 12, 0, 0, 0, time.UTC)
	e := newEnv(t, Options{Now: func() time.Time { return now }})
	receipts := e.acct.CreateLabel("Receipts")
	apollo := e.acct.CreateLabel("Projects/Apollo")
	msg := func(from, to, subject string, age time.Duration, extra, body string) string {
		return fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@example.com>\r\n%s\r\n%s\r\n",
			from, to, subject, now.Add(-age).Format(time.RFC1123Z), strings.ReplaceAll(strings.ToLower(subject), " ", "-"), extra, body)
	}
	day := 24 * time.Hour
	names := map[string]string{}
	add := func(name, raw string, labels ...string) { names[e.insert(t, raw, labels...)] = name }
	add("alice", msg("Alice Smith <alice@example.com>", "me@example.com", "Quarterly budget review", 2*day, "Cc: Carol <carol@example.org>\r\n", "Please review the budget before Friday."), "INBOX", "UNREAD", "IMPORTANT")
	add("bob", msg("Bob Jones <bob@example.org>", "me@example.com", "Lunch plans", 10*day, "", "Pizza or ramen? Let me know."), "INBOX", "STARRED", apollo)
	add("receipt", msg("Shop <receipts@shop.example.com>", "me@example.com", "Your receipt", 40*day, "", "Total $10.00 paid."), "INBOX", receipts)
	add("sent", msg("me@example.com", "Alice Smith <alice@example.com>", "Re: Quarterly budget review", day, "Bcc: boss@example.com\r\n", "Reviewed, looks fine."), "SENT")
	add("spam", msg("Prize <win@prize.example.net>", "me@example.com", "You won a budget prize", 3*day, "", "Claim now"), "SPAM")
	add("trash", msg("Old <old@example.com>", "me@example.com", "Old budget notes", 400*day, "", "outdated"), "TRASH")
	add("attach", "From: Helena <helena@example.org>\r\nTo: me@example.com\r\nSubject: Report attached\r\nDate: "+now.Add(-5*day).Format(time.RFC1123Z)+
		"\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee the report.\r\n--b\r\n"+
		"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"Q2 report.pdf\"\r\n\r\n%PDF-1.4\r\n--b--\r\n", "INBOX")

	for _, tc := range []struct {
		q    string
		want string // names, sorted, comma separated
	}{
		{"", "alice,attach,bob,receipt,sent"},
		{"from:alice", "alice"},
		{"from:alice@example.com", "alice"},
		{"from:me", "sent"},
		{"to:alice", "sent"},
		{"cc:carol", "alice"},
		{"bcc:boss", "sent"},
		{"subject:budget", "alice,sent"},
		{"budget", "alice,sent"},
		{`"budget review"`, "alice,sent"},
		{`"review budget"`, ""},
		{"BUDGET -subject:re", "alice"},
		{"budge", ""},
		{"label:receipts", "receipt"},
		{"label:projects-apollo", "bob"},
		{"label:Projects/Apollo", "bob"},
		{"in:inbox is:unread", "alice"},
		{"is:read in:inbox", "attach,bob,receipt"},
		{"is:starred OR is:important", "alice,bob"},
		{"{is:starred is:important}", "alice,bob"},
		{"in:sent", "sent"},
		{"in:spam", "spam"},
		{"in:trash", "trash"},
		{"budget in:anywhere", "alice,sent,spam,trash"},
		{"has:attachment", "attach"},
		{"filename:pdf", "attach"},
		{"filename:\"q2 report.pdf\"", "attach"},
		{"newer_than:3d", "alice,sent"},
		{"older_than:1m", "receipt"},
		{"newer_than:48h", "sent"},
		{"after:2025/06/11 before:2025/06/15", "alice,attach"},
		{fmt.Sprintf("after:%d", now.Add(-36*time.Hour).Unix()), "sent"},
		{"larger:300 smaller:1k", "attach"},
		{"rfc822msgid:<lunch-plans@example.com>", "bob"},
		{"rfc822msgid:lunch-plans@example.com", "bob"},
		{"(pizza OR total) -from:bob", "receipt"},
		{"subject:(lunch plans)", "bob"},
		{"from:(alice OR bob)", "alice,bob"},
		{"category:primary", ""},
		{"unknownop:value", ""},
		{"(budget", "alice,sent"},
		{"budget)", "alice,sent"},
	} {
		res, err := e.gm.Users.Messages.List("me").Q(tc.q).Do()
		if err != nil {
			t.Errorf("%q: %v", tc.q, err)
			continue
		}
		var got []string
		for _, m := range res.Messages {
			got = append(got, names[m.Id])
		}
		slices.Sort(got)
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%q = %v, want %s", tc.q, got, tc.want)
		}
		if res.ResultSizeEstimate != int64(len(got)) {
			t.Errorf("%q: resultSizeEstimate %d for %d", tc.q, res.ResultSizeEstimate, len(got))
		}
	}
}

func TestListOrderAndPaging(t *testing.T) {
	e := newEnv(t, Options{})
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var ids []string
	for i := range 7 {
		ids = append(ids, e.insert(t, fmt.Sprintf("From: a@example.com\r\nTo: me@example.com\r\nSubject: n%d\r\nDate: %s\r\n\r\nbody\r\n", i, base.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z)), "INBOX"))
	}
	slices.Reverse(ids) // newest first
	var got []string
	token := ""
	for pages := 0; ; pages++ {
		res, err := e.gm.Users.Messages.List("me").MaxResults(3).PageToken(token).Do()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Messages {
			got = append(got, m.Id)
		}
		if token = res.NextPageToken; token == "" {
			if pages != 2 {
				t.Errorf("%d pages, want 3", pages+1)
			}
			break
		}
	}
	if !slices.Equal(got, ids) {
		t.Errorf("paged ids %v, want %v", got, ids)
	}
	empty, err := e.gm.Users.Messages.List("me").Q("nothing-matches-this").Do()
	if err != nil || empty.Messages != nil || empty.ResultSizeEstimate != 0 {
		t.Errorf("empty list = %+v, %v", empty, err)
	}
	if _, err := e.gm.Users.Messages.List("me").PageToken("garbage!").Do(); err == nil {
		t.Error("a garbage page token was accepted")
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "from:a", `"x y" OR -(z {a b})`, "((((", "}{)(", "-", "subject:(", `from:"`, "a OR OR b"} {
		f.Add(s)
	}
	m := &message{tree: parseMessage([]byte("Subject: x\r\n\r\nbody")), raw: []byte("x")}
	m.doc = newSearchDoc(m)
	c := &evalCtx{a: newAccount(New(Options{}), "me@example.com"), now: time.Now()}
	f.Fuzz(func(t *testing.T, q string) {
		parseQuery(q).match(c, m) // must terminate without panicking
	})
}
