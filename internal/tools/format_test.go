package tools

import (
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestFormatAddress(t *testing.T) {
	for _, tc := range []struct {
		in   mail.Address
		want string
	}{
		{mail.Address{Email: "a@example.com"}, "a@example.com"},
		{mail.Address{Name: "Ann Lee", Email: "a@example.com"}, "Ann Lee <a@example.com>"},
		{mail.Address{Name: "Doe, John", Email: "j@example.com"}, `"Doe, John" <j@example.com>`},
		{mail.Address{Name: `Say "hi"; ok`, Email: "s@example.com"}, `"Say \"hi\"; ok" <s@example.com>`},
		{mail.Address{Name: "Jürgen Groß", Email: "j@example.de"}, "Jürgen Groß <j@example.de>"},
		{mail.Address{}, ""},
	} {
		if got := formatAddress(tc.in); got != tc.want {
			t.Errorf("formatAddress(%+v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
