package parse

import (
	"sort"
	"strconv"
	"strings"
)

// mediaParams parses a Content-Type or Content-Disposition value leniently:
// the lower-case value before the first ';' and its parameters with lower-case
// keys. RFC 2231 extended values (key*=charset'lang'%XX), continuations
// (key*0=, key*1*=) in any charset x/text knows, and RFC 2047 words inside
// quoted values (a common violation) are decoded. Unlike mime.ParseMediaType
// it never fails: a broken parameter is skipped, the rest still read.
func mediaParams(v string) (value string, params map[string]string) {
	head, rest, _ := strings.Cut(v, ";")
	value = strings.ToLower(strings.TrimSpace(head))
	params = map[string]string{}
	type piece struct {
		n       int
		encoded bool
		val     string
	}
	continued := map[string][]piece{}
	for rest != "" {
		var key, val string
		key, val, rest = nextParam(rest)
		if key == "" {
			continue
		}
		name, ext, isExt := strings.Cut(key, "*")
		switch {
		case !isExt:
			if _, done := params[name]; !done {
				params[name] = val
			}
		case ext == "":
			continued[name] = append(continued[name], piece{n: -1, encoded: true, val: val})
		default:
			numStr, star := strings.CutSuffix(ext, "*")
			n, err := strconv.Atoi(numStr)
			if err != nil || n < 0 || n > 1000 {
				continue
			}
			continued[name] = append(continued[name], piece{n: n, encoded: star, val: val})
		}
	}
	for name, pieces := range continued {
		sort.SliceStable(pieces, func(i, j int) bool { return pieces[i].n < pieces[j].n })
		var raw []byte
		charset := ""
		for i, p := range pieces {
			val := p.val
			if p.encoded {
				if i == 0 {
					// charset'language'value; a missing quote means no prefix.
					if cs, after, ok := strings.Cut(val, "'"); ok {
						if _, after2, ok := strings.Cut(after, "'"); ok {
							charset, val = cs, after2
						}
					}
				}
				raw = append(raw, percentDecode(val)...)
			} else {
				raw = append(raw, val...)
			}
		}
		// An extended value wins over a plain one of the same name.
		params[name] = DecodeCharset(raw, charset)
	}
	for k, v := range params {
		if strings.Contains(v, "=?") || !isASCIIString(v) {
			params[k] = DecodeHeader(v)
		}
	}
	return value, params
}

// nextParam reads one "; key=value" (value a token or a quoted string).
func nextParam(s string) (key, val, rest string) {
	s = strings.TrimLeft(s, " \t\r\n;")
	eq := strings.IndexAny(s, "=;")
	if eq < 0 {
		return "", "", ""
	}
	if s[eq] == ';' {
		return "", "", s[eq+1:] // a bare word: skip it
	}
	key = strings.ToLower(strings.TrimSpace(s[:eq]))
	s = strings.TrimLeft(s[eq+1:], " \t\r\n")
	if strings.HasPrefix(s, `"`) {
		var sb strings.Builder
		i := 1
		for ; i < len(s); i++ {
			c := s[i]
			if c == '\\' && i+1 < len(s) {
				i++
				sb.WriteByte(s[i])
				continue
			}
			if c == '"' {
				break
			}
			sb.WriteByte(c)
		}
		rest = ""
		if i < len(s) {
			rest = s[i+1:]
		}
		if j := strings.IndexByte(rest, ';'); j >= 0 {
			rest = rest[j+1:]
		} else {
			rest = ""
		}
		return key, sb.String(), rest
	}
	val, rest, _ = strings.Cut(s, ";")
	return key, strings.TrimSpace(val), rest
}

// percentDecode undoes RFC 2231 %XX escapes; a broken escape stays literal.
func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
