package parse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkUTF8 fails the test when s is not valid UTF-8.
func checkUTF8(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s is not valid UTF-8: %q", what, s)
	}
}

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/corpus/*.eml")
	for _, file := range files {
		if raw, err := os.ReadFile(file); err == nil && len(raw) < 16*1024 {
			f.Add(raw)
		}
	}
	f.Add([]byte("Content-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>hi\r\n--x--"))
	f.Add([]byte("Content-Type: multipart/related; boundary=x; start=<a>\r\n\r\n--x\r\n\r\n--x--"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := parseEML(raw)
		if err != nil {
			return
		}
		r := Read(m)
		for what, s := range map[string]string{"Subject": r.Subject, "Text": r.Text, "HTML": r.HTML, "From": r.From.Name + r.From.Email, "MessageID": r.MessageID} {
			checkUTF8(t, what, s)
		}
		for _, a := range r.Attachments {
			checkUTF8(t, "Filename", a.Filename)
		}
		checkUTF8(t, "TrimQuoted", TrimQuoted(r.Text))
	})
}

func FuzzHTMLToText(f *testing.F) {
	f.Add(newsletterSample)
	f.Add("<table><tr><th>a</th></tr><tr><td><table><tr><td>x</td></tr></table></td></tr></table>")
	f.Add("<a href='https://x'>https://x</a><img width=1 height=1><p style='display:none'>h</p>")
	f.Add("<ul><li><ol><li>deep</li></ol></li></ul>&#0;&#xD800;\xff")
	f.Fuzz(func(t *testing.T, s string) {
		out := HTMLToText(s)
		checkUTF8(t, "HTMLToText", out)
		if strings.Contains(out, "\n\n\n") {
			t.Fatalf("HTMLToText left more than one blank line in a row: %q", out)
		}
		checkUTF8(t, "SanitizeHTML", SanitizeHTML(s))
	})
}

func FuzzDecodeCharset(f *testing.F) {
	for _, cs := range []string{"utf-8", "iso-8859-1", "shift_jis", "euc-kr", "gb2312", "koi8-r", "utf-16", "iso-2022-jp", "x-unknown", ""} {
		f.Add([]byte("caf\xe9 \x82\xa0 \xff\xfe\x1b$B"), cs)
	}
	f.Fuzz(func(t *testing.T, b []byte, charset string) {
		checkUTF8(t, "DecodeCharset", DecodeCharset(b, charset))
	})
}

func FuzzDecodeHeader(f *testing.F) {
	f.Add("=?UTF-8?B?5pel?= =?UTF-8?Q?=E6=97?= =?x?q?=A5?= caf\xe9")
	f.Add("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?= =??= =?utf-8?b?====?=")
	f.Add("Doe, John <j@x>, =?koi8-r?b?8NLJ18XU?= <p@x.ru>, undisclosed-recipients:;")
	f.Fuzz(func(t *testing.T, s string) {
		out := DecodeHeader(s)
		checkUTF8(t, "DecodeHeader", out)
		if strings.ContainsAny(out, "\r\n") {
			t.Fatalf("DecodeHeader(%q) = %q holds a line break", s, out)
		}
		for _, a := range Addresses(s) {
			checkUTF8(t, "Address", a.Name+a.Email)
		}
		_, params := mediaParams(s)
		for _, v := range params {
			checkUTF8(t, "param", v)
		}
	})
}

func FuzzWindow(f *testing.F) {
	f.Add("héllo, 世界! \xff", 0, 3)
	f.Add("abc", 2, 1)
	f.Add("日本語テキスト", 1, 2)
	f.Fuzz(func(t *testing.T, s string, offset, maxChars int) {
		chunk, next, more := Window(s, offset, maxChars)
		if next < 0 || next > len(s) || more != (next < len(s)) {
			t.Fatalf("Window(%q, %d, %d) = next %d, more %v", s, offset, maxChars, next, more)
		}
		if maxChars > 0 && utf8.RuneCountInString(chunk) > maxChars {
			t.Fatalf("chunk %q has more than %d runes", chunk, maxChars)
		}
		// Reading from 0 in steps must reassemble s exactly.
		step := maxChars%7 + 1
		if step < 1 {
			step = 1
		}
		var sb strings.Builder
		for off, more := 0, true; more; {
			var c string
			c, off, more = Window(s, off, step)
			if c == "" && more {
				t.Fatalf("no progress at offset %d of %q", off, s)
			}
			sb.WriteString(c)
		}
		if sb.String() != s {
			t.Fatalf("chunks reassemble to %q, want %q", sb.String(), s)
		}
	})
}
