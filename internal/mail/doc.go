// Package mail holds the domain of gmail-mcp: the types a mailbox is made of
// (messages, parts, addresses, labels, drafts), the Mailbox interface the MCP
// tools use, and the errors a mailbox reports. It knows nothing of MCP, HTTP or
// Gmail's JSON; MIME reading lives in mail/parse and composing in mail/compose.
package mail
