package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// ThreadLength is the size of the seeded conversation get_thread reads.
const ThreadLength = 10

// Seeded is what Seed stored.
type Seeded struct {
	Messages []string // ids of the "Weekly report" messages, all in INBOX
	ThreadID string
}

// Seed stores n report messages in INBOX (multipart/alternative, ~4 KB:
// the shape of ordinary mail) and one conversation of ThreadLength
// replies, newer than the demo mailbox so that they head INBOX.
func Seed(a *gmailfake.Account, n int) (Seeded, error) {
	var s Seeded
	start := time.Now().Add(-time.Duration(n+ThreadLength) * time.Minute)
	for i := range n {
		id, err := a.Insert([]byte(report(i, start.Add(time.Duration(i)*time.Minute))), "INBOX")
		if err != nil {
			return s, fmt.Errorf("seeding message %d: %w", i, err)
		}
		s.Messages = append(s.Messages, id)
	}
	for i := range ThreadLength {
		id, err := a.Insert([]byte(reply(i, start.Add(time.Duration(n+i)*time.Minute))), "INBOX")
		if err != nil {
			return s, fmt.Errorf("seeding thread message %d: %w", i, err)
		}
		if i == 0 {
			s.ThreadID = id // Gmail names a thread after its first message
		}
	}
	return s, nil
}

func report(i int, date time.Time) string {
	var text, html strings.Builder
	for p := range 12 {
		line := fmt.Sprintf("Week %d, item %d: revenue up %d%%, tickets closed %d, notes from the team about the roll-out.", i, p, p*3%17, 40+p*i%23)
		text.WriteString(line + "\r\n\r\n")
		html.WriteString("<p>" + line + "</p>\r\n")
	}
	return "From: Reports <reports@example.com>\r\n" +
		"To: " + gmailfake.DemoEmail + "\r\n" +
		fmt.Sprintf("Subject: Weekly report %d\r\n", i) +
		"Date: " + date.Format(time.RFC1123Z) + "\r\n" +
		fmt.Sprintf("Message-ID: <report-%d@example.com>\r\n", i) +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=alt\r\n\r\n" +
		"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text.String() +
		"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>" + html.String() + "</body></html>\r\n" +
		"--alt--\r\n"
}

func reply(i int, date time.Time) string {
	subject, refs := "Launch plan", ""
	if i > 0 {
		subject = "Re: Launch plan"
		refs = fmt.Sprintf("In-Reply-To: <plan-%d@example.com>\r\n", i-1)
	}
	return fmt.Sprintf("From: Person %d <p%d@example.com>\r\n", i, i) +
		"To: " + gmailfake.DemoEmail + "\r\n" +
		"Subject: " + subject + "\r\n" +
		"Date: " + date.Format(time.RFC1123Z) + "\r\n" +
		fmt.Sprintf("Message-ID: <plan-%d@example.com>\r\n", i) + refs +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" +
		fmt.Sprintf("Point %d of the plan: we ship on Thursday if the checks pass.\r\n\r\n", i) +
		"On an earlier day, someone wrote:\r\n> the previous message, quoted\r\n> and quoted again\r\n"
}
