// Package tools defines gmail-mcp's MCP tools: one file per group, each tool a
// small constructor returning its definition and handler. Handlers validate
// arguments, call the mail.Mailbox and shape the result; they know nothing of
// HTTP or Gmail's JSON.
package tools
