package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestDeleteEmailMovesToTrash(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	id := e.insert(t, "From: a@example.com\nTo: me@example.com\nSubject: old\n\nbye\n", "INBOX", "UNREAD")
	e.fake.ResetStats()
	for range 2 { // trashing twice is harmless
		out := callOK[struct {
			Trashed bool   `json:"trashed"`
			Message string `json:"message"`
		}](t, cs, "delete_email", map[string]any{"message_id": id})
		if !out.Trashed || !strings.Contains(out.Message, "Trash") {
			t.Errorf("result = %+v", out)
		}
	}
	labels := e.acct.LabelIDs(id)
	if labels == nil || !slices.Contains(labels, "TRASH") || slices.Contains(labels, "INBOX") {
		t.Errorf("labels = %v, want the message kept, in TRASH, out of INBOX", labels)
	}
	if _, ok := e.acct.Raw(id); !ok {
		t.Error("the message was deleted")
	}
	if n := len(fakeSaw(e.fake, "DELETE", "")); n != 0 {
		t.Errorf("%d DELETE requests reached the fake", n)
	}
	if n := len(fakeSaw(e.fake, "POST", "/batchDelete")); n != 0 {
		t.Errorf("%d batchDelete requests reached the fake", n)
	}
	if msg := callErr(t, cs, "delete_email", map[string]any{"message_id": "18c0ffee00000001"}); !strings.Contains(msg, "no message") {
		t.Errorf("unknown id: %q", msg)
	}
}

func TestMarkEmailReadToggles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	id := e.insert(t, "From: a@example.com\nTo: me@example.com\nSubject: s\n\nx\n", "INBOX", "UNREAD")
	for _, c := range []struct {
		args   map[string]any
		unread bool
	}{
		{map[string]any{"message_id": id}, false},
		{map[string]any{"message_id": id, "read": false}, true},
		{map[string]any{"message_id": id, "read": true}, false},
		{map[string]any{"message_id": id, "read": true}, false},
	} {
		call := callOK[struct {
			Read bool `json:"read"`
		}](t, cs, "mark_email_read", c.args)
		if call.Read == c.unread {
			t.Errorf("%v: result read=%v", c.args, call.Read)
		}
		if got := slices.Contains(e.acct.LabelIDs(id), "UNREAD"); got != c.unread {
			t.Errorf("%v: UNREAD = %v, want %v", c.args, got, c.unread)
		}
	}
}

func TestModifyLabelsByNameInOneBatch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	var ids []string
	for i := range 3 {
		ids = append(ids, e.insert(t, fmt.Sprintf("From: a@example.com\nTo: me@example.com\nSubject: s%d\n\nx\n", i), "INBOX", "UNREAD"))
	}
	e.fake.ResetStats()
	out := callOK[struct {
		Added   []string `json:"added"`
		Removed []string `json:"removed"`
	}](t, cs, "modify_labels", map[string]any{"message_ids": ids, "add": []string{"starred", "Important"}, "remove": []string{"inbox"}})
	if !slices.Equal(out.Added, []string{"STARRED", "IMPORTANT"}) || !slices.Equal(out.Removed, []string{"INBOX"}) {
		t.Errorf("result = %+v", out)
	}
	for _, id := range ids {
		labels := e.acct.LabelIDs(id)
		if !slices.Contains(labels, "STARRED") || !slices.Contains(labels, "IMPORTANT") || slices.Contains(labels, "INBOX") {
			t.Errorf("%s labels = %v", id, labels)
		}
	}
	if n := len(fakeSaw(e.fake, "POST", "/messages/batchModify")); n != 1 {
		t.Errorf("%d batchModify requests, want 1", n)
	}
	if n := len(fakeSaw(e.fake, "POST", "/modify")); n != 0 {
		t.Errorf("%d single modify requests, want 0", n)
	}
}

func TestModifyLabelsRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cs := e.connect(t, nil)
	id := e.insert(t, "From: a@example.com\nTo: me@example.com\nSubject: s\n\nx\n")
	many := make([]string, 1001)
	for i := range many {
		many[i] = fmt.Sprintf("18c0ffee%08x", i)
	}
	e.fake.ResetStats()
	for _, c := range []struct {
		args map[string]any
		says []string
	}{
		{map[string]any{"message_ids": []string{id}, "add": []string{"Nope", "STARRED", "Neither"}}, []string{`"Nope"`, `"Neither"`, "INBOX"}},
		{map[string]any{"message_ids": []string{id}}, []string{"nothing to change"}},
		{map[string]any{"message_ids": []string{}, "add": []string{"STARRED"}}, []string{"message_ids is empty"}},
		{map[string]any{"message_ids": many, "add": []string{"STARRED"}}, []string{"1001", "1000"}},
		{map[string]any{"message_ids": []string{id}, "add": []string{"TRASH"}}, []string{"delete_email"}},
		{map[string]any{"message_ids": []string{id}, "add": []string{"STARRED"}, "remove": []string{"starred"}}, []string{"both"}},
		{map[string]any{"message_ids": []string{"a/b"}, "add": []string{"STARRED"}}, []string{"not a Gmail id"}},
	} {
		msg := callErr(t, cs, "modify_labels", c.args)
		for _, w := range c.says {
			if !strings.Contains(msg, w) {
				t.Errorf("%v: error %q lacks %q", c.args["add"], msg, w)
			}
		}
	}
	if n := len(fakeSaw(e.fake, "POST", "/modify")) + len(fakeSaw(e.fake, "POST", "/batchModify")); n != 0 {
		t.Errorf("%d modify requests reached the fake for refused calls", n)
	}
}
