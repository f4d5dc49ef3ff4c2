package tools

// coreTools are the tools every instance has had since the first release.
func coreTools(d *Deps) []tool {
	return []tool{
		getProfile(d),
		listEmails(d),
		searchEmails(d),
		readEmail(d),
		sendEmail(d),
	}
}
