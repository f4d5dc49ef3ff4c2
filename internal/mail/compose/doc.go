// Package compose is the one place gmail-mcp writes mail: it turns a Draft into
// RFC 5322 bytes (headers, MIME structure, transfer encodings), builds replies
// and forwards from an original message, validates user-supplied recipients
// and applies the recipient allow-list. It is pure domain code: no MCP, HTTP or
// Gmail types.
//
// Everything a caller supplies that ends up in a header is checked: CR, LF and
// NUL are refused rather than stripped, so a header can never be injected, and
// every address must survive a net/mail round trip unchanged.
package compose
