package parse

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
)

// markdown is built once: a Converter is safe for concurrent use and costly
// to set up, and it holds no per-call state.
var markdown = sync.OnceValue(func() *converter.Converter {
	conv := converter.NewConverter(
		converter.WithEscapeMode(converter.EscapeModeDisabled), // readers are people and models, not Markdown parsers
		converter.WithPlugins(
			base.NewBasePlugin(),
			commonmark.NewCommonmarkPlugin(commonmark.WithBulletListMarker("-"), commonmark.WithListEndComment(false)),
			table.NewTablePlugin(
				table.WithCellPaddingBehavior(table.CellPaddingBehaviorMinimal),
				table.WithSkipEmptyRows(true),
				table.WithHeaderPromotion(true),
			),
		),
	)
	conv.Register.RendererFor("a", converter.TagTypeInline, renderLink, converter.PriorityEarly)
	// The base plugin writes "<" and ">" in text as entities so a Markdown
	// renderer cannot mistake them for HTML; our readers want the characters.
	conv.Register.TextTransformer(func(_ converter.Context, s string) string {
		return unescapeAngles.Replace(s)
	}, converter.PriorityLate)
	return conv
})

var unescapeAngles = strings.NewReplacer("&lt;", "<", "&gt;", ">")

// HTMLToText turns an HTML body into readable Markdown-ish text: head, style,
// script, hidden elements and tracking pixels are dropped, images become their
// alt text, links become [text](url), layout tables become blocks while data
// tables stay tables, entities are decoded and whitespace is collapsed.
func HTMLToText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		// The parser refuses absurdly deep documents; their text still counts.
		return tidyText(tokenText(s))
	}
	prune(doc)
	out, err := markdown().ConvertNode(doc)
	if err != nil {
		return tidyText(textContent(doc))
	}
	return tidyText(string(out))
}

// renderLink writes a link as [text](url), or just the text when the target
// says nothing more (same as the text, no usable URL), and drops empty links.
func renderLink(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	raw := buf.String()
	text := strings.Join(strings.Fields(raw), " ")
	if text == "" {
		if raw != "" {
			w.WriteByte(' ') // keep the gap an empty link stood in
		}
		return converter.RenderSuccess
	}
	if raw[0] == ' ' || raw[0] == '\n' {
		w.WriteByte(' ')
	}
	href := strings.TrimSpace(attr(n, "href"))
	switch {
	case !linkableURL(href):
		w.WriteString(text)
	case sameTarget(text, href):
		w.WriteString(strings.TrimPrefix(href, "mailto:"))
	default:
		w.WriteString("[" + text + "](" + strings.ReplaceAll(href, " ", "%20") + ")")
	}
	if c := raw[len(raw)-1]; c == ' ' || c == '\n' {
		w.WriteByte(' ')
	}
	return converter.RenderSuccess
}

// linkableURL reports whether href is an absolute URL worth showing.
func linkableURL(href string) bool {
	l := strings.ToLower(href)
	for _, p := range []string{"http://", "https://", "mailto:", "tel:", "ftp://"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// sameTarget reports whether a link's text already says where it goes.
func sameTarget(text, href string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		for _, p := range []string{"mailto:", "tel:", "https://", "http://", "www."} {
			s = strings.TrimPrefix(s, p)
		}
		return strings.TrimRight(s, "/")
	}
	return norm(text) == norm(href)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// textContent is the fallback when conversion fails: the document's text.
func textContent(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && isBlock(n.Data) {
			sb.WriteByte('\n')
		}
	}
	walk(n)
	return sb.String()
}

// tokenText extracts the text of HTML the parser refused, skipping the
// content of elements that are never shown.
func tokenText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var sb strings.Builder
	skip := 0
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return sb.String()
		case html.TextToken:
			if skip == 0 {
				sb.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			}
			if isBlock(string(name)) || string(name) == "li" {
				sb.WriteByte('\n')
			}
		}
	}
}

func isBlock(tag string) bool {
	switch tag {
	case "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "hr":
		return true
	}
	return false
}
