package tools

// Audit outcomes of a write.
const (
	outcomeDone      = "done"
	outcomeDeclined  = "declined"  // the user said no: nothing written
	outcomeRefused   = "refused"   // a policy (allowed recipients) stopped it: nothing written
	outcomeFailed    = "failed"    // Gmail refused or failed before acting
	outcomeUncertain = "uncertain" // the write may or may not have happened
)

// audit writes the one log line every write leaves: which tool, which
// message or draft, how many recipients and how it ended. attrs carry ids and
// counts only: never bodies, subjects or addresses, which are the user's mail.
func audit(d *Deps, tool, outcome string, attrs ...any) {
	d.Logger.Info("audit", append([]any{"tool", tool, "outcome", outcome}, attrs...)...)
}
