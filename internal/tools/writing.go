package tools

import "github.com/modelcontextprotocol/go-sdk/mcp"

// writingTools compose and file mail: replies, forwards, drafts, labels,
// trash (send_email, the first of them, is a core tool). list_drafts only
// reads: each tool says whether it writes, and read-only mode drops those
// that do.
func writingTools(d *Deps) []tool {
	return []tool{
		replyEmail(d),
		forwardEmail(d),
		createDraft(d),
		listDrafts(d),
		sendDraft(d),
		deleteEmail(d),
		markEmailRead(d),
		modifyLabels(d),
	}
}

// writeAnnotations describe a write that does not send: never read-only,
// destructive when it hides or removes mail, idempotent when repeating it
// changes nothing more.
func writeAnnotations(title string, destructive, idempotent bool) *mcp.ToolAnnotations {
	no := false
	return &mcp.ToolAnnotations{Title: title, DestructiveHint: &destructive, IdempotentHint: idempotent, OpenWorldHint: &no}
}
