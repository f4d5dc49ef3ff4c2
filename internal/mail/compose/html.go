package compose

import "github.com/gmail-mcp/gmail-mcp/internal/mail/parse"

// htmlToText is the plain alternative of an HTML-only draft, made by the same
// converter that reads incoming HTML mail.
func htmlToText(html string) string { return parse.HTMLToText(html) }
