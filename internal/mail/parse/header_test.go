package parse

import (
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func TestDecodeHeader(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Hello world", "Hello world"},
		{"q utf8", "=?UTF-8?Q?Caf=C3=A9_au_lait?=", "Café au lait"},
		{"b utf8", "=?utf-8?B?44GT44KT44Gr44Gh44Gv?=", "こんにちは"},
		{"latin1 q", "=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard"},
		{"adjacent words drop space", "=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"},
		{"text between kept", "=?UTF-8?Q?a?= x =?UTF-8?Q?b?=", "a x b"},
		{"split utf8 char", "=?UTF-8?B?5pel?= =?UTF-8?B?5pys?= =?UTF-8?B?6Kqe?=", "日本語"},
		{"split mid char", "=?UTF-8?Q?=E6=97?= =?UTF-8?Q?=A5?=", "日"},
		{"split shift_jis", "=?shift_jis?B?k/o=?= =?shift_jis?B?lns=?=", "日本"},
		{"mixed charsets", "=?iso-8859-1?q?caf=E9?= =?koi8-r?b?8NLJ18XU?=", "caféПривет"},
		{"iso-2022-jp", "=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "日本語"},
		{"unknown charset utf8 bytes", "=?x-unknown?Q?caf=C3=A9?=", "café"},
		{"unknown charset latin1 bytes", "=?x-unknown?Q?caf=E9?=", "café"},
		{"glued to text", "Re:=?UTF-8?Q?_caf=C3=A9?=", "Re: café"},
		{"missing padding", "=?UTF-8?B?w6k?=", "é"},
		{"lowercase q enc", "=?utf-8?q?x=3Dy?=", "x=y"},
		{"not a word", "price =? 10", "price =? 10"},
		{"unterminated", "=?UTF-8?Q?abc", "=?UTF-8?Q?abc"},
		{"raw latin1", "Caf\xe9", "Café"},
		{"raw utf8", "Café", "Café"},
		{"raw cp1252 quotes", "\x93hi\x94", "\u201chi\u201d"},
		{"folding", "a\r\n b", "a b"},
		{"encoded crlf neutralised", "=?UTF-8?Q?a=0D=0ABcc:_x?=", "a Bcc: x"},
		{"language suffix", "=?UTF-8*en?Q?hi?=", "hi"},
		{"invalid utf8 in word", "=?UTF-8?Q?a=FFb?=", "a\ufffdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeHeader(tt.in); got != tt.want {
				t.Errorf("DecodeHeader(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAddresses(t *testing.T) {
	tests := []struct {
		name, in string
		want     []mail.Address
	}{
		{"simple", "a@x.com", []mail.Address{{Email: "a@x.com"}}},
		{"named", `"Doe, John" <j@x.com>, b@y.org`, []mail.Address{addr("Doe, John", "j@x.com"), addr("", "b@y.org")}},
		{"encoded name", "=?UTF-8?Q?Ren=C3=A9?= <r@x.fr>", []mail.Address{addr("René", "r@x.fr")}},
		{"encoded name other charset", "=?koi8-r?b?8NLJ18XU?= <p@x.ru>", []mail.Address{addr("Привет", "p@x.ru")}},
		{"unquoted comma", "Doe, John <j@x.com>, b@y.org", []mail.Address{addr("Doe, John", "j@x.com"), addr("", "b@y.org")}},
		{"missing brackets", "John Doe j@x.com", []mail.Address{addr("John Doe", "j@x.com")}},
		{"undisclosed", "undisclosed-recipients:;", []mail.Address{}},
		{"group", "team: a@x.com, b@x.com;", []mail.Address{addr("", "a@x.com"), addr("", "b@x.com")}},
		{"raw 8-bit name", "Andr\xe9 <a@x.fr>", []mail.Address{addr("André", "a@x.fr")}},
		{"trailing comma", "a@x.com,", []mail.Address{addr("", "a@x.com")}},
		{"empty", "", nil},
		{"comment name", "j@x.com (John)", []mail.Address{addr("John", "j@x.com")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Addresses(tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("Addresses(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Addresses(%q)[%d] = %#v, want %#v", tt.in, i, got[i], tt.want[i])
				}
			}
		})
	}
	if got := Address(`"Bob" <bob@x.com>`); got != (mail.Address{Name: "Bob", Email: "bob@x.com"}) {
		t.Errorf("Address = %#v", got)
	}
}

func addr(name, email string) mail.Address { return mail.Address{Name: name, Email: email} }
