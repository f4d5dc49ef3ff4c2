package parse

import (
	netmail "net/mail"
	"strings"
	"time"
)

// dateLayouts are the malformed Date forms seen in real mail that net/mail
// rejects.
var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 January 2006 15:04:05 -0700",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon, 02-Jan-2006 15:04:05 -0700",
	time.RFC3339,
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
}

// ParseDate reads a Date header leniently; it returns the zero time when the
// value cannot be read.
func ParseDate(v string) time.Time {
	v = strings.Join(strings.Fields(v), " ")
	if v == "" {
		return time.Time{}
	}
	if t, err := netmail.ParseDate(v); err == nil {
		return t
	}
	// Drop a trailing comment such as "(UTC)" or "(Pacific Standard Time)".
	if i := strings.IndexByte(v, '('); i > 0 {
		if t, err := netmail.ParseDate(strings.TrimSpace(v[:i])); err == nil {
			return t
		}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	return time.Time{}
}
