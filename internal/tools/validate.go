package tools

import (
	"strings"
)

const (
	defaultLimit = 20
	maxLimit     = 100
	maxIDLength  = 256
	maxQueryLen  = 2048
)

// checkRange gives an unset (zero) field its default and refuses a value
// outside lo..hi, naming the bounds.
func checkRange(field string, v, def, lo, hi int) (int, error) {
	switch {
	case v == 0:
		return def, nil
	case v < lo || v > hi:
		return 0, invalidf("%s must be between %d and %d (got %d)", field, lo, hi, v)
	}
	return v, nil
}

// checkLimit applies the default and refuses what Gmail-friendly paging cannot serve.
func checkLimit(limit int) (int, error) {
	n, err := checkRange("limit", limit, defaultLimit, 1, maxLimit)
	if err != nil {
		return 0, invalidf("%v: use page_token to read further", err)
	}
	return n, nil
}

// checkID accepts Gmail's opaque ids (letters, digits, '-', '_'), refusing
// anything that could smuggle a path or control characters into a request.
func checkID(field, id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", invalidf("%s is required: take it from list_emails or search_emails", field)
	}
	if len(id) > maxIDLength {
		return "", invalidf("%s is too long to be a Gmail id (%d characters)", field, len(id))
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "", invalidf("%s %q is not a Gmail id: ids contain only letters, digits, '-' and '_'", field, truncateForError(id))
		}
	}
	return id, nil
}

// checkPageToken refuses control characters and absurd sizes; Gmail's tokens
// are otherwise opaque.
func checkPageToken(tok string) (string, error) {
	if len(tok) > maxIDLength*4 || strings.ContainsFunc(tok, isControl) {
		return "", invalidf("page_token is not one this server returned: pass next_page_token exactly as given")
	}
	return tok, nil
}

// checkQuery refuses control characters and queries too long for Gmail.
func checkQuery(q string) (string, error) {
	if strings.ContainsFunc(q, isControl) {
		return "", invalidf("query contains control characters: use plain Gmail search text such as from:alice is:unread")
	}
	if len(q) > maxQueryLen {
		return "", invalidf("query is %d bytes long; Gmail accepts at most %d", len(q), maxQueryLen)
	}
	return strings.TrimSpace(q), nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || r == 0xfffd }

func truncateForError(s string) string {
	s = strings.Map(func(r rune) rune {
		if isControl(r) {
			return '?'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
