// Package gmail implements mail.Mailbox on the Gmail REST API
// (google.golang.org/api/gmail/v1).
//
// Round trips are what cost time, so every method documents its Gmail call
// count: List of N = 1 list + N metadata gets (fanned out, bounded by
// Options.MaxConcurrency); Message = 1 full get cold, 0 warm (see cache.go for
// how labels stay honest); Labels = 1 list + N gets. Retries, quota and the
// global in-flight cap belong to the call-policy transport under the
// HTTP client (internal/gmail/policy); this package never retries, so a send is
// never repeated here. Every failure leaves through errors.go as a *mail.Error.
package gmail
