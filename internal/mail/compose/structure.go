package compose

import (
	"bytes"
	"mime"
)

// part is one node of the MIME tree being written. Header values are ready to
// write (encoded where needed); a part with children is a multipart.
type part struct {
	header   [][2]string
	body     []byte // encoded already, unless base64
	base64   bool   // body is raw content, base64-encoded while rendering
	children []*part
	boundary string
}

// structure lays out the MIME tree:
//
//	mixed (when there are attachments)
//	├── alternative (when there is HTML)
//	│   ├── text/plain
//	│   └── related (when there are inline attachments)
//	│       ├── text/html
//	│       └── inline parts
//	└── attachments
//
// Inline attachments without an HTML body have nothing to be inline in, so
// they travel as ordinary attachments (keeping their Content-ID).
func (b *builder) structure(d Draft, v validated) (*part, error) {
	text := d.Text
	if text == "" && d.HTML != "" {
		text = htmlToText(d.HTML)
	}
	body := textPart("text/plain", text)
	var attached []*part
	if d.HTML != "" {
		html := textPart("text/html", d.HTML)
		var inline []*part
		for i, a := range d.Attachments {
			if a.ContentID != "" {
				inline = append(inline, attachmentPart(a, v.attachTypes[i], "inline"))
			}
		}
		if len(inline) > 0 {
			related, err := b.multipart("related", map[string]string{"type": "text/html"}, append([]*part{html}, inline...))
			if err != nil {
				return nil, err
			}
			html = related
		}
		alt, err := b.multipart("alternative", nil, []*part{body, html})
		if err != nil {
			return nil, err
		}
		body = alt
	}
	for i, a := range d.Attachments {
		if a.ContentID == "" || d.HTML == "" {
			attached = append(attached, attachmentPart(a, v.attachTypes[i], "attachment"))
		}
	}
	if len(attached) == 0 {
		return body, nil
	}
	return b.multipart("mixed", nil, append([]*part{body}, attached...))
}

func textPart(mediaType, s string) *part {
	cte, body := encodeTextBody(s)
	return &part{
		header: [][2]string{
			{"Content-Type", mime.FormatMediaType(mediaType, map[string]string{"charset": "utf-8"})},
			{"Content-Transfer-Encoding", cte},
		},
		body: body,
	}
}

func attachmentPart(a Attachment, mediaType, disposition string) *part {
	name := fallbackFilename(a.Filename)
	mt, params, _ := mime.ParseMediaType(mediaType) // validated already
	params["name"] = name
	h := [][2]string{
		{"Content-Type", mime.FormatMediaType(mt, params)},
		{"Content-Disposition", dispositionValue(disposition, a.Filename)},
		{"Content-Transfer-Encoding", cteBase64},
	}
	if a.ContentID != "" {
		h = append(h, [2]string{"Content-ID", "<" + bareContentID(a.ContentID) + ">"})
	}
	return &part{header: h, body: a.Content, base64: true}
}

// multipart makes a multipart/<sub> part. Boundaries start with "=_", which
// can never occur in quoted-printable or base64 text, and 7bit bodies that
// contain "--=_" are written as quoted-printable instead, so a boundary can
// never collide with content.
func (b *builder) multipart(sub string, params map[string]string, children []*part) (*part, error) {
	r, err := b.random(12)
	if err != nil {
		return nil, err
	}
	boundary := "=_" + r
	if params == nil {
		params = map[string]string{}
	}
	params["boundary"] = boundary
	return &part{
		header:   [][2]string{{"Content-Type", mime.FormatMediaType("multipart/"+sub, params)}},
		children: children,
		boundary: boundary,
	}, nil
}

// render writes the part's headers after those already in hw (the message
// headers, for the root), then its body or children.
func (p *part) render(buf *bytes.Buffer, hw headerBuf) error {
	for _, h := range p.header {
		hw.add(h[0], h[1])
	}
	if hw.err != nil {
		return hw.err
	}
	buf.WriteString("\r\n")
	if len(p.children) == 0 {
		if p.base64 {
			buf.Write(appendBase64Lines(buf.AvailableBuffer(), p.body))
		} else {
			buf.Write(p.body)
		}
		return nil
	}
	for _, c := range p.children {
		buf.WriteString("--" + p.boundary + "\r\n")
		if err := c.render(buf, headerBuf{buf: buf}); err != nil {
			return err
		}
		buf.WriteString("\r\n")
	}
	buf.WriteString("--" + p.boundary + "--\r\n")
	return nil
}
