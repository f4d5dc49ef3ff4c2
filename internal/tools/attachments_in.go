package tools

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail/compose"
)

// attachmentInput is a file the assistant attaches: content travels in the
// call itself, never as a server-side path, so no tool can read the server's
// files.
type attachmentInput struct {
	Filename      string `json:"filename" jsonschema:"the file name the recipient sees, e.g. report.pdf"`
	MIMEType      string `json:"mime_type,omitempty" jsonschema:"the media type, e.g. application/pdf or image/png; guessed from the filename when empty"`
	ContentBase64 string `json:"content_base64" jsonschema:"the file's bytes in standard base64 (RFC 4648, with = padding)"`
}

// decodeAttachments decodes the attachments strictly, checking sizes before
// decoding anything so an oversized upload costs no work. Every problem is
// named.
func decodeAttachments(in []attachmentInput) ([]compose.Attachment, error) {
	if len(in) == 0 {
		return nil, nil
	}
	if err := checkAttachmentSizes(in); err != nil {
		return nil, err
	}
	var problems []string
	out := make([]compose.Attachment, 0, len(in))
	for i, a := range in {
		content, err := decodeBase64(a.ContentBase64)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: content_base64 %v: encode the file's bytes with standard base64 (RFC 4648, with = padding)", attachmentName(i, a), err))
			continue
		}
		out = append(out, compose.Attachment{Filename: a.Filename, MIMEType: a.MIMEType, Content: content})
	}
	if len(problems) > 0 {
		return nil, invalidf("nothing was sent: %s", strings.Join(problems, "; "))
	}
	return out, nil
}

// checkAttachmentSizes refuses attachments that could not fit in a message
// Gmail accepts, from their encoded length alone.
func checkAttachmentSizes(in []attachmentInput) error {
	var problems []string
	total := 0
	for i, a := range in {
		size := base64.StdEncoding.DecodedLen(len(a.ContentBase64))
		total += size
		if size > compose.MaxMessageBytes {
			problems = append(problems, fmt.Sprintf("%s is about %.1f MB", attachmentName(i, a), float64(size)/(1<<20)))
		}
	}
	if len(problems) == 0 && total > compose.MaxMessageBytes {
		problems = append(problems, fmt.Sprintf("the attachments together are about %.1f MB", float64(total)/(1<<20)))
	}
	if len(problems) > 0 {
		return invalidf("nothing was sent: %s, over the %d MB Gmail accepts in one message: send fewer or smaller files, or share large files as links",
			strings.Join(problems, "; "), compose.MaxMessageBytes>>20)
	}
	return nil
}

func attachmentName(i int, a attachmentInput) string {
	if a.Filename == "" {
		return fmt.Sprintf("attachments[%d]", i)
	}
	return fmt.Sprintf("attachments[%d] (%q)", i, truncateForError(a.Filename))
}

// decodeBase64 accepts standard base64 with padding; line breaks (as MIME
// tools wrap it) are ignored, anything else is an error that says where.
func decodeBase64(s string) ([]byte, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err == nil {
		return b, nil
	}
	var at base64.CorruptInputError
	if errors.As(err, &at) {
		if strings.ContainsAny(s, "-_") && !strings.ContainsAny(s, "+/") {
			return nil, errors.New("looks like URL-safe base64 (- and _)")
		}
		return nil, fmt.Errorf("is not valid base64 (bad input at byte %d)", int64(at))
	}
	return nil, fmt.Errorf("is not valid base64 (%v)", err)
}
