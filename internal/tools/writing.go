package tools

// writingTools change the mailbox: replies, forwards, drafts, labels, trash.
func writingTools(d *Deps) []tool {
	return nil
}
