package policy

import (
	"encoding/json"
	"testing"
	"time"
)

func TestCost(t *testing.T) {
	const u = "/gmail/v1/users/me/"
	tests := []struct {
		method, path string
		want         int
	}{
		{"GET", u + "messages", 5},
		{"GET", u + "messages/abc", 5},
		{"GET", u + "messages/abc/attachments/x", 5},
		{"POST", u + "messages/abc/modify", 5},
		{"POST", u + "messages/abc/trash", 5},
		{"POST", u + "messages/abc/untrash", 5},
		{"POST", u + "messages/send", 100},
		{"POST", "/upload/gmail/v1/users/me/messages/send", 100},
		{"POST", u + "drafts", 10},
		{"PUT", u + "drafts/d1", 15},
		{"POST", u + "drafts/send", 100},
		{"GET", u + "drafts", 5},
		{"GET", u + "drafts/d1", 5},
		{"POST", u + "messages/batchModify", 50},
		{"GET", u + "threads/t1", 10},
		{"GET", u + "threads", 10},
		{"GET", u + "labels", 1},
		{"GET", u + "labels/INBOX", 1},
		{"GET", u + "profile", 1},
		{"GET", u + "history", 2},
		{"GET", u + "settings/filters", defaultCost},
		{"GET", "/somewhere/else", defaultCost},
	}
	for _, tt := range tests {
		if got := Cost(tt.method, tt.path); got != tt.want {
			t.Errorf("Cost(%s %s) = %d, want %d", tt.method, tt.path, got, tt.want)
		}
	}
	for name, c := range costs {
		if c > maxCost {
			t.Errorf("%s costs %d, above maxCost %d: the bucket could never hold it", name, c, maxCost)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "2", " 120 ", "-1", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", ""} {
		f.Add(s)
	}
	now := time.Date(2015, 10, 21, 7, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, h string) {
		d, ok := parseRetryAfter(h, now)
		if d < 0 || d > maxRetryAfter || (!ok && d != 0) {
			t.Fatalf("parseRetryAfter(%q) = %v, %v", h, d, ok)
		}
	})
}

func FuzzIsRateLimitBody(f *testing.F) {
	f.Add("userRateLimitExceeded", []byte(`{"error":{"errors":[{"reason":"x"}]}}`))
	f.Add("insufficientPermissions", []byte(`{"error":`))
	f.Add("rateLimitExceeded", []byte(`null`))
	f.Fuzz(func(t *testing.T, reason string, junk []byte) {
		isRateLimitBody(junk) // must not panic on anything
		var body struct {
			Error struct {
				Errors []map[string]string `json:"errors"`
			} `json:"error"`
		}
		body.Error.Errors = []map[string]string{{"reason": reason, "domain": "usageLimits"}}
		b, err := json.Marshal(body)
		if err != nil {
			t.Skip()
		}
		want := reason == "rateLimitExceeded" || reason == "userRateLimitExceeded"
		if got := isRateLimitBody(b); got != want {
			t.Fatalf("isRateLimitBody(%s) = %v, want %v", b, got, want)
		}
	})
}
