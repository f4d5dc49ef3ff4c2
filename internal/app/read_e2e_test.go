package app_test

import (
	"fmt"
	"strings"
	"testing"
)

const htmlOnly = `From: Weekly News <news@example.org>
To: me@example.com
Subject: This week in Go
Date: Mon, 23 Nov 2026 09:00:00 +0000
Message-ID: <news-1@example.org>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head><style>p { color: red; }</style><script>alert(1)</script></head>
<body><h1>Top stories</h1><p>Go 1.26 &amp; friends are <b>out</b>.</p>
<ul><li>Faster builds</li><li>Smaller binaries</li></ul>
<img src="https://track.example.org/p.gif" width="1" height="1"></body></html>
`

const latin1 = "From: =?iso-8859-1?q?Ren=E9e_M=FCller?= <renee@example.de>\n" +
	"To: me@example.com\n" +
	"Subject: =?iso-8859-1?q?Gr=FC=DFe_aus_K=F6ln?=\n" +
	"Date: Tue, 24 Nov 2026 10:00:00 +0100\n" +
	"Message-ID: <latin1@example.de>\n" +
	"MIME-Version: 1.0\n" +
	"Content-Type: text/plain; charset=iso-8859-1\n" +
	"Content-Transfer-Encoding: 8bit\n" +
	"\n" +
	"Sch\xf6ne Gr\xfc\xdfe, bis bald im Caf\xe9!\n"

func TestReadHTMLOnlyGivesReadableText(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.insert(t, htmlOnly)
	cs := e.connect(t, nil)
	r := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id})
	for _, want := range []string{"Top stories", "Go 1.26 & friends are", "Faster builds", "Smaller binaries"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, r.Body)
		}
	}
	for _, bad := range []string{"<p>", "&amp;", "color: red", "alert(1)", "p.gif"} {
		if strings.Contains(r.Body, bad) {
			t.Errorf("body has %q (raw HTML, CSS, script or tracker leaked):\n%s", bad, r.Body)
		}
	}
}

func TestReadNonUTF8Body(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.insert(t, latin1)
	cs := e.connect(t, nil)
	r := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id})
	if want := "Schöne Grüße, bis bald im Café!"; !strings.Contains(r.Body, want) {
		t.Errorf("body = %q, want it to contain %q", r.Body, want)
	}
	if r.Subject != "Grüße aus Köln" {
		t.Errorf("subject = %q", r.Subject)
	}
	if !strings.HasPrefix(r.From, "Renée Müller <renee@example.de>") {
		t.Errorf("from = %q", r.From)
	}
}

func TestReadUnknownIDIsToolError(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	msg := callErr(t, cs, "read_email", map[string]any{"message_id": "18c0ffee00000000"})
	if !strings.Contains(msg, `no message with id "18c0ffee00000000"`) {
		t.Errorf("error = %q", msg)
	}
	msg = callErr(t, cs, "read_email", map[string]any{"message_id": "../../etc\n"})
	if !strings.Contains(msg, "not a Gmail id") {
		t.Errorf("error = %q", msg)
	}
}

func TestListPagesThroughFolder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const n = 25
	want := map[string]bool{}
	for i := range n {
		want[e.insert(t, fmt.Sprintf("From: a%d@example.com\nTo: me@example.com\nSubject: note %d\nDate: Mon, 23 Nov 2026 %02d:00:00 +0000\n\nbody %d\n", i, i, i%24, i))] = true
	}
	cs := e.connect(t, nil)
	seen := map[string]bool{}
	token, pages := "", 0
	for {
		args := map[string]any{"folder": "INBOX", "limit": 10}
		if token != "" {
			args["page_token"] = token
		}
		page := callOK[listResult](t, cs, "list_emails", args)
		pages++
		if len(page.Emails) > 10 {
			t.Fatalf("page has %d emails, limit 10", len(page.Emails))
		}
		for _, m := range page.Emails {
			if seen[m.ID] {
				t.Errorf("message %s listed twice", m.ID)
			}
			seen[m.ID] = true
			if m.From == "" || m.Subject == "" || m.Date == "" || len(m.To) != 1 {
				t.Errorf("incomplete summary: %+v", m)
			}
		}
		token = page.NextPageToken
		if token == "" {
			break
		}
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if pages != 3 || len(seen) != n {
		t.Errorf("pages=%d seen=%d, want 3 pages and %d messages", pages, len(seen), n)
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("message %s never listed", id)
		}
	}
}

func TestSearchOperators(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.insert(t, "From: Alice <alice@example.com>\nTo: me@example.com\nSubject: Invoice 42\nDate: Mon, 23 Nov 2026 09:00:00 +0000\n\nplease pay\n", "INBOX", "UNREAD")
	bob := e.insert(t, "From: Bob <bob@example.com>\nTo: me@example.com\nSubject: Lunch?\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\ntomorrow\n", "INBOX")
	cs := e.connect(t, nil)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"from:alice@example.com", []string{alice}},
		{"is:unread", []string{alice}},
		{"subject:lunch", []string{bob}},
		{"-from:alice", []string{bob}},
		{"from:nobody@example.com", nil},
	} {
		got := callOK[listResult](t, cs, "search_emails", map[string]any{"query": c.query})
		var ids []string
		for _, m := range got.Emails {
			ids = append(ids, m.ID)
		}
		if fmt.Sprint(ids) != fmt.Sprint(c.want) {
			t.Errorf("search %q = %v, want %v", c.query, ids, c.want)
		}
	}
}

func TestBadLimitIsToolError(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	for _, limit := range []int{-1, 101, 100000} {
		msg := callErr(t, cs, "list_emails", map[string]any{"limit": limit})
		if !strings.Contains(msg, "limit must be between 1 and 100") {
			t.Errorf("limit %d: error = %q", limit, msg)
		}
	}
	if msg := callErr(t, cs, "search_emails", map[string]any{"query": "  "}); !strings.Contains(msg, "query is empty") {
		t.Errorf("empty query: error = %q", msg)
	}
	if msg := callErr(t, cs, "list_emails", map[string]any{"folder": "NoSuchLabel"}); !strings.Contains(strings.ToLower(msg), "label") {
		t.Errorf("unknown folder: error = %q", msg)
	}
}

func TestGetProfile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.insert(t, "From: a@example.com\nTo: me@example.com\nSubject: x\n\nx\n")
	cs := e.connect(t, nil)
	p := callOK[struct {
		Email         string `json:"email"`
		MessagesTotal int    `json:"messages_total"`
	}](t, cs, "get_profile", nil)
	if p.Email != testAccount || p.MessagesTotal != 1 {
		t.Errorf("profile = %+v", p)
	}
}
