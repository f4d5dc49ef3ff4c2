package gmailfake

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Account is one mailbox on the fake. Its methods are safe for concurrent use.
type Account struct {
	srv   *Server
	email string

	// Everything below is guarded by srv.mu.
	msgs    map[string]*message
	order   []*message          // insertion order
	byMsgID map[string]*message // by Message-ID without angle brackets
	labels  []*userLabel
	drafts  []*draft
	sent    []SentMessage
	history uint64
	seq     uint64
}

// SentMessage is one message the account sent through messages.send or
// drafts.send. Raw is the message as the client sent it (Bcc included); the
// stored copy, like Gmail's, has no Bcc header.
type SentMessage struct {
	ID, ThreadID string
	Raw          []byte
}

// message is one stored message. Its content is immutable; labels change.
type message struct {
	id, threadID string
	raw          []byte
	labels       []string
	internalDate time.Time
	historyID    uint64
	tree         *node
	messageID    string
	subject      string // decoded
	snippet      string
	doc          searchDoc
	hadInbox     bool // INBOX was removed by trash; untrash restores it
}

func newAccount(s *Server, email string) *Account {
	return &Account{srv: s, email: email, msgs: map[string]*message{}, byMsgID: map[string]*message{}, history: 1000}
}

// Email returns the account's address.
func (a *Account) Email() string { return a.email }

// Insert stores an RFC 5322 message with the given label ids, as if it had
// arrived. It joins the thread of a stored message named by In-Reply-To or
// References, else starts a thread; internalDate comes from the Date header.
func (a *Account) Insert(raw []byte, labelIDs ...string) (string, error) {
	a.srv.mu.Lock()
	defer a.srv.mu.Unlock()
	for _, l := range labelIDs {
		if !a.labelExistsLocked(l) {
			return "", fmt.Errorf("gmailfake: insert: invalid label %q", l)
		}
	}
	date := a.srv.now()
	h, _ := splitHeader(raw)
	if d, err := mail.ParseDate(headerValue(h, "Date")); err == nil {
		date = d
	}
	m := a.storeLocked(raw, labelIDs, "", date)
	return m.id, nil
}

// storeLocked adds a message; threadID, when it names a stored thread, wins
// over header threading.
func (a *Account) storeLocked(raw []byte, labelIDs []string, threadID string, date time.Time) *message {
	tree := parseMessage(raw)
	m := &message{
		raw:          raw,
		labels:       dedupe(labelIDs),
		internalDate: date,
		tree:         tree,
		messageID:    trimAngles(headerValue(tree.headers, "Message-ID")),
		subject:      decodeHeader(headerValue(tree.headers, "Subject")),
	}
	m.snippet = snippetOf(tree)
	m.doc = newSearchDoc(m)
	m.id = a.newIDLocked(date)
	m.threadID = a.threadForLocked(m, threadID)
	a.bumpLocked(m)
	a.msgs[m.id] = m
	a.order = append(a.order, m)
	if m.messageID != "" {
		if _, dup := a.byMsgID[m.messageID]; !dup {
			a.byMsgID[m.messageID] = m
		}
	}
	return m
}

// newIDLocked makes a Gmail-like 16-hex-digit id that sorts with time.
func (a *Account) newIDLocked(date time.Time) string {
	for {
		a.seq++
		id := fmt.Sprintf("%016x", uint64(max(date.UnixMilli(), 1))<<20|a.seq&0xfffff)
		if _, taken := a.msgs[id]; !taken {
			return id
		}
	}
}

func (a *Account) threadForLocked(m *message, threadID string) string {
	if threadID != "" {
		for _, o := range a.order {
			if o.threadID == threadID && sameSubject(o.subject, m.subject) {
				return threadID
			}
		}
	}
	refs := strings.Fields(headerValue(m.tree.headers, "References") + " " + headerValue(m.tree.headers, "In-Reply-To"))
	for i := len(refs) - 1; i >= 0; i-- {
		if p := a.byMsgID[trimAngles(refs[i])]; p != nil {
			return p.threadID
		}
	}
	return m.id
}

// sameSubject is Gmail's rule that a reply joins a thread only when its
// subject matches once reply and forward prefixes are dropped.
func sameSubject(a, b string) bool {
	return baseSubject(a) == baseSubject(b)
}

func baseSubject(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	for {
		trimmed := s
		for _, p := range []string{"re:", "fwd:", "fw:", "aw:", "wg:", "sv:", "tr:"} {
			trimmed = strings.TrimSpace(strings.TrimPrefix(trimmed, p))
		}
		if trimmed == s {
			return s
		}
		s = trimmed
	}
}

func trimAngles(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "<"), ">")
}

func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// bumpLocked records a change to m in the account's history.
func (a *Account) bumpLocked(m *message) {
	a.history++
	m.historyID = a.history
}

// Raw returns the stored RFC 5322 bytes of message id.
func (a *Account) Raw(id string) ([]byte, bool) {
	a.srv.mu.Lock()
	defer a.srv.mu.Unlock()
	m := a.msgs[id]
	if m == nil {
		return nil, false
	}
	return slices.Clone(m.raw), true
}

// LabelIDs returns the label ids of message id, nil when it does not exist.
func (a *Account) LabelIDs(id string) []string {
	a.srv.mu.Lock()
	defer a.srv.mu.Unlock()
	if m := a.msgs[id]; m != nil {
		return slices.Clone(m.labels)
	}
	return nil
}

// Sent returns every message sent through the API, in order.
func (a *Account) Sent() []SentMessage {
	a.srv.mu.Lock()
	defer a.srv.mu.Unlock()
	out := make([]SentMessage, len(a.sent))
	for i, s := range a.sent {
		out[i] = SentMessage{ID: s.ID, ThreadID: s.ThreadID, Raw: slices.Clone(s.Raw)}
	}
	return out
}

// MessageCount returns how many messages the account stores (drafts included).
func (a *Account) MessageCount() int {
	a.srv.mu.Lock()
	defer a.srv.mu.Unlock()
	return len(a.msgs)
}

func (a *Account) deleteLocked(id string) {
	m := a.msgs[id]
	if m == nil {
		return
	}
	delete(a.msgs, id)
	a.order = slices.DeleteFunc(a.order, func(o *message) bool { return o == m })
	if a.byMsgID[m.messageID] == m {
		delete(a.byMsgID, m.messageID)
	}
	a.history++
}
