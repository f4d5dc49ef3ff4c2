// Package server is gmail-mcp's HTTP front: the MCP endpoint behind bearer
// auth, Origin checks and size limits, plus /health, /ready, /metrics and the
// setup pages, with timeouts and a graceful shutdown. It knows nothing of
// Gmail; tools reach the mailbox through the MCP server it is given.
package server
