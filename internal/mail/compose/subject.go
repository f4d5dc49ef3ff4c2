package compose

import (
	"regexp"
	"strings"
)

// Reply and forward prefixes as mail clients write them in various
// languages, with optional counters ("Re[2]:", "AW(3):") and full-width
// colons. Single letters (Italian "R:", "I:") are left out: too easily a real
// subject.
var (
	replyPrefix   = regexp.MustCompile(`(?i)^\s*(re|aw|sv|vs|antw|antwort|odp|res|rif|ynt|atb|回复|回覆|答复)\s*(\[\d+\]|\(\d+\))?\s*[:：]`)
	forwardPrefix = regexp.MustCompile(`(?i)^\s*(fwd?|wg|tr|rv|enc|vb|vl|doorst|转发|轉寄)\s*(\[\d+\]|\(\d+\))?\s*[:：]`)
)

// replySubject adds "Re: " unless the subject already starts with a reply
// prefix, so a conversation never grows "Re: Re: Re:".
func replySubject(s string) string { return withPrefix(s, "Re:", replyPrefix) }

// forwardSubject adds "Fwd: " unless the subject already starts with a
// forward prefix.
func forwardSubject(s string) string { return withPrefix(s, "Fwd:", forwardPrefix) }

func withPrefix(s, prefix string, existing *regexp.Regexp) string {
	s = strings.TrimSpace(s)
	if existing.MatchString(s) {
		return s
	}
	if s == "" {
		return prefix
	}
	return prefix + " " + s
}
