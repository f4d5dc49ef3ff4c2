package parse

import "unicode/utf8"

// Window returns the part of s that starts at byte offset offset and holds at
// most maxChars characters (runes), the offset to continue from, and whether
// more remains. Offsets are byte offsets that fall on rune boundaries (an
// offset inside a rune is moved back to its start; one out of range is
// clamped), so the chunks of successive calls concatenate to s exactly.
// maxChars <= 0 means no limit.
func Window(s string, offset, maxChars int) (chunk string, next int, more bool) {
	offset = max(0, min(offset, len(s)))
	offset = runeStart(s, offset)
	end := len(s)
	if maxChars > 0 {
		end = offset
		for n := 0; n < maxChars && end < len(s); n++ {
			_, size := utf8.DecodeRuneInString(s[end:])
			end += size
		}
	}
	return s[offset:end], end, end < len(s)
}

// runeStart moves an offset that falls inside a valid multi-byte rune back to
// the rune's first byte. Bytes of invalid UTF-8 are one-byte runes, as in a
// range loop, so they never move the offset.
func runeStart(s string, offset int) int {
	for p := offset - 1; p >= 0 && p >= offset-(utf8.UTFMax-1); p-- {
		if utf8.RuneStart(s[p]) {
			if _, size := utf8.DecodeRuneInString(s[p:]); p+size > offset {
				return p
			}
			break
		}
	}
	return offset
}
