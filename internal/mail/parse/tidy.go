package parse

import (
	"strings"
	"unicode/utf8"
)

// tidyText normalises converted or plain text for reading: invisible
// characters removed, non-breaking spaces made plain, trailing spaces and
// inner runs of spaces removed, at most one blank line in a row, no blank
// lines at either end.
func tidyText(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	blank := 0
	started := false
	for line := range strings.Lines(s) {
		line = tidyLine(strings.TrimRight(line, "\r\n"))
		if line == "" {
			blank++
			continue
		}
		if started {
			sb.WriteByte('\n')
			if blank > 0 {
				sb.WriteByte('\n')
			}
		}
		started = true
		blank = 0
		sb.WriteString(line)
	}
	return sb.String()
}

// tidyLine keeps leading indentation (it carries list nesting) and collapses
// the rest of the line's whitespace.
func tidyLine(line string) string {
	if isPlainLine(line) {
		return strings.TrimRight(line, " ")
	}
	var sb strings.Builder
	sb.Grow(len(line))
	indent, pendingSpace := true, false
	for _, r := range line {
		switch {
		case invisibleRune(r):
			continue
		case isSpace(r):
			switch {
			case !indent:
				pendingSpace = true
			case r == '\t':
				sb.WriteString("    ")
			default:
				sb.WriteByte(' ')
			}
			continue
		}
		if pendingSpace {
			sb.WriteByte(' ')
			pendingSpace = false
		}
		indent = false
		sb.WriteRune(r)
	}
	if indent {
		return "" // only whitespace
	}
	return sb.String()
}

// isPlainLine reports a printable-ASCII line with no runs of spaces after its
// indentation, the common case, which needs no rune-by-rune pass.
func isPlainLine(line string) bool {
	body := strings.TrimLeft(line, " ")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c >= utf8.RuneSelf || c < 0x20 || c == 0x7f || c == ' ' && i+1 < len(body) && body[i+1] == ' ' {
			return false
		}
	}
	return true
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\u00a0', '\u2007', '\u202f', '\u2002', '\u2003', '\u2009':
		return true
	}
	return false
}

// invisibleRune reports characters that render as nothing but newsletters use
// as padding (zero-width spaces and joiners, soft hyphens, BOMs) and stray
// control characters.
func invisibleRune(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f', '\u180e':
		return true
	}
	return r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0
}
