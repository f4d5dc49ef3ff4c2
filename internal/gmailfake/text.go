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
	htmlTag       = regexp.MustCompile(`(?s)<\s*/?\s*([a-zA-Z0-9]*)[^>]*>`)
)

// inlineTags join the text around them; every other tag separates words.
var inlineTags = map[string]bool{
	"a": true, "b": true, "i": true, "u": true, "em": true, "strong": true, "span": true, "font": true,
	"small": true, "big": true, "sub": true, "sup": true, "code": true, "abbr": true, "s": true, "mark": true,
}

// snippetLen is about how much text Gmail shows in a snippet.
const snippetLen = 200

// htmlText reduces HTML to its visible words, for snippets and search.
func htmlText(s string) string {
	s = invisibleHTML.ReplaceAllString(s, " ")
	s = htmlComment.ReplaceAllString(s, " ")
	s = htmlTag.ReplaceAllStringFunc(s, func(tag string) string {
		if inlineTags[strings.ToLower(htmlTag.FindStringSubmatch(tag)[1])] {
			return ""
		}
		return " "
	})
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

// snippetSource bounds how much of a body the snippet looks at: a 300 KB
// body needs no more than its start for 200 characters.
const snippetSource = 16 << 10

// readableText is the start of the decoded text the reader would show first.
func readableText(root *node) string {
	if p := firstBody(root, "text/plain"); p != nil {
		return toUTF8(p.params["charset"], p.data[:min(len(p.data), snippetSource)])
	}
	if p := firstBody(root, "text/html"); p != nil {
		return htmlText(toUTF8(p.params["charset"], p.data[:min(len(p.data), 4*snippetSource)]))
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
// separated by single spaces, with a space at each end. Han and kana have no
// spaces between words, so each of those characters is a word of its own.
func words(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	inWord := false
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			if !inWord {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
				b.WriteRune(r)
			}
			b.WriteByte(' ')
			inWord = false
			continue
		}
		if r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
			b.WriteByte(byte(r))
			inWord = true
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
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
