// Package app wires gmail-mcp together from its configuration: credentials,
// the Gmail call policy, the mailbox, the MCP tools and the HTTP server. It
// is shared by the binary and the end-to-end tests, so both run the same
// assembly.
package app
