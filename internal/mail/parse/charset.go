package parse

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// charsetAliases maps labels seen in real mail that neither the WHATWG nor the
// IANA index knows to an encoding that reads them correctly.
var charsetAliases = map[string]encoding.Encoding{
	"cp932":       japanese.ShiftJIS,
	"ms932":       japanese.ShiftJIS,
	"windows-31j": japanese.ShiftJIS,
	"sjis":        japanese.ShiftJIS,
	"cp936":       simplifiedchinese.GBK,
	"ms936":       simplifiedchinese.GBK,
	"gb_2312":     simplifiedchinese.GBK,
	"cp949":       korean.EUCKR,
	"ks_c_5601":   korean.EUCKR,
	"latin-1":     charmap.Windows1252,
	"latin_1":     charmap.Windows1252,
	"iso_8859_1":  charmap.Windows1252,
	"iso8859_1":   charmap.Windows1252,
	"iso8859_15":  charmap.ISO8859_15,
	"iso_8859_15": charmap.ISO8859_15,
	"latin-9":     charmap.ISO8859_15,
	"latin9":      charmap.ISO8859_15,
	"cp1251":      charmap.Windows1251,
	"cp1252":      charmap.Windows1252,
}

// DecodeCharset converts b from the named charset to UTF-8. Unknown or missing
// labels (and US-ASCII, which is often a lie) fall back to UTF-8 when b is valid
// UTF-8 and to Windows-1252 otherwise. Invalid bytes become U+FFFD. It never
// panics and always returns valid UTF-8.
func DecodeCharset(b []byte, charset string) string {
	enc, isUTF8 := lookupCharset(charset)
	switch {
	case isUTF8:
		return validUTF8(b)
	case enc == nil:
		if utf8.Valid(b) {
			return string(b)
		}
		enc = charmap.Windows1252
	}
	if isASCII(b) && asciiCompatible(enc) {
		return string(b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		// A stateful decoder gave up: read the bytes as Windows-1252, which
		// maps every byte, rather than lose the text.
		out, _ = charmap.Windows1252.NewDecoder().Bytes(b)
	}
	return validUTF8(out)
}

// lookupCharset resolves a charset label. It reports isUTF8 for UTF-8 labels and
// a nil encoding for labels that should use the fallback.
func lookupCharset(label string) (enc encoding.Encoding, isUTF8 bool) {
	label = strings.ToLower(strings.Trim(label, " \t\"'"))
	switch label {
	case "", "us-ascii", "ascii", "ansi_x3.4-1968", "us", "x-unknown", "unknown", "default":
		return nil, false
	case "utf-8", "utf8", "utf_8", "x-utf-8", "unicode-1-1-utf-8":
		return nil, true
	}
	if e, ok := charsetAliases[label]; ok {
		return e, false
	}
	if e, err := htmlindex.Get(label); err == nil && e != nil {
		if e == encoding.Replacement {
			// WHATWG maps ISO-2022-KR and HZ to a decoder that yields a
			// single U+FFFD; the 7-bit bytes are more use than that.
			return nil, false
		}
		name, _ := htmlindex.Name(e)
		return e, name == "utf-8"
	}
	for _, idx := range []*ianaindex.Index{ianaindex.MIME, ianaindex.IANA} {
		if e, err := idx.Encoding(label); err == nil && e != nil {
			return e, false
		}
	}
	if rest, ok := strings.CutPrefix(label, "x-"); ok {
		return lookupCharset(rest)
	}
	return nil, false
}

// asciiCompatible reports whether pure ASCII input decodes to itself, so the
// decoder can be skipped. UTF-16 and the ISO-2022 family are not.
func asciiCompatible(e encoding.Encoding) bool {
	name, err := htmlindex.Name(e)
	if err != nil {
		return false
	}
	return !strings.HasPrefix(name, "utf-16") && name != "iso-2022-jp"
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// validUTF8 returns b as a string with every invalid byte replaced by U+FFFD.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.Write(b[:size])
		}
		b = b[size:]
	}
	return sb.String()
}
