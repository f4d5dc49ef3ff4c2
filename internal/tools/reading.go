package tools

// readingTools are the further reading tools: threads, folders, attachments.
func readingTools(d *Deps) []tool {
	return nil
}
