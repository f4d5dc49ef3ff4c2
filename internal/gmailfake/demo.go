package gmailfake

import (
	"embed"
	"fmt"
	"net/mail"
	"path"
	"slices"
	"strings"
	"time"
)

// demoFiles are the demo mailbox's messages, written as if received around
// demoAnchor; SeedDemo moves every Date by (now - demoAnchor).
//
//go:embed demo/*.eml
var demoFiles embed.FS

var demoAnchor = time.Date(2025, 6, 16, 12, 0, 0, 0, time.UTC)

// DemoEmail is the address of the demo account.
const DemoEmail = "demo@gmail-mcp.example"

// demoLabels gives each demo file its labels; "@Name" is a user label and
// "DRAFT" makes the file a draft rather than a stored message.
var demoLabels = map[string][]string{
	"01-apollo-plan.eml":     {"INBOX", "IMPORTANT", "CATEGORY_PERSONAL", "@Projects/Apollo"},
	"02-apollo-reply.eml":    {"SENT", "@Projects/Apollo"},
	"03-apollo-marco.eml":    {"INBOX", "CATEGORY_PERSONAL", "@Projects/Apollo"},
	"04-apollo-priya.eml":    {"INBOX", "UNREAD", "IMPORTANT", "CATEGORY_PERSONAL", "@Projects/Apollo"},
	"05-lunch.eml":           {"INBOX", "CATEGORY_PERSONAL"},
	"06-lunch-reply.eml":     {"SENT"},
	"07-q2-report.eml":       {"INBOX", "UNREAD", "STARRED", "IMPORTANT", "CATEGORY_PERSONAL"},
	"08-offsite-photo.eml":   {"INBOX", "CATEGORY_PERSONAL"},
	"09-newsletter.eml":      {"INBOX", "UNREAD", "CATEGORY_PROMOTIONS"},
	"10-bank-statement.eml":  {"INBOX", "UNREAD", "CATEGORY_UPDATES", "@Receipts"},
	"11-cafe-subject.eml":    {"INBOX", "UNREAD", "CATEGORY_PERSONAL"},
	"12-latin1.eml":          {"INBOX", "CATEGORY_PERSONAL"},
	"13-cp1252.eml":          {"INBOX", "UNREAD", "IMPORTANT", "CATEGORY_PERSONAL"},
	"14-shift-jis.eml":       {"INBOX", "CATEGORY_PERSONAL"},
	"15-koi8r.eml":           {"INBOX", "CATEGORY_PERSONAL"},
	"16-euc-kr.eml":          {"INBOX", "UNREAD", "CATEGORY_PERSONAL"},
	"17-forwarded.eml":       {"INBOX", "IMPORTANT", "CATEGORY_PERSONAL"},
	"18-rfc2231.eml":         {"INBOX", "CATEGORY_PERSONAL"},
	"19-unknown-charset.eml": {"INBOX", "CATEGORY_UPDATES"},
	"20-big-logs.eml":        {"INBOX", "CATEGORY_UPDATES"},
	"21-invite.eml":          {"INBOX", "UNREAD", "CATEGORY_PERSONAL", "@Projects/Apollo"},
	"22-spam-prize.eml":      {"SPAM", "UNREAD"},
	"23-spam-phish.eml":      {"SPAM"},
	"24-trash-sale.eml":      {"TRASH", "CATEGORY_PROMOTIONS"},
	"25-trash-dentist.eml":   {"TRASH"},
	"26-coffee-receipt.eml":  {"INBOX", "CATEGORY_UPDATES", "@Receipts"},
	"27-order-shipped.eml":   {"INBOX", "UNREAD", "CATEGORY_UPDATES", "@Receipts"},
	"28-invoice.eml":         {"INBOX", "UNREAD", "CATEGORY_UPDATES", "@Receipts"},
	"29-flight.eml":          {"INBOX", "STARRED", "CATEGORY_UPDATES", "@Receipts"},
	"30-github.eml":          {"INBOX", "UNREAD", "CATEGORY_UPDATES"},
	"31-welcome.eml":         {"INBOX", "STARRED", "CATEGORY_PERSONAL"},
	"32-password.eml":        {"INBOX", "CATEGORY_UPDATES"},
	"33-book-club.eml":       {"INBOX", "UNREAD", "CATEGORY_SOCIAL"},
	"34-hiking.eml":          {"INBOX", "CATEGORY_PERSONAL"},
	"35-lease.eml":           {"INBOX", "IMPORTANT", "CATEGORY_PERSONAL"},
	"36-talk.eml":            {"INBOX", "UNREAD", "STARRED", "IMPORTANT", "CATEGORY_PERSONAL"},
	"37-metrics.eml":         {"INBOX", "CATEGORY_UPDATES"},
	"38-school.eml":          {"INBOX", "CATEGORY_PERSONAL"},
	"39-new-year.eml":        {"INBOX", "CATEGORY_PERSONAL"},
	"40-sent-expenses.eml":   {"SENT"},
	"41-sent-thanks.eml":     {"SENT"},
	"42-draft-retro.eml":     {"DRAFT"},
	"43-standup.eml":         {"INBOX", "UNREAD", "CATEGORY_PERSONAL"},
	"44-recruiter.eml":       {"INBOX", "CATEGORY_PERSONAL"},
}

type demoMessage struct {
	name   string
	raw    []byte
	date   time.Time
	labels []string
}

// SeedDemo fills a with the demo mailbox: threads, an HTML-only newsletter,
// attachments, many charsets, spam, trash, sent mail and a draft, dated
// relative to now so that searches like newer_than:7d make sense.
func SeedDemo(a *Account, now time.Time) error {
	msgs, err := loadDemo(now)
	if err != nil {
		return err
	}
	labelIDs := map[string]string{}
	for _, m := range msgs {
		for _, l := range m.labels {
			if name, ok := strings.CutPrefix(l, "@"); ok && labelIDs[l] == "" {
				labelIDs[l] = a.CreateLabel(name)
			}
		}
	}
	a.srv.mu.Lock()
	defer a.srv.mu.Unlock()
	for _, m := range msgs {
		ids := make([]string, len(m.labels))
		for i, l := range m.labels {
			ids[i] = l
			if id, ok := labelIDs[l]; ok {
				ids[i] = id
			}
		}
		stored := a.storeLocked(m.raw, ids, "", m.date)
		if slices.Contains(ids, "DRAFT") {
			a.addDraftLocked(stored)
		}
	}
	return nil
}

// loadDemo reads the demo files with their dates moved to now, oldest first
// so that replies find the messages they answer.
func loadDemo(now time.Time) ([]demoMessage, error) {
	entries, err := demoFiles.ReadDir("demo")
	if err != nil {
		return nil, fmt.Errorf("gmailfake: demo mailbox: %w", err)
	}
	shift := now.Sub(demoAnchor)
	var out []demoMessage
	for _, e := range entries {
		labels, ok := demoLabels[e.Name()]
		if !ok {
			return nil, fmt.Errorf("gmailfake: demo mailbox: %s has no labels", e.Name())
		}
		raw, err := demoFiles.ReadFile(path.Join("demo", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("gmailfake: demo mailbox: %w", err)
		}
		h, _ := splitHeader(raw)
		d, err := mail.ParseDate(headerValue(h, "Date"))
		if err != nil {
			return nil, fmt.Errorf("gmailfake: demo mailbox: %s: %w", e.Name(), err)
		}
		d = d.Add(shift)
		raw = setHeader(raw, "Date", d.Format(time.RFC1123Z))
		out = append(out, demoMessage{name: e.Name(), raw: raw, date: d, labels: labels})
	}
	slices.SortStableFunc(out, func(x, y demoMessage) int { return x.date.Compare(y.date) })
	return out, nil
}

// setHeader replaces the value of the top-level field named name in place.
func setHeader(raw []byte, name, value string) []byte {
	return editHeader(raw, name, []byte(name+": "+value+"\r\n"))
}

// Demo starts a demo server: New(Options{}) with the demo account seeded
// and a refresh token for it, ready for the Gmail client.
func Demo(now time.Time) (*Server, *Account, string, error) {
	s := New(Options{})
	a := s.AddAccount(DemoEmail)
	if err := SeedDemo(a, now); err != nil {
		return nil, nil, "", err
	}
	return s, a, a.NewRefreshToken(), nil
}
