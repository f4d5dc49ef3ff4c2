package metrics

import (
	"strings"
	"testing"
)

func TestGmailMethod(t *testing.T) {
	const u = "/gmail/v1/users/me/"
	const up = "/upload/gmail/v1/users/me/"
	tests := []struct {
		method, path, want string
	}{
		{"GET", u + "messages", "messages.list"},
		{"GET", u + "messages/18c2f0a1b2c3d4e5", "messages.get"},
		{"POST", u + "messages/18c2f0a1b2c3d4e5/modify", "messages.modify"},
		{"POST", u + "messages/18c2f0a1b2c3d4e5/trash", "messages.trash"},
		{"POST", u + "messages/18c2f0a1b2c3d4e5/untrash", "messages.untrash"},
		{"DELETE", u + "messages/18c2f0a1b2c3d4e5", "messages.delete"},
		{"POST", u + "messages/send", "messages.send"},
		{"POST", up + "messages/send", "messages.send"},
		{"POST", u + "messages", "messages.insert"},
		{"POST", up + "messages", "messages.insert"},
		{"POST", up + "messages/import", "messages.import"},
		{"POST", u + "messages/batchModify", "messages.batchModify"},
		{"POST", u + "messages/batchDelete", "messages.batchDelete"},
		{"GET", u + "messages/abc/attachments/ANGjdJ8", "messages.attachments.get"},
		{"GET", u + "drafts", "drafts.list"},
		{"POST", u + "drafts", "drafts.create"},
		{"POST", up + "drafts", "drafts.create"},
		{"GET", u + "drafts/r123", "drafts.get"},
		{"PUT", u + "drafts/r123", "drafts.update"},
		{"PUT", up + "drafts/r123", "drafts.update"},
		{"DELETE", u + "drafts/r123", "drafts.delete"},
		{"POST", u + "drafts/send", "drafts.send"},
		{"POST", up + "drafts/send", "drafts.send"},
		{"GET", u + "threads", "threads.list"},
		{"GET", u + "threads/t1", "threads.get"},
		{"POST", u + "threads/t1/modify", "threads.modify"},
		{"POST", u + "threads/t1/trash", "threads.trash"},
		{"GET", u + "labels", "labels.list"},
		{"GET", u + "labels/Label_12", "labels.get"},
		{"POST", u + "labels", "labels.create"},
		{"PATCH", u + "labels/Label_12", "labels.patch"},
		{"GET", u + "profile", "getProfile"},
		{"GET", "/gmail/v1/users/someone@example.com/profile", "getProfile"},
		{"GET", u + "history", "history.list"},
		{"GET", u + "settings/filters/abc", "settings"},
		{"POST", "/batch/gmail/v1", MethodBatch},
		{"GET", "/proxy/prefix/gmail/v1/users/me/messages", "messages.list"},
		// Unknown shapes never leak a path segment into a label.
		{"GET", "/", MethodOther},
		{"GET", "/token", MethodOther},
		{"GET", u + "nonsense/x", MethodOther},
		{"POST", u + "drafts/r1/trash", MethodOther},
		{"POST", u + "messages/abc", MethodOther},
		{"GET", u + "messages/a/b/c/d", MethodOther},
		{"POST", u + "profile", MethodOther},
	}
	for _, tt := range tests {
		if got := GmailMethod(tt.method, tt.path); got != tt.want {
			t.Errorf("GmailMethod(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

// FuzzGmailMethod checks the label never carries path material: it is always
// one of a small set of word.word names.
func FuzzGmailMethod(f *testing.F) {
	f.Add("GET", "/gmail/v1/users/me/messages/abc")
	f.Add("POST", "/upload/gmail/v1/users/me/messages/send")
	f.Add("GET", "/gmail/v1/users/me/messages/a/attachments/b")
	f.Add("PUT", "//gmail/v1/users//drafts/")
	f.Fuzz(func(t *testing.T, method, path string) {
		got := GmailMethod(method, path)
		if strings.ContainsAny(got, "/ @") || len(got) > len("messages.attachments.get") {
			t.Fatalf("GmailMethod(%q, %q) = %q: not a method name", method, path, got)
		}
		for _, seg := range strings.Split(got, ".") {
			if seg != "" && strings.Contains(path, seg) && !knownWord(seg) {
				t.Fatalf("GmailMethod(%q, %q) = %q echoes the path", method, path, got)
			}
		}
	})
}

func knownWord(s string) bool {
	switch s {
	case "messages", "drafts", "threads", "labels", "attachments", "list", "get", "insert", "create",
		"delete", "update", "patch", "modify", "trash", "untrash", "send", "import", "batchModify",
		"batchDelete", "getProfile", "history", "watch", "stop", "settings", "batch", "other":
		return true
	}
	return false
}
