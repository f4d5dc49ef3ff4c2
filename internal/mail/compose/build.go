package compose

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// Build validates d and renders it as an RFC 5322 message with CRLF line
// endings. Bad input gives a *mail.Error of KindInvalid naming every problem.
// Bcc is rendered: Gmail delivers to it and strips it before sending.
func Build(d Draft, opts ...Option) ([]byte, error) {
	b := newBuilder(opts)
	v, err := validate(d)
	if err != nil {
		return nil, err
	}
	if est := estimateSize(d); est > b.maxBytes {
		return nil, tooBig(est, b.maxBytes, "about ")
	}
	if v.messageID == "" {
		if v.messageID, err = b.newMessageID(d.From.Email); err != nil {
			return nil, err
		}
	}
	date := d.Date
	if date.IsZero() {
		date = b.now()
	}
	root, err := b.structure(d, v)
	if err != nil {
		return nil, err
	}

	var buf bytes.Buffer
	buf.Grow(estimateSize(d) + 4096)
	hw := headerBuf{buf: &buf}
	hw.add("Date", date.Format(time.RFC1123Z))
	hw.add("Message-ID", v.messageID)
	hw.add("MIME-Version", "1.0")
	if d.From.Email != "" {
		hw.add("From", d.From.String())
	}
	hw.addAddresses("To", d.To)
	hw.addAddresses("Cc", d.Cc)
	hw.addAddresses("Bcc", d.Bcc)
	if d.Subject != "" {
		hw.add("Subject", encodeText(d.Subject))
	}
	if v.inReplyTo != "" {
		hw.add("In-Reply-To", v.inReplyTo)
	}
	if len(v.references) > 0 {
		hw.add("References", strings.Join(v.references, " "))
	}
	if err := root.render(&buf, hw); err != nil {
		return nil, err
	}
	if buf.Len() > b.maxBytes {
		return nil, tooBig(buf.Len(), b.maxBytes, "")
	}
	return buf.Bytes(), nil
}

func tooBig(size, limit int, about string) error {
	return invalid([]string{fmt.Sprintf(
		"the message would be %s%.1f MB, over the %.0f MB Gmail accepts: send fewer or smaller attachments, or share large files as links",
		about, float64(size)/(1<<20), float64(limit)/(1<<20))})
}

// estimateSize is a cheap, slightly high guess at the rendered size, made
// before rendering so an oversized draft is refused without building it and
// the buffer is allocated once. Bodies grow by at most base64's 4/3 plus line
// ends (quoted-printable is chosen only when shorter); attachments are base64
// in lines of 76 characters for 57 bytes.
func estimateSize(d Draft) int {
	n := (len(d.Text) + len(d.HTML)) * 140 / 100
	if d.Text == "" {
		n += len(d.HTML) * 140 / 100 // the generated plain alternative
	}
	for _, a := range d.Attachments {
		n += (len(a.Content)/57 + 1) * 78
	}
	return n
}

// headerBuf collects header-writing errors so the render code stays linear.
type headerBuf struct {
	buf *bytes.Buffer
	err error
}

func (h *headerBuf) add(name, value string) {
	if h.err == nil {
		h.err = writeHeader(h.buf, name, value)
	}
}

func (h *headerBuf) addAddresses(name string, list []mail.Address) {
	if len(list) == 0 {
		return
	}
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = a.String()
	}
	h.add(name, strings.Join(s, ", "))
}

func (b *builder) random(n int) (string, error) {
	p := make([]byte, n)
	if _, err := io.ReadFull(b.rand, p); err != nil {
		return "", fmt.Errorf("compose: reading randomness: %w", err)
	}
	return hex.EncodeToString(p), nil
}

// newMessageID makes "<random@domain>", the domain taken from the sender so
// the id is globally unique in the way RFC 5322 3.6.4 asks.
func (b *builder) newMessageID(from string) (string, error) {
	id, err := b.random(16)
	if err != nil {
		return "", err
	}
	domain := "gmail-mcp.local"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && isHostname(from[at+1:]) {
		domain = from[at+1:]
	}
	return "<" + id + "@" + domain + ">", nil
}

// isHostname reports whether s is a plain ASCII host name.
func isHostname(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
