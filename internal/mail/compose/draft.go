package compose

import (
	"crypto/rand"
	"io"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// Limits Gmail enforces on what it accepts for sending; checking them here
// gives the user a clear message instead of an opaque API failure.
const (
	MaxRecipients   = 100
	MaxMessageBytes = 25 << 20
	// MaxFilenameBytes is the common file-system limit on a name; it also keeps
	// every Content-Disposition line well under the 998-octet line limit.
	MaxFilenameBytes = 255
)

// Attachment is one file carried by a message. A ContentID makes it inline
// (referenced from the HTML body as "cid:<ContentID>").
type Attachment struct {
	Filename  string
	MIMEType  string // empty: guessed from the filename's extension
	Content   []byte
	ContentID string // without angle brackets; inline when set
}

// Draft is a message to compose. Text is sent exactly as given (only its line
// endings become CRLF, as MIME requires); when only HTML is given, the plain
// alternative is generated from it.
type Draft struct {
	From        mail.Address // may be empty: Gmail fills in the account
	To, Cc, Bcc []mail.Address
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
	InReplyTo   string    // parent's Message-ID, "<...>"
	References  []string  // full chain, oldest first, each "<...>"
	Date        time.Time // zero: now
	MessageID   string    // empty: generated
}

// Option adjusts how Build renders a draft.
type Option func(*builder)

// WithRandom sets the source of randomness for MIME boundaries and generated
// Message-IDs (crypto/rand by default). Tests use it for reproducible output.
func WithRandom(r io.Reader) Option { return func(b *builder) { b.rand = r } }

// WithNow sets the clock used when Draft.Date is zero.
func WithNow(now func() time.Time) Option { return func(b *builder) { b.now = now } }

type builder struct {
	rand     io.Reader
	now      func() time.Time
	maxBytes int // MaxMessageBytes; tests lower it to stay fast
}

func newBuilder(opts []Option) *builder {
	b := &builder{rand: rand.Reader, now: time.Now, maxBytes: MaxMessageBytes}
	for _, o := range opts {
		o(b)
	}
	return b
}
