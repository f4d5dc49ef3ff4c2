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

// checkLimit applies the default and refuses what Gmail-friendly paging cannot serve.
func checkLimit(limit int) (int, error) {
	switch {
	case limit == 0:
		return defaultLimit, nil
	case limit < 0 || limit > maxLimit:
		return 0, invalidf("limit must be between 1 and %d (got %d): use page_token to read further", maxLimit, limit)
	}
	return limit, nil
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
