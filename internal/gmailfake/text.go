package gmailfake

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	invisibleHTML = regexp.MustCompile(`(?is)<(style|script|head|title)\b.*?</(style|script|head|title)\s*>`)
	htmlComment   = regexp.MustCompile(`(?s)<!--.*?-->`)
	htmlTag       = regexp.MustCompile(`(?s)<[^>]*>`)
)

// snippetLen is about how much text Gmail shows in a snippet.
const snippetLen = 200

// htmlText reduces HTML to its visible words, for snippets and search.
func htmlText(s string) string {
	s = invisibleHTML.ReplaceAllString(s, " ")
	s = htmlComment.ReplaceAllString(s, " ")
	s = htmlTag.ReplaceAllString(s, " ")
	return html.UnescapeString(s)
}

// snippetEscaper escapes as Gmail's snippets do (&#39; and &quot;, unlike html.EscapeString).
var snippetEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

// snippetOf is the first ~200 characters of the readable body: text/plain,
// else HTML without its tags; whitespace collapsed, HTML-escaped.
func snippetOf(root *node) string {
	text := readableText(root)
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) > snippetLen {
		text = string([]rune(text)[:snippetLen])
	}
	return snippetEscaper.Replace(text)
}

// readableText is the decoded text the reader would show first.
func readableText(root *node) string {
	if p := firstBody(root, "text/plain"); p != nil {
		return toUTF8(p.params["charset"], p.data)
	}
	if p := firstBody(root, "text/html"); p != nil {
		return htmlText(toUTF8(p.params["charset"], p.data))
	}
	return ""
}

// firstBody finds the first inline body part of the type, depth first,
// without looking inside attached messages.
func firstBody(n *node, mimeType string) *node {
	if n.mimeType == mimeType && !n.attachment {
		return n
	}
	if n.mimeType == "message/rfc822" {
		return nil
	}
	for _, c := range n.children {
		if p := firstBody(c, mimeType); p != nil {
			return p
		}
	}
	return nil
}

// words normalizes text for Gmail-like word matching: lower case words
// separated by single spaces, with a space at each end.
func words(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	inWord := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			inWord = true
		} else if inWord {
			b.WriteByte(' ')
			inWord = false
		}
	}
	if inWord {
		b.WriteByte(' ')
	}
	return b.String()
}
