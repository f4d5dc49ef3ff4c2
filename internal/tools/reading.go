package tools

// readingTools are the further reading tools: threads, folders, attachments.
// Every one is read-only.
func readingTools(d *Deps) []tool {
	return []tool{
		getThread(d),
		getFolders(d),
		getAttachment(d),
	}
}
