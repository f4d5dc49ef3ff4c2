package gmail

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"time"

	gmailapi "google.golang.org/api/gmail/v1"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// maxPartDepth bounds recursion over a payload tree; Gmail itself stops far
// earlier, so deeper input is a broken answer, not mail.
const maxPartDepth = 100

// toMessage converts a Gmail message (any format) to the domain type.
func toMessage(gm *gmailapi.Message) (*mail.Message, error) {
	payload, err := toPart(gm.Payload, 0)
	if err != nil {
		return nil, fmt.Errorf("message %s: %w", gm.Id, err)
	}
	return &mail.Message{
		ID:           gm.Id,
		ThreadID:     gm.ThreadId,
		LabelIDs:     gm.LabelIds,
		Snippet:      unescapeSnippet(gm.Snippet),
		InternalDate: internalDate(gm.InternalDate),
		SizeEstimate: int(gm.SizeEstimate),
		HistoryID:    gm.HistoryId,
		Payload:      payload,
	}, nil
}

// toPart converts a payload tree; body data is base64url-decoded.
func toPart(p *gmailapi.MessagePart, depth int) (*mail.Part, error) {
	if p == nil {
		return nil, nil
	}
	if depth > maxPartDepth {
		return nil, fmt.Errorf("MIME tree deeper than %d levels", maxPartDepth)
	}
	part := &mail.Part{
		PartID:   p.PartId,
		MIMEType: strings.ToLower(p.MimeType),
		Filename: p.Filename,
	}
	if len(p.Headers) > 0 {
		part.Headers = make(mail.Headers, len(p.Headers))
		for i, h := range p.Headers {
			part.Headers[i] = mail.Header{Name: h.Name, Value: h.Value}
		}
	}
	if b := p.Body; b != nil {
		part.AttachmentID = b.AttachmentId
		part.Size = int(b.Size)
		if b.Data != "" {
			data, err := decodeBase64URL(b.Data)
			if err != nil {
				return nil, fmt.Errorf("part %q body: %w", p.PartId, err)
			}
			part.Body = data
		}
	}
	if len(p.Parts) > 0 {
		part.Parts = make([]*mail.Part, 0, len(p.Parts))
		for _, child := range p.Parts {
			c, err := toPart(child, depth+1)
			if err != nil {
				return nil, err
			}
			if c != nil {
				part.Parts = append(part.Parts, c)
			}
		}
	}
	return part, nil
}

// decodeBase64URL decodes Gmail's base64url data, padded or not, streaming
// from the string so a large body is not copied once more before decoding.
// The standard alphabet is accepted too, as some proxies re-encode.
func decodeBase64URL(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") { // folded by some relay; Gmail itself never does
		s = strings.NewReplacer("\r", "", "\n", "").Replace(s)
	}
	s = strings.TrimRight(s, "=")
	enc := base64.RawURLEncoding
	if strings.ContainsAny(s, "+/") {
		enc = base64.RawStdEncoding
	}
	out := make([]byte, enc.DecodedLen(len(s)))
	dec := base64.NewDecoder(enc, strings.NewReader(s))
	if _, err := io.ReadFull(dec, out); err != nil {
		return nil, fmt.Errorf("decoding base64: %w", err)
	}
	var extra [1]byte
	if _, err := io.ReadFull(dec, extra[:]); err != io.EOF {
		return nil, fmt.Errorf("decoding base64: malformed input of %d characters", len(s))
	}
	return out, nil
}

func encodeBase64URL(b []byte) string { return base64.URLEncoding.EncodeToString(b) }

func internalDate(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
