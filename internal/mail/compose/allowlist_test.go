package compose

import (
	"slices"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestAllowList(t *testing.T) {
	list, err := ParseAllowList([]string{" Boss@Corp.example ", "@example.com", "@.partner.example", "", "*@star.example"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		email   string
		allowed bool
	}{
		{"boss@corp.example", true},
		{"BOSS@CORP.EXAMPLE", true},
		{"other@corp.example", false},
		{"ann@example.com", true},
		{"ann@EXAMPLE.COM", true},
		{"ann@sub.example.com", false},
		{"ann@notexample.com", false},
		{"ann@eng.partner.example", true},
		{"ann@a.b.partner.example", true},
		{"ann@partner.example", false},
		{"ann@evilpartner.example", false},
		{"ann@example.com.evil.org", false},
		{"ann@star.example", true},
		{"ann@x.star.example", false},
	}
	for _, tt := range tests {
		got := list.Disallowed(mail.Address{Email: tt.email})
		if (len(got) == 0) != tt.allowed {
			t.Errorf("%s: disallowed %v, want allowed=%v", tt.email, got, tt.allowed)
		}
	}
	got := list.Disallowed(mail.Address{Email: "x@evil.org"}, mail.Address{Email: "ann@example.com"}, mail.Address{Email: "X@evil.org"}, mail.Address{Email: "y@evil.org"})
	if want := []string{"x@evil.org", "y@evil.org"}; !slices.Equal(got, want) {
		t.Errorf("Disallowed = %v, want %v", got, want)
	}
}

func TestAllowListEmptyAllowsAll(t *testing.T) {
	for _, entries := range [][]string{nil, {"", " "}} {
		list, err := ParseAllowList(entries)
		if err != nil || !list.Empty() || list.Disallowed(mail.Address{Email: "anyone@anywhere.example"}) != nil {
			t.Errorf("%q: %v %v", entries, list, err)
		}
	}
	if (AllowList{}).Disallowed(mail.Address{Email: "a@b.example"}) != nil {
		t.Error("zero AllowList refuses")
	}
}

func TestParseAllowListRefuses(t *testing.T) {
	_, err := ParseAllowList([]string{"ok@example.com", "not-an-address", "@", "@nodot", "@.", "@exa mple.com", "Name <a@b.example>"})
	if mail.KindOf(err) != mail.KindInvalid {
		t.Fatalf("err = %v", err)
	}
	for _, bad := range []string{`"not-an-address"`, `"@"`, `"@nodot"`, `"@."`, `"@exa mple.com"`, `"name <a@b.example>"`} {
		if !strings.Contains(err.Error(), bad) {
			t.Errorf("error %q does not name %s", err, bad)
		}
	}
	if strings.Contains(err.Error(), "ok@example.com") {
		t.Errorf("error names a good entry: %v", err)
	}
}
