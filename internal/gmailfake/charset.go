package gmailfake

import (
	"fmt"
	"io"
	"mime"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// wordDecoder decodes RFC 2047 words in any charset x/text knows.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, fmt.Errorf("charset %q: %w", charset, err)
	}
	return enc.NewDecoder().Reader(r), nil
}}

// toUTF8 decodes text in its declared charset; an unknown label falls back to
// UTF-8 with invalid bytes replaced, as Gmail shows such mail.
func toUTF8(charset string, b []byte) string {
	cs := strings.ToLower(strings.TrimSpace(charset))
	if cs != "" && cs != "utf-8" && cs != "us-ascii" && cs != "utf8" {
		if enc, err := htmlindex.Get(cs); err == nil {
			if out, err := enc.NewDecoder().Bytes(b); err == nil {
				return string(out)
			}
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// decodeHeader RFC 2047-decodes a header value, keeping it when it is broken.
func decodeHeader(v string) string {
	if out, err := wordDecoder.DecodeHeader(v); err == nil {
		return out
	}
	return v
}
