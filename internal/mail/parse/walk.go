package parse

import (
	"bytes"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// segment is one piece of body in reading order: a text/plain and/or a
// text/html rendition of the same content, each decoded to UTF-8 once.
type segment struct {
	plain, html       string
	hasPlain, hasHTML bool
}

// walker collects the attachments it meets while finding the body.
type walker struct {
	attachments []Attachment
}

// maxDepth bounds recursion on hostile trees; real mail nests a few levels.
const maxDepth = 32

// walk returns the body segments of p in reading order, listing every part
// that is not body as an attachment. inRelated marks parts under a
// multipart/related, whose resources are inline by default.
func (w *walker) walk(p *mail.Part, inRelated bool) []segment {
	return w.walkDepth(p, inRelated, 0)
}

func (w *walker) walkDepth(p *mail.Part, inRelated bool, depth int) []segment {
	if p == nil || depth > maxDepth {
		return nil
	}
	ct, ctParams := partType(p)
	if strings.HasPrefix(ct, "multipart/") {
		switch ct {
		case "multipart/alternative":
			return w.alternative(p, inRelated, depth)
		case "multipart/related":
			return w.related(p, ctParams, depth)
		default: // mixed, digest, report, signed, unknown: everything in order
			var segs []segment
			for _, c := range p.Parts {
				segs = append(segs, w.walkDepth(c, inRelated, depth+1)...)
			}
			return segs
		}
	}
	disp, dParams := mediaParams(p.Headers.Get("Content-Disposition"))
	name := partFilename(p, dParams, ctParams)
	isText := ct == "text/plain" || ct == "text/html"
	hasData := p.Body != nil || p.AttachmentID == ""
	if isText && disp != "attachment" && name == "" && hasData {
		return []segment{textSegment(p, ct, ctParams)}
	}
	w.attach(p, ct, disp, name, inRelated)
	return nil
}

// alternative merges the renditions into one segment: for each of plain and
// HTML, the last child that offers it wins (RFC 2046: last is preferred).
func (w *walker) alternative(p *mail.Part, inRelated bool, depth int) []segment {
	var merged segment
	for _, c := range p.Parts {
		segs := w.walkDepth(c, inRelated, depth+1)
		if plain, ok := joinSegments(segs, false); ok {
			merged.plain, merged.hasPlain = plain, true
		}
		if html, ok := joinSegments(segs, true); ok {
			merged.html, merged.hasHTML = html, true
		}
	}
	if !merged.hasPlain && !merged.hasHTML {
		return nil
	}
	return []segment{merged}
}

// related reads its root (the start= part, else the first) as the body; the
// other parts are resources such as inline images.
func (w *walker) related(p *mail.Part, ctParams map[string]string, depth int) []segment {
	root := 0
	if start := strings.Trim(ctParams["start"], "<> "); start != "" {
		for i, c := range p.Parts {
			if strings.Trim(c.Headers.Get("Content-ID"), "<> ") == start {
				root = i
				break
			}
		}
	}
	var segs []segment
	for i, c := range p.Parts {
		if i == root {
			segs = w.walkDepth(c, true, depth+1)
			continue
		}
		ct, ctParams := partType(c)
		if strings.HasPrefix(ct, "multipart/") {
			w.walkDepth(c, true, depth+1)
			continue
		}
		disp, dParams := mediaParams(c.Headers.Get("Content-Disposition"))
		w.attach(c, ct, disp, partFilename(c, dParams, ctParams), true)
	}
	return segs
}

// joinSegments concatenates the plain (or HTML) renditions of segs.
func joinSegments(segs []segment, html bool) (string, bool) {
	var parts []string
	for _, s := range segs {
		switch {
		case html && s.hasHTML:
			parts = append(parts, s.html)
		case !html && s.hasPlain:
			parts = append(parts, s.plain)
		}
	}
	if len(parts) == 0 {
		return "", false
	}
	if html {
		return strings.Join(parts, "\n"), true
	}
	return strings.Join(parts, "\n\n"), true
}

// textSegment decodes a text/plain or text/html leaf to UTF-8.
func textSegment(p *mail.Part, ct string, params map[string]string) segment {
	charset := params["charset"]
	if ct == "text/html" {
		if charset == "" {
			charset = metaCharset(p.Body)
		}
		return segment{html: DecodeCharset(p.Body, charset), hasHTML: true}
	}
	text := DecodeCharset(p.Body, charset)
	if strings.EqualFold(params["format"], "flowed") {
		text = unflow(text, strings.EqualFold(params["delsp"], "yes"))
	}
	return segment{plain: tidyPlain(text), hasPlain: true}
}

// partType returns a part's lower-case media type and its Content-Type
// parameters. Gmail fills MIMEType; a part without one is text/plain
// (RFC 2045 §5.2).
func partType(p *mail.Part) (string, map[string]string) {
	ct, params := mediaParams(p.Headers.Get("Content-Type"))
	if mt := strings.ToLower(strings.TrimSpace(p.MIMEType)); mt != "" {
		ct = mt
	}
	if ct == "" || !strings.Contains(ct, "/") {
		ct = "text/plain"
	}
	return ct, params
}

// metaCharset finds a <meta charset> declaration near the start of an HTML
// body whose MIME header declared none.
func metaCharset(b []byte) string {
	head := b[:min(len(b), 2048)]
	i := bytes.Index(bytes.ToLower(head), []byte("charset="))
	if i < 0 {
		return ""
	}
	v := head[i+len("charset="):]
	v = bytes.TrimLeft(v, `"' `)
	end := bytes.IndexAny(v, "\"' ;/>")
	if end < 0 {
		return ""
	}
	return string(v[:end])
}
