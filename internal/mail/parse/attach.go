package parse

import (
	"bytes"
	netmail "net/mail"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// attach lists p as an attachment.
func (w *walker) attach(p *mail.Part, ct, disp, name string, inRelated bool) {
	cid := strings.TrimSpace(strings.Trim(strings.TrimSpace(p.Headers.Get("Content-ID")), "<>"))
	if name == "" {
		name = defaultFilename(p, ct)
	}
	size := p.Size
	if size == 0 {
		size = len(p.Body)
	}
	_, ctParams := mediaParams(p.Headers.Get("Content-Type"))
	w.attachments = append(w.attachments, Attachment{
		PartID:       p.PartID,
		Filename:     name,
		MIMEType:     ct,
		Size:         size,
		AttachmentID: p.AttachmentID,
		Inline:       disp == "inline" || disp == "" && inRelated,
		ContentID:    cid,
		Charset:      strings.ToLower(strings.TrimSpace(ctParams["charset"])),
	})
}

// partFilename is the name Gmail gave the part, else the Content-Disposition
// filename, else the Content-Type name; RFC 2231 and RFC 2047 decoded.
func partFilename(p *mail.Part, dParams, ctParams map[string]string) string {
	for _, n := range []string{p.Filename, dParams["filename"], ctParams["name"]} {
		if n = strings.TrimSpace(DecodeHeader(n)); n != "" {
			return safeFilename(n)
		}
	}
	return ""
}

// safeFilename keeps only the last path element, so a name cannot point
// anywhere when a client saves it.
func safeFilename(n string) string {
	if i := strings.LastIndexAny(n, `/\`); i >= 0 && i < len(n)-1 {
		n = n[i+1:]
	}
	return n
}

// defaultFilename names the unnamed parts a reader still wants to open: a
// forwarded message after its subject, a calendar invitation.
func defaultFilename(p *mail.Part, ct string) string {
	switch ct {
	case "message/rfc822", "message/global":
		subject := ""
		if len(p.Parts) > 0 && p.Parts[0] != nil {
			subject = p.Parts[0].Headers.Get("Subject")
		}
		if subject == "" && len(p.Body) > 0 {
			if msg, err := netmail.ReadMessage(bytes.NewReader(p.Body)); err == nil {
				subject = msg.Header.Get("Subject")
			}
		}
		if subject = strings.TrimSpace(DecodeHeader(subject)); subject != "" {
			return safeFilename(subject) + ".eml"
		}
		return "message.eml"
	case "text/calendar", "application/ics":
		return "invite.ics"
	}
	if strings.HasPrefix(ct, "image/") {
		return imageName(p, ct)
	}
	return ""
}

// imageName names an unnamed (usually inline) image after its Content-ID's
// local part, else "image", with the extension of its type: "hotel.jpg".
func imageName(p *mail.Part, ct string) string {
	base := "image"
	cid := strings.Trim(strings.TrimSpace(p.Headers.Get("Content-ID")), "<> ")
	if local, _, _ := strings.Cut(cid, "@"); local != "" && len(local) <= 64 && !strings.ContainsAny(local, `/\:*?"<>|`) {
		base = local
	}
	ext := strings.TrimPrefix(ct, "image/")
	switch ext {
	case "jpeg", "pjpeg":
		ext = "jpg"
	case "svg+xml":
		ext = "svg"
	}
	if strings.ContainsAny(ext, "+.;") || ext == "" {
		ext = "img"
	}
	if strings.HasSuffix(strings.ToLower(base), "."+ext) {
		return base
	}
	return base + "." + ext
}
