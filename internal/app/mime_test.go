package app_test

import (
	"encoding/base64"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
)

func decodeTransfer(t *testing.T, cte string, r io.Reader) io.Reader {
	t.Helper()
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "", "7bit", "8bit", "binary":
		return r
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	}
	t.Fatalf("unknown Content-Transfer-Encoding %q", cte)
	return nil
}
