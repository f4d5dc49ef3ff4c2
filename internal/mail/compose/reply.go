package compose

import (
	"slices"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/mail/parse"
)

// Reply makes the draft answering the message whose headers are orig; the
// caller adds the body. self are the account's own addresses (aliases too).
//
// The reply goes to Reply-To when present, else to From; replying to one's
// own sent message goes to its original To, as Gmail does. Reply-all adds the
// original To and Cc, without self, without the reply's To, without
// duplicates. Threading: In-Reply-To is the original Message-ID; References
// is the original References (or In-Reply-To when that is missing) plus the
// original Message-ID, oldest first.
func Reply(orig mail.Headers, self []string, replyAll bool) (Draft, error) {
	me := addressSet{}
	for _, s := range self {
		me.add(s)
	}
	from := usable(parse.Addresses(orig.Get("From")))
	origTo := usable(parse.Addresses(orig.Get("To")))
	origCc := usable(parse.Addresses(orig.Get("Cc")))

	var to, ccSource []mail.Address
	if len(from) > 0 && me.has(from[0].Email) {
		to, ccSource = origTo, origCc
	} else {
		to = usable(parse.Addresses(orig.Get("Reply-To")))
		if len(to) == 0 {
			to = from
		}
		ccSource = append(slices.Clone(origTo), origCc...)
	}
	to = dedupe(to, nil)
	if len(to) == 0 {
		return Draft{}, invalid([]string{"the original message has no sender address that can be replied to: use send_email with the recipients you want"})
	}
	d := Draft{To: to, Subject: replySubject(parse.DecodeHeader(orig.Get("Subject")))}
	if replyAll {
		seen := newAddressSet(to)
		for _, s := range self {
			seen.add(s)
		}
		d.Cc = dedupe(ccSource, seen)
	}

	ids := msgIDs(orig.Get("Message-ID"))
	if len(ids) > 0 {
		d.InReplyTo = ids[0]
	}
	chain := msgIDs(orig.Get("References"))
	if len(chain) == 0 {
		chain = msgIDs(orig.Get("In-Reply-To"))
	}
	d.References = dedupeIDs(append(chain, d.InReplyTo))
	return d, nil
}

// usable keeps the addresses that can be written into a header, dropping a
// display name that cannot be and an address that is not one.
func usable(list []mail.Address) []mail.Address {
	var out []mail.Address
	for _, a := range list {
		if addressProblem("", a) != "" {
			a.Name = ""
			if addressProblem("", a) != "" {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// addressSet is a set of email addresses compared case-insensitively.
type addressSet map[string]bool

func (s addressSet) add(email string)      { s[strings.ToLower(strings.TrimSpace(email))] = true }
func (s addressSet) has(email string) bool { return s[strings.ToLower(strings.TrimSpace(email))] }

func newAddressSet(list []mail.Address) addressSet {
	s := addressSet{}
	for _, a := range list {
		s.add(a.Email)
	}
	return s
}

// dedupe drops addresses already in seen and repeats, keeping order; seen
// (when not nil) grows with what is kept.
func dedupe(list []mail.Address, seen addressSet) []mail.Address {
	if seen == nil {
		seen = addressSet{}
	}
	var out []mail.Address
	for _, a := range list {
		if !seen.has(a.Email) {
			seen.add(a.Email)
			out = append(out, a)
		}
	}
	return out
}

// msgIDs extracts the message ids ("<...>") from a Message-ID, In-Reply-To or
// References header, skipping comments and anything malformed. A header with
// one id and no brackets (seen in broken mail) gives that id, bracketed.
func msgIDs(h string) []string {
	var ids []string
	rest := h
	for {
		open := strings.IndexByte(rest, '<')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '>')
		if end < 0 {
			break
		}
		if id, problem := normalizeMsgID("", rest[open:open+end+1]); problem == "" {
			ids = append(ids, id)
		}
		rest = rest[open+end+1:]
	}
	if bare := strings.TrimSpace(h); len(ids) == 0 && bare != "" && !strings.ContainsAny(bare, "<>") {
		if id, problem := normalizeMsgID("", bare); problem == "" {
			ids = append(ids, id)
		}
	}
	return ids
}

func dedupeIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
