package compose

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// leaf is one non-multipart part read back from a rendered message.
type leaf struct {
	path        string // content types from the root, e.g. "multipart/mixed/text/plain"
	mediaType   string
	params      map[string]string
	cte         string
	disposition string
	dispParams  map[string]string
	contentID   string
	body        []byte // transfer encoding undone
}

// readBack parses a rendered message the way a receiving client does: net/mail
// for the headers, mime/multipart for the tree, quotedprintable and base64 for
// the bodies. It also checks the wire format: CRLF only, lines ≤ 998 octets.
func readBack(raw []byte) (*netmail.Message, []leaf, error) {
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > maxLineOctets {
			return nil, nil, fmt.Errorf("line %d is %d octets long", i+1, len(line))
		}
		if bytes.ContainsAny(line, "\r\n") {
			return nil, nil, fmt.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, nil, fmt.Errorf("net/mail: %w", err)
	}
	var leaves []leaf
	err = walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), "", "", "", msg.Body, &leaves)
	return msg, leaves, err
}

func walk(ctype, cte, disp, cid, path string, body io.Reader, out *[]leaf) error {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return fmt.Errorf("%s: content type %q: %w", path, ctype, err)
	}
	path += "/" + mt
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			h := p.Header
			if err := walk(h.Get("Content-Type"), h.Get("Content-Transfer-Encoding"), h.Get("Content-Disposition"), h.Get("Content-Id"), path, p, out); err != nil {
				return err
			}
		}
	}
	l := leaf{path: path, mediaType: mt, params: params, cte: cte, contentID: cid}
	if disp != "" {
		if l.disposition, l.dispParams, err = mime.ParseMediaType(disp); err != nil {
			return fmt.Errorf("%s: content disposition %q: %w", path, disp, err)
		}
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch cte {
	case cte7bit:
		if !is7bitClean(raw) {
			return fmt.Errorf("%s: labelled 7bit but is not", path)
		}
		l.body = raw
	case cteQP:
		if l.body, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw))); err != nil {
			return fmt.Errorf("%s: quoted-printable: %w", path, err)
		}
	case cteBase64:
		if l.body, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, bytes.NewReader(raw))); err != nil {
			return fmt.Errorf("%s: base64: %w", path, err)
		}
	default:
		return fmt.Errorf("%s: unexpected transfer encoding %q", path, cte)
	}
	if strings.HasPrefix(mt, "text/") && (params["charset"] != "utf-8" || !utf8.Valid(l.body)) {
		return fmt.Errorf("%s: charset %q, valid UTF-8 %v", path, params["charset"], utf8.Valid(l.body))
	}
	*out = append(*out, l)
	return nil
}

func is7bitClean(b []byte) bool {
	for i, c := range b {
		if c == 0 || c > 127 || c == '\r' && (i+1 == len(b) || b[i+1] != '\n') || c == '\n' && (i == 0 || b[i-1] != '\r') {
			return false
		}
	}
	return true
}

// crlf is the test's statement of canonical text: every line ending CRLF.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

func bracketed(id string) string {
	return "<" + strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">") + ">"
}

var generatedID = regexp.MustCompile(`^<[0-9a-f]{32}@[A-Za-z0-9.-]+>$`)

// verify is the oracle every rendered draft must satisfy: read back, the
// message has exactly the expected headers with the draft's values, and the
// bodies and attachments are the draft's, byte for byte.
func verify(d Draft, raw []byte) error {
	msg, leaves, err := readBack(raw)
	if err != nil {
		return err
	}
	h := msg.Header
	want := []string{"Content-Type", "Date", "Message-Id", "Mime-Version"}
	opt := map[string]bool{"From": d.From.Email != "", "To": len(d.To) > 0, "Cc": len(d.Cc) > 0, "Bcc": len(d.Bcc) > 0,
		"Subject": d.Subject != "", "In-Reply-To": d.InReplyTo != "", "References": len(d.References) > 0,
		"Content-Transfer-Encoding": len(leaves) == 1 && len(d.Attachments) == 0 && d.HTML == ""}
	for k, ok := range opt {
		if ok {
			want = append(want, k)
		}
	}
	var got []string
	for k, v := range h {
		got = append(got, k)
		if len(v) != 1 {
			return fmt.Errorf("header %s appears %d times", k, len(v))
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		return fmt.Errorf("headers %v, want %v", got, want)
	}
	if s, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject")); err != nil || s != d.Subject {
		return fmt.Errorf("subject %q (%v), want %q", s, err, d.Subject)
	}
	for _, f := range []struct {
		name string
		list []mail.Address
	}{{"From", []mail.Address{d.From}}, {"To", d.To}, {"Cc", d.Cc}, {"Bcc", d.Bcc}} {
		if !opt[f.name] {
			continue
		}
		list, err := h.AddressList(f.name)
		if err != nil {
			return fmt.Errorf("%s %q: %w", f.name, h.Get(f.name), err)
		}
		var gotList []mail.Address
		for _, a := range list {
			gotList = append(gotList, mail.Address{Name: a.Name, Email: a.Address})
		}
		if !slices.Equal(gotList, f.list) {
			return fmt.Errorf("%s %q reads back as %v, want %v", f.name, h.Get(f.name), gotList, f.list)
		}
	}
	if d.InReplyTo != "" && h.Get("In-Reply-To") != bracketed(d.InReplyTo) {
		return fmt.Errorf("In-Reply-To %q", h.Get("In-Reply-To"))
	}
	var refs []string
	for _, r := range d.References {
		refs = append(refs, bracketed(r))
	}
	if got := strings.Fields(h.Get("References")); !slices.Equal(got, refs) {
		return fmt.Errorf("References %q, want %q", got, refs)
	}
	switch id := h.Get("Message-Id"); {
	case d.MessageID != "" && id != bracketed(d.MessageID):
		return fmt.Errorf("Message-ID %q, want %q", id, bracketed(d.MessageID))
	case d.MessageID == "" && !generatedID.MatchString(id):
		return fmt.Errorf("generated Message-ID %q", id)
	}
	if date, err := h.Date(); err != nil || !d.Date.IsZero() && !date.Equal(d.Date.Truncate(time.Second)) {
		return fmt.Errorf("Date %q (%v), want %v", h.Get("Date"), err, d.Date)
	}
	if h.Get("Mime-Version") != "1.0" {
		return errors.New("MIME-Version is not 1.0")
	}
	return verifyBodies(d, leaves)
}

func verifyBodies(d Draft, leaves []leaf) error {
	text := d.Text
	if text == "" && d.HTML != "" {
		text = htmlToText(d.HTML)
	}
	i := 0
	next := func(what string) (leaf, error) {
		if i >= len(leaves) {
			return leaf{}, fmt.Errorf("no part for %s", what)
		}
		i++
		return leaves[i-1], nil
	}
	l, err := next("text")
	if err != nil {
		return err
	}
	if l.mediaType != "text/plain" || string(l.body) != crlf(text) || l.disposition != "" {
		return fmt.Errorf("text part %s %q (%s), want %q", l.path, l.body, l.disposition, crlf(text))
	}
	var inline, attached []Attachment
	for _, a := range d.Attachments {
		if a.ContentID != "" && d.HTML != "" {
			inline = append(inline, a)
		} else {
			attached = append(attached, a)
		}
	}
	if d.HTML != "" {
		if l, err = next("html"); err != nil {
			return err
		}
		if l.mediaType != "text/html" || string(l.body) != crlf(d.HTML) {
			return fmt.Errorf("html part %s %q, want %q", l.path, l.body, crlf(d.HTML))
		}
	}
	for _, group := range []struct {
		disp string
		list []Attachment
	}{{"inline", inline}, {"attachment", attached}} {
		for _, a := range group.list {
			if l, err = next(a.Filename); err != nil {
				return err
			}
			wantMT, _, _ := mime.ParseMediaType(a.MIMEType)
			switch {
			case l.disposition != group.disp || l.dispParams["filename"] != a.Filename:
				return fmt.Errorf("attachment %s: disposition %s filename %q, want %s %q", l.path, l.disposition, l.dispParams["filename"], group.disp, a.Filename)
			case a.MIMEType != "" && l.mediaType != wantMT:
				return fmt.Errorf("attachment %q: type %s, want %s", a.Filename, l.mediaType, wantMT)
			case !bytes.Equal(l.body, a.Content):
				return fmt.Errorf("attachment %q: %d bytes differ from the %d given", a.Filename, len(l.body), len(a.Content))
			case a.ContentID != "" && l.contentID != bracketed(a.ContentID):
				return fmt.Errorf("attachment %q: Content-ID %q", a.Filename, l.contentID)
			}
		}
	}
	if i != len(leaves) {
		return fmt.Errorf("%d unexpected extra parts", len(leaves)-i)
	}
	return nil
}
