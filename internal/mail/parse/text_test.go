package parse

import (
	"strings"
	"testing"
)

func TestDecodeCharset(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		charset string
		want    string
	}{
		{"utf-8", []byte("café"), "UTF-8", "café"},
		{"utf-8 invalid", []byte("a\xffb"), "utf-8", "a\ufffdb"},
		{"latin1 is cp1252", []byte("\x93x\x94 \xe9"), "iso-8859-1", "\u201cx\u201d é"},
		{"label latin1", []byte("\xe9"), "latin1", "é"},
		{"label utf8", []byte("é"), "utf8", "é"},
		{"quoted label", []byte("\xe9"), `"ISO-8859-1"`, "é"},
		{"unknown valid utf8", []byte("é"), "x-unknown", "é"},
		{"unknown latin1", []byte("\xe9"), "x-unknown", "é"},
		{"missing", []byte("\xe9"), "", "é"},
		{"us-ascii lie", []byte("é"), "us-ascii", "é"},
		{"shift_jis", []byte("\x93\xfa\x96\x7b"), "Shift_JIS", "日本"},
		{"cp932", []byte("\x93\xfa"), "cp932", "日"},
		{"euc-kr", []byte("\xc7\xd1"), "euc-kr", "한"},
		{"gb2312 gets gbk", []byte("\xd6\xd0"), "gb2312", "中"},
		{"koi8-r", []byte("\xf0\xd2\xc9"), "KOI8-R", "При"},
		{"iso-8859-15 euro", []byte("\xa4"), "iso-8859-15", "€"},
		{"windows-1251", []byte("\xcf"), "windows-1251", "П"},
		{"iso-2022-jp", []byte("\x1b$BF|\x1b(B"), "iso-2022-jp", "日"},
		{"utf-16le", []byte("a\x00b\x00"), "utf-16le", "ab"},
		{"iso-2022-kr not replaced", []byte("abc"), "iso-2022-kr", "abc"},
		{"x- prefix", []byte("\x93\xfa"), "x-sjis", "日"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeCharset(tt.in, tt.charset); got != tt.want {
				t.Errorf("DecodeCharset(%q, %q) = %q, want %q", tt.in, tt.charset, got, tt.want)
			}
		})
	}
}

func TestTrimQuoted(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"on wrote", "Yes.\n\nOn Mon, Mar 3, 2025 at 4:12 PM Bob <b@x> wrote:\n> question?", "Yes."},
		{"wrapped attribution", "Yes.\n\nOn Mon, Mar 3, 2025 at 4:12 PM Bob Jones\n<b@x> wrote:\n\n> q", "Yes."},
		{"french", "Oui.\n\nLe mar. 4 mars 2025 à 09:12, Jean <j@x> a écrit :\n> q", "Oui."},
		{"german", "Ja.\n\nAm 04.03.2025 um 09:12 schrieb Hans <h@x>:\n> q", "Ja."},
		{"spanish", "Sí.\n\nEl mar, 4 mar 2025 a las 9:12, Ana (<a@x>) escribió:\n> q", "Sí."},
		{"outlook original message", "OK.\n\n-----Original Message-----\nFrom: C\nSent: Monday\nTo: A\n\nold", "OK."},
		{"outlook header block", "OK.\n\n________________________________\nFrom: Carol <c@x>\nSent: Monday, March 3, 2025 9:00\nTo: Alice\nSubject: x\n\nold", "OK."},
		{"outlook bold header", "OK.\n\n*From:* Carol <c@x>\n*Sent:* Monday\n*To:* Alice\n\nold", "OK."},
		{"german outlook", "OK.\n\nVon: Carol <c@x>\nGesendet: Montag\nAn: Alice\n\nalt", "OK."},
		{"trailing quotes only", "Sure.\n> earlier\n> text\n", "Sure."},
		{"inline quotes kept", "> q1\nanswer 1\n> q2\nanswer 2", "> q1\nanswer 1\n> q2\nanswer 2"},
		{"forward kept", "FYI\n\n---------- Forwarded message ---------\nFrom: V <v@x>\nDate: Mon\nSubject: S\n\nBody", "FYI\n\n---------- Forwarded message ---------\nFrom: V <v@x>\nDate: Mon\nSubject: S\n\nBody"},
		{"apple forward kept", "FYI\n\nBegin forwarded message:\n\nFrom: V\n\nBody", "FYI\n\nBegin forwarded message:\n\nFrom: V\n\nBody"},
		{"only quote", "> all quoted", "> all quoted"},
		{"attribution only", "On Mon, Bob wrote:\n> x", "On Mon, Bob wrote:\n> x"},
		{"no quote", "Plain text\nwith lines", "Plain text\nwith lines"},
		{"on in prose not cut", "On Monday we ship.\nThat is all.", "On Monday we ship.\nThat is all."},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TrimQuoted(tt.in); got != tt.want {
				t.Errorf("TrimQuoted(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	s := "aé日😀b"
	tests := []struct {
		offset, max int
		chunk       string
		next        int
		more        bool
	}{
		{0, 2, "aé", 3, true},
		{3, 2, "日😀", 10, true},
		{10, 5, "b", 11, false},
		{11, 5, "", 11, false},
		{4, 1, "日", 6, true}, // inside 日: moved back to its start
		{-5, 1, "a", 1, true},
		{99, 1, "", 11, false},
		{0, 0, s, 11, false},
	}
	for _, tt := range tests {
		chunk, next, more := Window(s, tt.offset, tt.max)
		if chunk != tt.chunk || next != tt.next || more != tt.more {
			t.Errorf("Window(%q, %d, %d) = %q, %d, %v; want %q, %d, %v", s, tt.offset, tt.max, chunk, next, more, tt.chunk, tt.next, tt.more)
		}
	}
	big := strings.Repeat("Grüße 日本 ", 5000)
	var sb strings.Builder
	for off, more := 0, true; more; {
		var c string
		c, off, more = Window(big, off, 20000)
		sb.WriteString(c)
	}
	if sb.String() != big {
		t.Error("20,000-char windows do not reassemble the text")
	}
}

func TestParseDate(t *testing.T) {
	for _, in := range []string{
		"Tue, 4 Mar 2025 10:15:00 +0100",
		"Tue, 4 Mar 2025 10:15:00 +0100 (CET)",
		"4 Mar 2025 10:15:00 +0100",
		"Tue,  4 Mar 2025 10:15 +0100",
		"Tue, 4 Mar 2025 09:15:00 GMT",
		"2025-03-04T09:15:00Z",
	} {
		if got := ParseDate(in); got.UTC().Format("2006-01-02T15:04") != "2025-03-04T09:15" {
			t.Errorf("ParseDate(%q) = %v", in, got)
		}
	}
	if got := ParseDate("not a date"); !got.IsZero() {
		t.Errorf("ParseDate(garbage) = %v, want zero", got)
	}
}
