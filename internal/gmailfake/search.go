package gmailfake

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// A query is parsed into this small tree and evaluated per message. Gmail is
// lenient: syntax it cannot read becomes plain words, never an error.
type expr interface {
	match(c *evalCtx, m *message) bool
}

type (
	andExpr []expr
	orExpr  []expr
	notExpr struct{ e expr }
	term    struct{ op, val string }
)

type evalCtx struct {
	a   *Account
	now time.Time
}

func (e andExpr) match(c *evalCtx, m *message) bool {
	for _, x := range e {
		if !x.match(c, m) {
			return false
		}
	}
	return true
}

func (e orExpr) match(c *evalCtx, m *message) bool {
	for _, x := range e {
		if x.match(c, m) {
			return true
		}
	}
	return len(e) == 0
}

func (e notExpr) match(c *evalCtx, m *message) bool { return !e.e.match(c, m) }

// operators are the search operators this fake understands; any other
// "key:value" is searched as words, as Gmail does.
var operators = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "subject": true, "label": true, "in": true,
	"is": true, "has": true, "filename": true, "newer_than": true, "older_than": true, "after": true,
	"before": true, "newer": true, "older": true, "larger": true, "smaller": true, "size": true,
	"rfc822msgid": true, "category": true,
}

// parseQuery parses Gmail search syntax; an empty query matches everything.
func parseQuery(q string) expr {
	p := &queryParser{s: []rune(q)}
	var all andExpr
	for !p.done() {
		all = append(all, p.or(""))
		if !p.done() { // a stray closing bracket: skip it
			p.i++
		}
	}
	return all
}

type queryParser struct {
	s []rune
	i int
}

func (p *queryParser) done() bool { return p.i >= len(p.s) }

func (p *queryParser) skipSpace() {
	for !p.done() && unicode.IsSpace(p.s[p.i]) {
		p.i++
	}
}

// peekWord returns the bare word at the cursor without consuming it.
func (p *queryParser) peekWord() string {
	j := p.i
	for j < len(p.s) && !unicode.IsSpace(p.s[j]) && !strings.ContainsRune(`(){}"`, p.s[j]) {
		j++
	}
	return string(p.s[p.i:j])
}

func (p *queryParser) or(field string) expr {
	alts := orExpr{p.and(field)}
	for {
		p.skipSpace()
		if w := p.peekWord(); w == "OR" || w == "|" {
			p.i += len([]rune(w))
			alts = append(alts, p.and(field))
			continue
		}
		if len(alts) == 1 {
			return alts[0]
		}
		return alts
	}
}

func (p *queryParser) and(field string) expr {
	var all andExpr
	for {
		p.skipSpace()
		if p.done() || p.s[p.i] == ')' || p.s[p.i] == '}' {
			return all
		}
		w := p.peekWord()
		if w == "OR" || w == "|" {
			return all
		}
		if w == "AND" {
			p.i += 3
			continue
		}
		all = append(all, p.unary(field))
	}
}

func (p *queryParser) unary(field string) expr {
	if p.s[p.i] == '-' && p.i+1 < len(p.s) && !unicode.IsSpace(p.s[p.i+1]) {
		p.i++
		return notExpr{p.primary(field)}
	}
	return p.primary(field)
}

func (p *queryParser) primary(field string) expr {
	switch p.s[p.i] {
	case '(':
		p.i++
		e := p.or(field)
		p.skipSpace()
		if !p.done() && p.s[p.i] == ')' {
			p.i++
		}
		return e
	case '{':
		p.i++
		var alts orExpr
		for {
			p.skipSpace()
			if p.done() {
				return alts
			}
			if p.s[p.i] == '}' {
				p.i++
				return alts
			}
			if p.s[p.i] == ')' { // unbalanced: let the caller see it
				return alts
			}
			alts = append(alts, p.unary(field))
		}
	case '"':
		p.i++
		j := p.i
		for j < len(p.s) && p.s[j] != '"' {
			j++
		}
		phrase := string(p.s[p.i:j])
		p.i = min(j+1, len(p.s))
		return term{field, phrase}
	}
	w := p.peekWord()
	if w == "" { // a lone ')' or '}' where a term should be
		p.i++
		return andExpr{}
	}
	p.i += len([]rune(w))
	if key, val, ok := strings.Cut(w, ":"); ok && operators[strings.ToLower(key)] {
		key = strings.ToLower(key)
		if val == "" && !p.done() && strings.ContainsRune(`({"`, p.s[p.i]) {
			return p.primary(key)
		}
		return term{key, val}
	}
	return term{field, w}
}

// includesSpamTrash reports whether the query names spam or trash, which
// makes Gmail search them even without includeSpamTrash.
func includesSpamTrash(q string) bool {
	q = strings.ToLower(q)
	for _, op := range []string{"in:", "label:"} {
		for _, l := range []string{"spam", "trash", "anywhere"} {
			if strings.Contains(q, op+l) {
				return true
			}
		}
	}
	return false
}

func (t term) match(c *evalCtx, m *message) bool {
	v := strings.ToLower(t.val)
	d := &m.doc
	switch t.op {
	case "":
		return hasPhrase(d.all, v)
	case "from", "to", "cc", "bcc":
		field := map[string]string{"from": d.from, "to": d.to, "cc": d.cc, "bcc": d.bcc}[t.op]
		if v == "me" {
			v = strings.ToLower(c.a.email)
		}
		return hasPhrase(field, v)
	case "subject":
		return hasPhrase(d.subject, v)
	case "label":
		return hasLabel(m, c.a.labelIDForNameLocked(v))
	case "in":
		switch v {
		case "anywhere":
			return true
		case "drafts", "draft":
			return hasLabel(m, "DRAFT")
		case "chats":
			return hasLabel(m, "CHAT")
		}
		return hasLabel(m, c.a.labelIDForNameLocked(v))
	case "is":
		switch v {
		case "read":
			return !hasLabel(m, "UNREAD")
		case "unread", "starred", "important", "sent", "draft", "spam", "trash", "inbox":
			return hasLabel(m, strings.ToUpper(v))
		case "unstarred":
			return !hasLabel(m, "STARRED")
		}
		return false
	case "has":
		switch v {
		case "attachment":
			return d.hasAttachment
		case "userlabels":
			return slices.ContainsFunc(m.labels, func(l string) bool { return strings.HasPrefix(l, "Label_") })
		case "nouserlabels":
			return !slices.ContainsFunc(m.labels, func(l string) bool { return strings.HasPrefix(l, "Label_") })
		}
		return false
	case "filename":
		return slices.ContainsFunc(d.filenames, func(f string) bool {
			return f == v || strings.HasSuffix(f, "."+v) || strings.Contains(f, v)
		})
	case "category":
		return hasLabel(m, categoryLabel(v))
	case "newer_than", "older_than":
		ago, ok := relativeAge(v)
		if !ok {
			return hasPhrase(d.all, t.op+" "+v)
		}
		cut := c.now.Add(-ago)
		if t.op == "newer_than" {
			return m.internalDate.After(cut)
		}
		return m.internalDate.Before(cut)
	case "after", "before", "newer", "older":
		at, ok := parseSearchDate(v)
		if !ok {
			return hasPhrase(d.all, t.op+" "+v)
		}
		if t.op == "after" || t.op == "newer" {
			return !m.internalDate.Before(at)
		}
		return m.internalDate.Before(at)
	case "larger", "smaller", "size":
		n, ok := parseSize(v)
		if !ok {
			return false
		}
		switch t.op {
		case "larger":
			return len(m.raw) > n
		case "smaller":
			return len(m.raw) < n
		}
		return len(m.raw) == n
	case "rfc822msgid":
		return strings.EqualFold(m.messageID, trimAngles(t.val))
	}
	return hasPhrase(d.all, v)
}

func hasLabel(m *message, id string) bool { return id != "" && slices.Contains(m.labels, id) }

// hasPhrase matches the query's words, in order and whole, as Gmail does.
func hasPhrase(text, phrase string) bool {
	w := words(phrase)
	return w == " " || strings.Contains(text, w)
}

func categoryLabel(v string) string {
	if v == "primary" {
		return "CATEGORY_PERSONAL"
	}
	return "CATEGORY_" + strings.ToUpper(v)
}

// relativeAge reads newer_than/older_than values: 3d, 2m (months), 1y, 12h.
func relativeAge(v string) (time.Duration, bool) {
	if len(v) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(v[:len(v)-1])
	if err != nil || n < 0 {
		return 0, false
	}
	unit := map[byte]time.Duration{'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'm': 30 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}[v[len(v)-1]]
	if unit == 0 {
		return 0, false
	}
	return time.Duration(n) * unit, true
}

// parseSearchDate reads YYYY/MM/DD, YYYY-MM-DD, MM/DD/YYYY (UTC midnight) or epoch seconds.
func parseSearchDate(v string) (time.Time, bool) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && len(v) > 8 {
		return time.Unix(n, 0), true
	}
	for _, layout := range []string{"2006/1/2", "2006-1-2", "1/2/2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseSize(v string) (int, bool) {
	mult := 1
	switch {
	case strings.HasSuffix(v, "k"):
		mult, v = 1024, strings.TrimSuffix(v, "k")
	case strings.HasSuffix(v, "m"):
		mult, v = 1024*1024, strings.TrimSuffix(v, "m")
	}
	n, err := strconv.Atoi(v)
	return n * mult, err == nil && n >= 0
}

// searchDoc is a message's searchable text, normalized once at insert.
type searchDoc struct {
	from, to, cc, bcc, subject, all string
	filenames                       []string
	hasAttachment                   bool
}

func newSearchDoc(m *message) searchDoc {
	h := m.tree.headers
	d := searchDoc{
		from: words(decodeHeader(headerValue(h, "From"))), to: words(decodeHeader(headerValue(h, "To"))),
		cc: words(decodeHeader(headerValue(h, "Cc"))), bcc: words(decodeHeader(headerValue(h, "Bcc"))),
		subject: words(m.subject),
	}
	var body strings.Builder
	var walk func(n *node)
	walk = func(n *node) {
		switch {
		case n.filename != "":
			d.filenames = append(d.filenames, strings.ToLower(n.filename))
			d.hasAttachment = true
			body.WriteString(" " + n.filename)
		case n.mimeType == "text/plain" && !n.attachment:
			body.WriteString(" " + toUTF8(n.params["charset"], n.data))
		case n.mimeType == "text/html" && !n.attachment:
			body.WriteString(" " + htmlText(toUTF8(n.params["charset"], n.data)))
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(m.tree)
	d.all = d.subject + d.from + d.to + d.cc + words(body.String())
	return d
}
