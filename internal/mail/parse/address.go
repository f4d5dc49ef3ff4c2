package parse

import (
	"bytes"
	"io"
	"mime"
	netmail "net/mail"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// Addresses parses an address-list header leniently: net/mail first (with
// encoded-word names in any charset), then a forgiving reading for the broken
// lists real mail carries: unquoted commas in names, missing angle brackets,
// bare groups such as "undisclosed-recipients:;". Names come back decoded.
// Entries without an address are dropped.
func Addresses(header string) []mail.Address {
	header = strings.TrimSpace(cleanHeaderText(fix8bit(header)))
	if header == "" {
		return nil
	}
	parser := netmail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: charsetReader}}
	if list, err := parser.ParseList(header); err == nil {
		out := make([]mail.Address, 0, len(list))
		for _, a := range list {
			out = append(out, mail.Address{Name: DecodeHeader(a.Name), Email: a.Address})
		}
		return out
	}
	return forgivingAddresses(header)
}

// Address parses a single-address header (From, Sender) leniently; it returns
// the first address found, or the zero Address.
func Address(header string) mail.Address {
	if list := Addresses(header); len(list) > 0 {
		return list[0]
	}
	return mail.Address{}
}

// charsetReader lets net/mail decode encoded-word names in any charset.
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(DecodeCharset(b, charset)), nil
}

// forgivingAddresses splits on commas and semicolons outside quotes, brackets
// and comments; a piece with no "@" is a name fragment (e.g. "Doe" of "Doe,
// John <j@x>") and joins the piece after it.
func forgivingAddresses(header string) []mail.Address {
	var out []mail.Address
	var carry string
	for _, piece := range splitList(header) {
		piece = strings.TrimSpace(piece)
		if piece == "" {
			continue
		}
		if carry != "" {
			piece = carry + ", " + piece
			carry = ""
		}
		if !strings.Contains(piece, "@") {
			carry = piece
			continue
		}
		if a, ok := forgivingAddress(piece); ok {
			out = append(out, a)
		}
	}
	return out
}

// splitList splits at top-level ',' and ';' and after a group's "name:".
func splitList(s string) []string {
	var parts []string
	depthAngle, depthParen, inQuote := 0, 0, false
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '<':
			depthAngle++
		case c == '>' && depthAngle > 0:
			depthAngle--
		case c == '(':
			depthParen++
		case c == ')' && depthParen > 0:
			depthParen--
		case depthAngle > 0 || depthParen > 0:
		case c == ',' || c == ';':
			parts = append(parts, s[start:i])
			start = i + 1
		case c == ':' && !strings.Contains(s[start:i], "@"):
			start = i + 1 // drop a group name such as "undisclosed-recipients:"
		}
	}
	return append(parts, s[start:])
}

// forgivingAddress reads one "name <addr>", "addr (name)" or "name addr" piece.
func forgivingAddress(piece string) (mail.Address, bool) {
	if a, err := netmail.ParseAddress(piece); err == nil {
		return mail.Address{Name: DecodeHeader(a.Name), Email: a.Address}, true
	}
	var name, email string
	if lt := strings.LastIndexByte(piece, '<'); lt >= 0 {
		rest := piece[lt+1:]
		if gt := strings.IndexByte(rest, '>'); gt >= 0 {
			rest = rest[:gt]
		}
		email = rest
		name = piece[:lt]
	} else {
		fields := strings.Fields(piece)
		for i, f := range fields {
			if strings.Contains(f, "@") {
				email = f
				name = strings.Join(append(fields[:i:i], fields[i+1:]...), " ")
				break
			}
		}
	}
	email = strings.Trim(email, " \t<>\"'()[],;")
	if !strings.Contains(email, "@") {
		return mail.Address{}, false
	}
	return mail.Address{Name: cleanName(name), Email: email}, true
}

// cleanName strips quotes and comment parentheses and decodes encoded-words.
func cleanName(name string) string {
	name = strings.TrimSpace(name)
	name = strings.TrimSpace(strings.Trim(name, "\"'()"))
	if strings.Contains(name, `\`) {
		var b bytes.Buffer
		for i := 0; i < len(name); i++ {
			if name[i] == '\\' && i+1 < len(name) {
				i++
			}
			b.WriteByte(name[i])
		}
		name = b.String()
	}
	return DecodeHeader(name)
}
