package compose

import (
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// invalid returns the error a user sees for bad input: every problem found,
// joined, so one round trip fixes them all.
func invalid(problems []string) error {
	return &mail.Error{Kind: mail.KindInvalid, Message: strings.Join(problems, "; ")}
}
