package oauth

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// keyFormatHelp says what a token key looks like and how to make one.
const keyFormatHelp = "GMAIL_TOKEN_KEY must be 32 random bytes written as 64 hex characters or as base64; make one with `openssl rand -hex 32`"

// ParseKey decodes GMAIL_TOKEN_KEY: 32 bytes as 64 hex characters or as
// standard or URL-safe base64 (padded or not). The error never echoes the key.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("GMAIL_TOKEN_KEY is empty: " + keyFormatHelp)
	}
	if len(s) == 64 {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(b) != 32 {
			return nil, fmt.Errorf("GMAIL_TOKEN_KEY decodes to %d bytes, not 32: %s", len(b), keyFormatHelp)
		}
		return b, nil
	}
	return nil, fmt.Errorf("GMAIL_TOKEN_KEY is neither hex nor base64 (%d characters): %s", len(s), keyFormatHelp)
}
