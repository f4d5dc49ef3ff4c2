// Package parse reads mail the way a person reads it: it turns a Gmail "full"
// payload tree (a *mail.Message) into a readable message — decoded headers and
// addresses, a UTF-8 text body chosen from the best alternative, HTML rendered
// as Markdown-ish text, and the list of attachments. It knows nothing of MCP,
// HTTP or Gmail's JSON: input and output are domain values.
package parse
