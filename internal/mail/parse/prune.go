package parse

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxNesting caps nested blockquotes and lists: deeper ones read as plain
// blocks. The Markdown converter's cost grows steeply with quote depth, and
// no reader follows more than a few levels anyway.
const maxNesting = 8

// prune edits a parsed HTML document into what a reader sees: invisible
// elements go, images become their alt text, layout tables become plain
// blocks. Comments (and with them Outlook's <!--[if mso]> blocks) go too.
func prune(n *html.Node) { pruneNested(n, 0, 0) }

func pruneNested(n *html.Node, quotes, lists int) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode || c.Type == html.DoctypeNode:
			n.RemoveChild(c)
		case c.Type != html.ElementNode:
		case invisibleTag(c.DataAtom) || hiddenElement(c):
			n.RemoveChild(c)
		case c.DataAtom == atom.Img:
			if alt := strings.Join(strings.Fields(attr(c, "alt")), " "); alt != "" && !trackingPixel(c) {
				n.InsertBefore(&html.Node{Type: html.TextNode, Data: alt}, c)
			}
			n.RemoveChild(c)
		default:
			q, l := quotes, lists
			switch c.DataAtom {
			case atom.Blockquote:
				if q++; q > maxNesting {
					c.DataAtom, c.Data = atom.Div, "div"
				}
			case atom.Ul, atom.Ol:
				if l++; l > maxNesting {
					c.DataAtom, c.Data = atom.Div, "div"
				}
			case atom.Li:
				if l > maxNesting {
					c.DataAtom, c.Data = atom.Div, "div"
				}
			}
			pruneNested(c, q, l)
			if c.DataAtom == atom.Table && layoutTable(c) {
				unwrapTable(c)
			}
		}
		c = next
	}
}

func invisibleTag(a atom.Atom) bool {
	switch a {
	case atom.Head, atom.Style, atom.Script, atom.Noscript, atom.Template, atom.Title, atom.Meta, atom.Link,
		atom.Iframe, atom.Object, atom.Embed, atom.Svg, atom.Math, atom.Canvas, atom.Audio, atom.Video,
		atom.Input, atom.Select, atom.Textarea, atom.Map:
		return true
	}
	return false
}

// hiddenElement reports elements a mail client would not show: the hidden
// attribute, aria-hidden, and inline styles that hide (the preheader trick).
func hiddenElement(n *html.Node) bool {
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	style := attr(n, "style")
	if style == "" {
		return false
	}
	decl := styleDecls(style)
	switch {
	case decl["display"] == "none", decl["visibility"] == "hidden", decl["mso-hide"] == "all",
		decl["opacity"] == "0":
		return true
	case (zeroLength(decl["max-height"]) || zeroLength(decl["height"])) && decl["overflow"] == "hidden":
		return true
	}
	return false
}

// styleDecls parses an inline style attribute into lower-case declarations,
// without !important.
func styleDecls(style string) map[string]string {
	out := make(map[string]string, 4)
	for _, d := range strings.Split(style, ";") {
		k, v, ok := strings.Cut(d, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ToLower(v)), "!important"))
		out[strings.TrimSpace(strings.ToLower(k))] = v
	}
	return out
}

// zeroLength reports a CSS length of zero ("0", "0px", "0em", …).
func zeroLength(v string) bool {
	v = strings.TrimSpace(v)
	for _, unit := range []string{"px", "rem", "em", "pt", "%"} {
		v = strings.TrimSuffix(v, unit)
	}
	f, err := strconv.ParseFloat(v, 64)
	return err == nil && f == 0
}

// trackingPixel reports an image sized 0 or 1 pixel in either dimension.
func trackingPixel(n *html.Node) bool {
	decl := styleDecls(attr(n, "style"))
	for _, v := range []string{attr(n, "width"), attr(n, "height"), decl["width"], decl["height"]} {
		if v == "" {
			continue
		}
		if px, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), "px"), 64); err == nil && px <= 1 {
			return true
		}
	}
	return decl["display"] == "none"
}

// layoutTable tells a table used for page layout (most tables in HTML mail)
// from one holding data: data tables have header cells, or are small grids of
// short cells with no nested tables.
func layoutTable(t *html.Node) bool {
	if r := strings.ToLower(attr(t, "role")); r == "presentation" || r == "none" {
		return true
	}
	rows, maxCells, hasHeader, nested, longCell := 0, 0, false, false, false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Table:
				nested = true
				continue
			case atom.Tr:
				rows++
				cells := 0
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.DataAtom == atom.Td || td.DataAtom == atom.Th {
						cells++
						if td.DataAtom == atom.Th {
							hasHeader = true
						}
						if len(strings.Fields(textContent(td))) > 20 {
							longCell = true
						}
					}
				}
				maxCells = max(maxCells, cells)
			case atom.Thead:
				hasHeader = true
			}
			walk(c)
		}
	}
	walk(t)
	if nested || maxCells < 2 {
		return true
	}
	if hasHeader {
		return false
	}
	return rows < 2 || longCell
}

// unwrapTable turns a layout table's structure into divs, so each cell reads
// as its own block instead of a Markdown table row.
func unwrapTable(t *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.DataAtom {
		case atom.Table, atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption:
			n.DataAtom, n.Data = atom.Div, "div"
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom != atom.Table {
				walk(c)
			}
		}
	}
	walk(t)
}
