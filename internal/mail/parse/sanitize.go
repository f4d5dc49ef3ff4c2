package parse

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// SanitizeHTML returns HTML that is safe to show: scripts, styles, frames,
// objects, forms and other active content removed, event-handler attributes
// dropped, and only http(s), mailto, tel, cid, relative and data:image URLs
// kept. It returns the body's content, not a whole document.
func SanitizeHTML(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		// Too deep for the parser: show its text, escaped, instead.
		return "<pre>" + html.EscapeString(tidyText(tokenText(s))) + "</pre>"
	}
	sanitizeNode(doc)
	body := findBody(doc)
	var sb strings.Builder
	sb.Grow(len(s))
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&sb, c); err != nil {
			return ""
		}
	}
	return sb.String()
}

func findBody(n *html.Node) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == atom.Body {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if b := findBody(c); b != nil && b.DataAtom == atom.Body {
			return b
		}
	}
	return n
}

func sanitizeNode(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode:
			n.RemoveChild(c) // IE conditional comments can carry markup
		case c.Type == html.ElementNode && dangerousTag(c):
			n.RemoveChild(c)
		case c.Type == html.ElementNode && c.DataAtom == 0:
			// An unknown element (Outlook's <o:p>, a made-up tag): keep its
			// content, drop the element and whatever its attributes mean.
			sanitizeNode(c)
			for gc := c.FirstChild; gc != nil; gc = c.FirstChild {
				c.RemoveChild(gc)
				n.InsertBefore(gc, c)
			}
			n.RemoveChild(c)
		case c.Type == html.ElementNode:
			c.Attr = safeAttrs(c.Attr)
			sanitizeNode(c)
		}
		c = next
	}
}

func dangerousTag(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Iframe, atom.Frame, atom.Frameset, atom.Object, atom.Embed, atom.Applet,
		atom.Form, atom.Input, atom.Button, atom.Select, atom.Textarea, atom.Link, atom.Meta, atom.Base,
		atom.Svg, atom.Math, atom.Template, atom.Noscript, atom.Head:
		return true
	}
	return n.Namespace != "" // SVG or MathML content
}

// urlAttrs are attributes whose value a browser loads or navigates to.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "background": true, "poster": true,
	"lowsrc": true, "dynsrc": true, "cite": true, "longdesc": true, "usemap": true, "data": true, "xlink:href": true,
}

func safeAttrs(attrs []html.Attribute) []html.Attribute {
	out := attrs[:0]
	for _, a := range attrs {
		key := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(key, "on"), key == "srcdoc", key == "srcset", key == "formaction", key == "ping",
			a.Namespace != "":
			continue
		case key == "style" && unsafeStyle(a.Val):
			continue
		case urlAttrs[key] && !safeURL(a.Val, key == "src"):
			continue
		}
		out = append(out, a)
	}
	return out
}

func unsafeStyle(v string) bool {
	l := strings.ToLower(strings.Join(strings.Fields(v), ""))
	for _, bad := range []string{"expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding", "@import", "url("} {
		if strings.Contains(l, bad) {
			return true
		}
	}
	return false
}

// safeURL allows web, mail and inline-part links, relative links, and inline
// raster images (data:image/… but not SVG, which can script).
func safeURL(v string, isSrc bool) bool {
	// Browsers ignore control characters and spaces inside a scheme.
	l := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, v))
	colon := strings.IndexByte(l, ':')
	if colon < 0 || strings.ContainsAny(l[:colon], "/?#") {
		return true // relative
	}
	switch l[:colon] {
	case "http", "https", "mailto", "tel", "cid":
		return true
	case "data":
		return isSrc && strings.HasPrefix(l, "data:image/") && !strings.HasPrefix(l, "data:image/svg")
	}
	return false
}
