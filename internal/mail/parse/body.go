package parse

import (
	"strings"
	"unicode/utf8"
)

// renderBody turns the body segments into the readable text, saying where it
// came from, and the decoded HTML.
func renderBody(segs []segment) (text, from, html string) {
	var texts, htmls []string
	usedHTML, usedPlain := false, false
	for _, s := range segs {
		t, fromHTML := chooseText(s)
		if s.hasHTML {
			htmls = append(htmls, s.html)
		}
		if strings.TrimSpace(t) == "" {
			continue
		}
		texts = append(texts, t)
		if fromHTML {
			usedHTML = true
		} else {
			usedPlain = true
		}
	}
	switch {
	case usedHTML:
		from = "text/html"
	case usedPlain:
		from = "text/plain"
	}
	if len(htmls) == 1 {
		html = htmls[0] // the common case: no copy
	} else {
		html = strings.Join(htmls, "\n")
	}
	if len(texts) == 1 {
		return texts[0], from, html
	}
	return strings.Join(texts, "\n\n"), from, html
}

// chooseText picks a segment's text: the plain rendition unless it is
// missing or a stub of the HTML one, in which case the converted HTML.
func chooseText(s segment) (text string, fromHTML bool) {
	if !s.hasHTML {
		return s.plain, false
	}
	if strings.TrimSpace(s.plain) == "" {
		return HTMLToText(s.html), true
	}
	shell, short := browserShell(s.plain), shortText(s.plain)
	if !shell && !short {
		return s.plain, false
	}
	converted := HTMLToText(s.html)
	plainLen, htmlLen := utf8.RuneCountInString(s.plain), utf8.RuneCountInString(converted)
	if shell && htmlLen > plainLen || short && htmlLen >= 5*plainLen {
		return converted, true
	}
	return s.plain, false
}

// shortText reports a plain body too short to be the whole message.
func shortText(s string) bool {
	if len(s) < 200 {
		return true
	}
	lines := 0
	for line := range strings.Lines(s) {
		if strings.TrimSpace(line) != "" {
			lines++
			if lines >= 3 {
				return false
			}
		}
	}
	return true
}

// shellPhrases are what a newsletter's text/plain part says when the real
// content is only in its HTML part.
var shellPhrases = []string{
	"view this email in your browser",
	"view this email in a browser",
	"view this message in your browser",
	"view it in your browser",
	"view in browser",
	"view in your browser",
	"view online",
	"view this email online",
	"view the online version",
	"view the web version",
	"web version",
	"your email client cannot display",
	"your email client does not support html",
	"does not support html",
	"html-capable email client",
	"html email client",
	"to view this message",
	"to view this email",
	"open this email in your browser",
}

// browserShell reports a plain body that only points to the HTML version.
func browserShell(s string) bool {
	if len(s) > 1500 {
		return false
	}
	l := strings.ToLower(s)
	for _, p := range shellPhrases {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

// tidyPlain normalises a text/plain body: LF line ends, no trailing spaces,
// no stray control characters, at most two blank lines in a row, no blank
// lines at either end. Indentation and inner spacing are kept.
func tidyPlain(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if t := strings.TrimRight(s, "\n"); alreadyTidy(t) {
		return t // the common case: no copy of a large body
	}
	var sb strings.Builder
	sb.Grow(len(s))
	blank := 0
	started := false
	for line := range strings.Lines(s) {
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		// A bare CR ends a line too (old Mac mail); split on it as well.
		for seg := range strings.SplitSeq(line, "\r") {
			seg = strings.TrimRight(dropControls(seg), " \t")
			if seg == "" {
				blank++
				continue
			}
			if started {
				sb.WriteByte('\n')
				for range min(blank, 2) {
					sb.WriteByte('\n')
				}
			}
			started, blank = true, 0
			sb.WriteString(seg)
		}
	}
	return sb.String()
}

// alreadyTidy reports whether tidyPlain would return s unchanged.
func alreadyTidy(s string) bool {
	if s == "" || s[0] == '\n' || strings.Contains(s, "\n\n\n\n") {
		return s == ""
	}
	if c := s[len(s)-1]; c == '\n' || c == ' ' || c == '\t' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n':
			if p := s[i-1]; p == ' ' || p == '\t' {
				return false
			}
		case c < 0x20 && c != '\t' || c == 0x7f:
			return false
		case c == 0xc2 && i+1 < len(s) && s[i+1] < 0xa0:
			return false // a C1 control character
		}
	}
	return true
}

// dropControls removes C0/C1 control characters other than tab.
func dropControls(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f || c == 0xc2 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return -1
		}
		return r
	}, s)
}

// unflow joins the soft line breaks of a format=flowed body (RFC 3676): a
// line ending in a space continues on the next line with the same quote depth.
func unflow(s string, delsp bool) string {
	var sb strings.Builder
	sb.Grow(len(s))
	inFlow, flowDepth := false, 0
	for line := range strings.Lines(s) {
		line = strings.TrimRight(line, "\r\n")
		depth := 0
		for depth < len(line) && line[depth] == '>' {
			depth++
		}
		content := strings.TrimPrefix(line[depth:], " ") // space-stuffing
		if inFlow && depth != flowDepth {
			sb.WriteByte('\n') // a flowed paragraph must not cross quote depths
			inFlow = false
		}
		if !inFlow {
			sb.WriteString(strings.Repeat(">", depth))
			if depth > 0 {
				sb.WriteByte(' ')
			}
		}
		flowed := strings.HasSuffix(content, " ") && content != "-- "
		if flowed && delsp {
			content = content[:len(content)-1]
		}
		sb.WriteString(content)
		if flowed {
			inFlow, flowDepth = true, depth
			continue
		}
		inFlow = false
		sb.WriteByte('\n')
	}
	return sb.String()
}
