package compose

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestRecipients(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []mail.Address
		bad  []string // substrings the error must contain; nil: no error
	}{
		{"plain", []string{"a@example.com"}, []mail.Address{{Email: "a@example.com"}}, nil},
		{"name and trim", []string{"  Ann Lee <ann@example.com> "}, []mail.Address{{Name: "Ann Lee", Email: "ann@example.com"}}, nil},
		{"quoted name with comma", []string{`"Lee, Ann" <ann@example.com>`}, []mail.Address{{Name: "Lee, Ann", Email: "ann@example.com"}}, nil},
		{"encoded name", []string{"=?utf-8?q?J=C3=B6rg?= <j@example.de>"}, []mail.Address{{Name: "Jörg", Email: "j@example.de"}}, nil},
		{"unicode name", []string{"Jörg <j@example.de>"}, []mail.Address{{Name: "Jörg", Email: "j@example.de"}}, nil},
		{"dedupe case-insensitive, first kept", []string{"Ann <ANN@example.com>", "ann@example.com", "b@example.com"},
			[]mail.Address{{Name: "Ann", Email: "ANN@example.com"}, {Email: "b@example.com"}}, nil},
		{"empty list", nil, nil, nil},
		{"list in one entry", []string{"a@example.com, b@example.com"}, nil, []string{`to[0] "a@example.com, b@example.com" holds 2 addresses`}},
		{"group", []string{"friends: a@example.com, b@example.com;"}, nil, []string{"is a group"}},
		{"empty group", []string{"undisclosed-recipients:;"}, nil, []string{"is a group"}},
		{"colon in quoted name is fine", []string{`"Re: Ann" <ann@example.com>`}, []mail.Address{{Name: "Re: Ann", Email: "ann@example.com"}}, nil},
		{"header injection", []string{"a@example.com\r\nBcc: evil@example.com"}, nil, []string{"contains a line break"}},
		{"LF only", []string{"a@example.com\nBcc: evil@example.com"}, nil, []string{"contains a line break"}},
		{"NUL", []string{"a@example.com\x00"}, nil, []string{"NUL"}},
		{"empty", []string{" "}, nil, []string{`to[0] " " is empty`}},
		{"no at", []string{"bob"}, nil, []string{"is not an email address"}},
		{"quoted local part", []string{`"a b"@example.com`}, nil, []string{"cannot be used"}},
		{"every bad entry named", []string{"ok@example.com", "bad", "x\ny@example.com"}, nil, []string{`to[1] "bad"`, `to[2] "x\ny@example.com"`, "Name <a@example.com>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Recipients("to", tt.in)
			if tt.bad == nil {
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
				return
			}
			var me *mail.Error
			if !errors.As(err, &me) || me.Kind != mail.KindInvalid {
				t.Fatalf("got %v, %v; want a KindInvalid error", got, err)
			}
			for _, b := range tt.bad {
				if !strings.Contains(me.Message, b) {
					t.Errorf("error %q does not say %q", me.Message, b)
				}
			}
		})
	}
}
