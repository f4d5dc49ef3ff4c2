package compose

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

var (
	alice = mail.Address{Name: "Alice Example", Email: "alice@example.com"}
	bob   = mail.Address{Email: "bob@example.org"}
	carol = mail.Address{Name: "Carol, the \"Boss\"", Email: "carol@example.net"}
	date  = time.Date(2025, 3, 14, 15, 9, 26, 0, time.FixedZone("CET", 3600))
)

// seeded is a deterministic randomness source for reproducible output.
func seeded(seed uint64) io.Reader { return rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8)}) }

func build(t testing.TB, d Draft) []byte {
	t.Helper()
	raw, err := Build(d, WithRandom(seeded(1)))
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if err := verify(d, raw); err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
	return raw
}

func binary(n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{7})
	_, _ = r.Read(b)
	return b
}

func TestBuildRoundTrip(t *testing.T) {
	long := strings.Repeat("x", 1500)
	tests := []struct {
		name   string
		draft  Draft
		cte    string // root or text part's transfer encoding, when it matters
		layout string // content-type paths of the leaves
	}{
		{"plain ascii", Draft{To: []mail.Address{bob}, Subject: "Hello", Text: "Hi Bob,\nsee you.\n"}, cte7bit, "/text/plain"},
		{"html specials sent as is", Draft{To: []mail.Address{bob}, Subject: "a < b", Text: "a < b & c > d\n&lt; stays &lt;"}, cte7bit, "/text/plain"},
		{"From lines, dot lines", Draft{To: []mail.Address{bob}, Subject: "x", Text: "From here\n.\n..\n\ttab\tin\n"}, cte7bit, "/text/plain"},
		{"trailing whitespace kept", Draft{To: []mail.Address{bob}, Subject: "x", Text: "end   \n\ttab\t\nlast "}, cteQP, "/text/plain"},
		{"long line", Draft{To: []mail.Address{bob}, Subject: "x", Text: "start " + long + " end\nshort"}, cteQP, "/text/plain"},
		{"emoji and accents", Draft{To: []mail.Address{bob}, Subject: "Café ☕", Text: "Café au lait with the usual déjà vu, and a cup ☕ or two 🎉.\nSecond line, plain.\n"}, cteQP, "/text/plain"},
		{"CJK", Draft{To: []mail.Address{bob}, Subject: "会議の件", Text: "明日の会議は午後三時からです。よろしくお願いします。"}, cteBase64, "/text/plain"},
		{"bare CR and CRLF", Draft{To: []mail.Address{bob}, Subject: "x", Text: "a\r\nb\rc\n"}, cte7bit, "/text/plain"},
		{"boundary-like text", Draft{To: []mail.Address{bob}, Subject: "x", Text: "--=_0000\n--=_0000--\n"}, cteQP, "/text/plain"},
		{"control chars and NUL in body", Draft{To: []mail.Address{bob}, Subject: "x", Text: "a bell \a here, a nul \x00 there and an escape \x1b at the end"}, cteQP, "/text/plain"},
		{"empty body", Draft{To: []mail.Address{bob}, Subject: "x"}, cte7bit, "/text/plain"},
		{"all headers", Draft{From: alice, To: []mail.Address{bob, carol}, Cc: []mail.Address{{Name: "Ünïcødé Ñame", Email: "u@example.com"}},
			Bcc: []mail.Address{{Name: "Hidden", Email: "h@example.com"}}, Subject: "Re: plan", Text: "ok",
			InReplyTo: "<p2@example.com>", References: []string{"<p1@example.com>", "p2@example.com"},
			Date: date, MessageID: "<fixed@example.com>"}, cte7bit, "/text/plain"},
		{"subjects that need encoding", Draft{To: []mail.Address{bob}, Subject: "  =?utf-8?q?not_encoded?= double  space\ttab ", Text: "x"}, cte7bit, "/text/plain"},
		{"long subject folds", Draft{To: []mail.Address{bob}, Subject: strings.Repeat("word ", 60) + "end", Text: "x"}, cte7bit, "/text/plain"},
		{"long unbreakable subject", Draft{To: []mail.Address{bob}, Subject: strings.Repeat("y", 1200), Text: "x"}, cte7bit, "/text/plain"},
		{"long non-ASCII subject", Draft{To: []mail.Address{bob}, Subject: strings.Repeat("日本語のメール ", 30), Text: "x"}, cte7bit, "/text/plain"},
		{"html only", Draft{To: []mail.Address{bob}, Subject: "news", HTML: "<p>Hello <b>world</b> a &lt; b</p>"}, "", "/multipart/alternative/text/plain /multipart/alternative/text/html"},
		{"text and html", Draft{To: []mail.Address{bob}, Subject: "x", Text: "plain", HTML: "<p>rich ☕</p>"}, "", "/multipart/alternative/text/plain /multipart/alternative/text/html"},
		{"attachments", Draft{To: []mail.Address{bob}, Subject: "files", Text: "see attached",
			Attachments: []Attachment{
				{Filename: "report.pdf", MIMEType: "application/pdf", Content: binary(10000)},
				{Filename: "Résumé – 2025 ☕.txt", MIMEType: "text/plain; charset=utf-8", Content: []byte("café\n")},
				{Filename: "=?utf-8?q?looks_encoded?=.bin", MIMEType: "application/octet-stream", Content: []byte{0, 1, 2}},
				{Filename: `quote " and \ back.txt`, Content: []byte{}},
				{Filename: strings.Repeat("長", 85), MIMEType: "application/octet-stream", Content: []byte("x")},
			}}, "",
			"/multipart/mixed/text/plain /multipart/mixed/application/pdf /multipart/mixed/text/plain /multipart/mixed/application/octet-stream /multipart/mixed/text/plain /multipart/mixed/application/octet-stream"},
		{"inline image in related", Draft{To: []mail.Address{bob}, Subject: "logo", HTML: `<img src="cid:logo@x">`,
			Attachments: []Attachment{{Filename: "logo.png", MIMEType: "image/png", Content: binary(300), ContentID: "<logo@x>"},
				{Filename: "a.zip", MIMEType: "application/zip", Content: binary(50)}}}, "",
			"/multipart/mixed/multipart/alternative/text/plain /multipart/mixed/multipart/alternative/multipart/related/text/html /multipart/mixed/multipart/alternative/multipart/related/image/png /multipart/mixed/application/zip"},
		{"inline without html is attached", Draft{To: []mail.Address{bob}, Subject: "x", Text: "t",
			Attachments: []Attachment{{Filename: "logo.png", MIMEType: "image/png", Content: binary(30), ContentID: "logo"}}}, "",
			"/multipart/mixed/text/plain /multipart/mixed/image/png"},
		{"many references fold", Draft{To: []mail.Address{bob}, Subject: "x", Text: "t", References: manyRefs(60)}, cte7bit, "/text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := build(t, tt.draft)
			_, leaves, err := readBack(raw)
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, l := range leaves {
				paths = append(paths, l.path)
			}
			if got := strings.Join(paths, " "); got != tt.layout {
				t.Errorf("layout\n got %s\nwant %s", got, tt.layout)
			}
			if tt.cte != "" && leaves[0].cte != tt.cte {
				t.Errorf("text transfer encoding %s, want %s", leaves[0].cte, tt.cte)
			}
			headerEnd := bytes.Index(raw, []byte("\r\n\r\n"))
			for _, line := range strings.Split(string(raw[:headerEnd]), "\r\n") {
				if len(line) > foldAt && !strings.HasPrefix(line, "Content-Disposition") && !strings.HasPrefix(line, " filename") {
					t.Errorf("header line of %d > %d characters: %q", len(line), foldAt, line)
				}
			}
		})
	}
}

func manyRefs(n int) []string {
	var refs []string
	for i := range n {
		refs = append(refs, fmt.Sprintf("<CAF%08d-long-message-id-part@mail.gmail.com>", i))
	}
	return refs
}

func TestBuildDeterministic(t *testing.T) {
	d := Draft{To: []mail.Address{bob}, Subject: "x", Text: "t", HTML: "<p>t</p>", Date: date,
		Attachments: []Attachment{{Filename: "a.bin", Content: []byte("x")}}}
	a, err := Build(d, WithRandom(seeded(3)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(d, WithRandom(seeded(3)))
	c, _ := Build(d, WithRandom(seeded(4)))
	if !bytes.Equal(a, b) {
		t.Error("same randomness gave different messages")
	}
	if bytes.Equal(a, c) {
		t.Error("different randomness gave the same boundaries and Message-ID")
	}
}

func TestBuildDefaults(t *testing.T) {
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	raw, err := Build(Draft{From: alice, To: []mail.Address{bob}, Text: "t"}, WithNow(func() time.Time { return now }), WithRandom(seeded(9)))
	if err != nil {
		t.Fatal(err)
	}
	msg, _, err := readBack(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := msg.Header.Date(); !got.Equal(now) {
		t.Errorf("Date %v, want %v", got, now)
	}
	if id := msg.Header.Get("Message-Id"); !strings.HasSuffix(id, "@example.com>") || !generatedID.MatchString(id) {
		t.Errorf("Message-ID %q not generated in the sender's domain", id)
	}
	if strings.Contains(string(raw), "Subject:") {
		t.Error("empty subject written")
	}
}

func TestBuildRefuses(t *testing.T) {
	to := []mail.Address{bob}
	att := func(a Attachment) Draft { return Draft{To: to, Text: "x", Attachments: []Attachment{a}} }
	tests := []struct {
		name  string
		draft Draft
		want  string // in the error message; "|" separates several
	}{
		{"subject LF", Draft{To: to, Subject: "hi\nBcc: evil@x.com"}, "subject contains a line break"},
		{"subject CR", Draft{To: to, Subject: "hi\rBcc: evil@x.com"}, "subject contains a line break"},
		{"subject NUL", Draft{To: to, Subject: "hi\x00"}, "subject contains a NUL"},
		{"subject invalid UTF-8", Draft{To: to, Subject: "caf\xe9"}, "subject is not valid UTF-8"},
		{"to address LF", Draft{To: []mail.Address{{Email: "a@b.com\nBcc: evil@x.com"}}}, "to #1 address contains a line break"},
		{"cc name CR", Draft{To: to, Cc: []mail.Address{{Name: "A\r\nBcc: evil@x.com", Email: "a@b.com"}}}, "cc #1 name contains a line break"},
		{"bcc NUL", Draft{To: to, Bcc: []mail.Address{{Email: "a@b.com\x00"}}}, "bcc #1 address contains a NUL"},
		{"from LF", Draft{From: mail.Address{Name: "me\n", Email: "me@x.com"}, To: to}, "from name contains a line break"},
		{"two addresses in one", Draft{To: []mail.Address{{Email: "a@b.com, evil@x.com"}}}, "not a valid email address"},
		{"not an address", Draft{To: []mail.Address{{Email: "bob"}}}, "not a valid email address"},
		{"empty address", Draft{To: []mail.Address{{Name: "Bob"}}}, "to #1 has no email address"},
		{"no recipient", Draft{Subject: "x"}, "no recipient"},
		{"too many recipients", Draft{To: addresses(60), Cc: addresses(101)[60:]}, "101 recipients, more than the 100"},
		{"in-reply-to LF", Draft{To: to, InReplyTo: "<a@b>\nBcc: evil@x.com"}, "in-reply-to contains a line break"},
		{"in-reply-to spaces", Draft{To: to, InReplyTo: "<a b@c>"}, "not a message id"},
		{"references LF", Draft{To: to, References: []string{"<a@b>", "<c@d>\r\nX: y"}}, "references #2 contains a line break"},
		{"message id", Draft{To: to, MessageID: "<>"}, "not a message id"},
		{"filename LF", att(Attachment{Filename: "a\n.txt"}), "attachment 1 filename contains a line break"},
		{"filename empty", att(Attachment{Filename: " "}), "filename is empty"},
		{"filename tab", att(Attachment{Filename: "a\tb"}), "control characters"},
		{"filename too long", att(Attachment{Filename: strings.Repeat("a", 256)}), "256 bytes long"},
		{"mime type LF", att(Attachment{Filename: "a", MIMEType: "text/plain\nX: y"}), "mime_type contains a line break"},
		{"mime type invalid", att(Attachment{Filename: "a", MIMEType: "pdf"}), `mime_type "pdf" is not a valid MIME type`},
		{"mime type multipart", att(Attachment{Filename: "a", MIMEType: "multipart/mixed"}), "not a valid MIME type"},
		{"content id LF", att(Attachment{Filename: "a", ContentID: "x\ny"}), "content id contains a line break"},
		{"content id space", att(Attachment{Filename: "a", ContentID: "x y"}), "must be printable ASCII"},
		{"body invalid UTF-8", Draft{To: to, Text: "\xff"}, "body is not valid UTF-8"},
		{"too big", att(Attachment{Filename: "big.bin", Content: make([]byte, 20<<20)}), "about 27.4 MB, over the 25 MB"},
		{"every problem named", Draft{Subject: "a\nb", Attachments: []Attachment{{}}}, "no recipient|subject contains a line break|attachment 1: filename is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := Build(tt.draft)
			var me *mail.Error
			if !errors.As(err, &me) || me.Kind != mail.KindInvalid {
				t.Fatalf("got %v (%T) and %d bytes, want a KindInvalid *mail.Error", err, err, len(raw))
			}
			for _, want := range strings.Split(tt.want, "|") {
				if !strings.Contains(me.Message, want) {
					t.Errorf("error %q does not say %q", me.Message, want)
				}
			}
		})
	}
}

// withLimit lowers the size limit so the exact-size checks stay fast.
func withLimit(n int) Option { return func(b *builder) { b.maxBytes = n } }

func TestBuildSizeLimitExact(t *testing.T) {
	const limit = 4 << 20
	// The largest attachment the estimate lets through: headers and MIME
	// structure, which it leaves out, push the rendered message over the
	// limit, and the exact check after rendering must catch that.
	d := Draft{To: []mail.Address{bob}, Text: strings.Repeat("é", 100)}
	textEstimate := estimateSize(d)
	d.Attachments = []Attachment{{Filename: "a.bin", Content: make([]byte, ((limit-textEstimate)/78-1)*57)}}
	if estimateSize(d) > limit {
		t.Fatalf("test setup: estimate %d over the limit", estimateSize(d))
	}
	_, err := Build(d, withLimit(limit))
	if err == nil || !strings.Contains(err.Error(), "MB, over the 4 MB") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "about") {
		t.Fatalf("estimate, not the exact size, refused it: %v", err)
	}
	// 70% of the limit in attachments fits (base64 adds about 37%).
	d.Attachments[0].Content = d.Attachments[0].Content[:limit*70/100]
	if _, err = Build(d, withLimit(limit)); err != nil {
		t.Fatalf("%d byte attachment refused: %v", len(d.Attachments[0].Content), err)
	}
}

func addresses(n int) []mail.Address {
	var list []mail.Address
	for i := range n {
		list = append(list, mail.Address{Email: fmt.Sprintf("user%d@example.com", i)})
	}
	return list
}

func TestBuildDedupesRecipientCount(t *testing.T) {
	// 100 distinct addresses, repeated across fields in another case, are within the limit.
	list := addresses(100)
	upper := make([]mail.Address, len(list))
	for i, a := range list {
		upper[i] = mail.Address{Email: strings.ToUpper(a.Email)}
	}
	build(t, Draft{To: list, Cc: upper, Subject: "x", Text: "t"})
}

func TestAttachmentBytesIdentical(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 56, 57, 58, 1 << 16} {
		content := binary(n)
		sum := sha256.Sum256(content)
		raw := build(t, Draft{To: []mail.Address{bob}, Text: "t", Attachments: []Attachment{{Filename: "f.bin", MIMEType: "application/octet-stream", Content: content}}})
		_, leaves, _ := readBack(raw)
		if got := sha256.Sum256(leaves[1].body); got != sum {
			t.Errorf("%d bytes: attachment changed", n)
		}
	}
}
