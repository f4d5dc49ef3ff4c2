package gmail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/gmail-mcp/gmail-mcp/internal/gmail/policy"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// This file is the one place where failures of Gmail calls become
// *mail.Error: a short message a user can act on, the cause kept in Err.
// Messages never quote a request, a header or a token; they quote Gmail's own
// error text only for 400/403, where it says what was wrong.

// Scopes a call needs, named in permission errors.
const (
	scopeRead   = "gmail.readonly (or gmail.modify)"
	scopeSend   = "gmail.send"
	scopeDraft  = "gmail.compose (or gmail.modify)"
	scopeModify = "gmail.modify"
)

const (
	unsureSent  = "the message may or may not have been sent: check the SENT folder before sending again"
	unsureDraft = "the draft may or may not have been saved: check the drafts before saving again"
	reauth      = "run `gmail-mcp auth` again or open /setup"
)

// call describes one Gmail call for error mapping.
type call struct {
	notFound string // the whole message for a 404, naming what was asked for
	scope    string // the OAuth scope the call needs
	// unsure is set for writes that are not idempotent: a failure that may
	// have happened after Gmail acted must say so instead of inviting a retry.
	unsure string
}

func read(what string) call { return call{notFound: "no " + what, scope: scopeRead} }

func readMessage(id string) call { return read("message with id " + id) }

// fail maps err from a Gmail call to a *mail.Error. It returns nil for nil.
func (m *Mailbox) fail(err error, c call) error {
	if err == nil {
		return nil
	}
	var known *mail.Error
	if errors.As(err, &known) {
		return known // e.g. the token source's KindAuth/KindNotConnected, wrapped by the transport
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return c.fromStatus(ge, err)
	}
	var quota *policy.QuotaError
	if errors.As(err, &quota) { // nothing was sent: the limiter held it back
		return rateLimited(err, quota.Wait, "Gmail quota for this account is used up for now")
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && tokenRefused(re) {
		return &mail.Error{Kind: mail.KindAuth, Message: "Gmail access was revoked or expired: " + reauth, Err: err}
	}
	var (
		syntax    *json.SyntaxError
		typeError *json.UnmarshalTypeError
		netErr    net.Error
	)
	switch {
	case errors.Is(err, context.Canceled):
		return c.noAnswer(err, "the request was cancelled")
	case neverSent(err):
		return &mail.Error{Kind: mail.KindUnavailable, Message: "Gmail could not be reached: try again shortly", Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return c.noAnswer(err, "Gmail did not answer in time")
	case errors.As(err, &syntax), errors.As(err, &typeError):
		return c.noAnswer(err, "Gmail sent an unreadable answer")
	default:
		return c.noAnswer(err, "the connection to Gmail failed")
	}
}

// noAnswer is a failure without a usable HTTP answer: the outcome is unknown.
func (c call) noAnswer(err error, what string) error {
	if c.unsure != "" {
		return &mail.Error{Kind: mail.KindUncertain, Message: what + ", so " + c.unsure, Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return &mail.Error{Kind: mail.KindUnavailable, Message: what, Err: err}
	}
	return &mail.Error{Kind: mail.KindUnavailable, Message: what + ": try again shortly", Err: err}
}

func (c call) fromStatus(ge *googleapi.Error, err error) error {
	e := &mail.Error{Err: err}
	switch code := ge.Code; {
	case code == http.StatusBadRequest:
		e.Kind, e.Message = mail.KindInvalid, "Gmail rejected the request: "+gmailText(ge)
	case code == http.StatusUnauthorized:
		e.Kind, e.Message = mail.KindAuth, "Gmail rejected the credentials (HTTP 401): "+reauth
	case code == http.StatusForbidden && hasReason(ge, "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"),
		code == http.StatusTooManyRequests:
		return rateLimited(err, retryAfter(ge.Header), "Gmail rate limit reached")
	case code == http.StatusForbidden && insufficientScope(ge):
		e.Kind = mail.KindPermission
		e.Message = "the Gmail token lacks the " + c.scope + " scope; this instance may be in read-only mode " +
			"or the token was granted fewer scopes: run `gmail-mcp auth` again"
	case code == http.StatusForbidden:
		e.Kind, e.Message = mail.KindPermission, "Gmail refused the request: "+gmailText(ge)
	case code == http.StatusNotFound:
		e.Kind, e.Message = mail.KindNotFound, c.notFound
	case code == http.StatusRequestEntityTooLarge:
		e.Kind, e.Message = mail.KindInvalid, "the message is too large for Gmail"
	case code >= 500 && c.unsure != "":
		e.Kind, e.Message = mail.KindUncertain, fmt.Sprintf("Gmail failed (HTTP %d), so %s", code, c.unsure)
	case code >= 500:
		e.Kind, e.Message = mail.KindUnavailable, fmt.Sprintf("Gmail is unavailable (HTTP %d): try again shortly", code)
	default:
		e.Kind, e.Message = mail.KindInternal, fmt.Sprintf("Gmail answered HTTP %d: %s", code, gmailText(ge))
	}
	return e
}

// rateLimited says when to try again: in whole seconds, rounded up, when known.
func rateLimited(err error, wait time.Duration, what string) error {
	msg := what + ": try again shortly"
	if wait > 0 {
		msg = fmt.Sprintf("%s: try again in %d s", what, int(math.Ceil(wait.Seconds())))
	}
	return &mail.Error{Kind: mail.KindRateLimited, RetryAfter: wait, Message: msg, Err: err}
}

func hasReason(ge *googleapi.Error, reasons ...string) bool {
	for _, item := range ge.Errors {
		for _, r := range reasons {
			if strings.EqualFold(item.Reason, r) {
				return true
			}
		}
	}
	return false
}

// insufficientScope recognises Gmail's "Request had insufficient
// authentication scopes" (reason insufficientPermissions), which says the
// token was granted fewer scopes than the call needs.
func insufficientScope(ge *googleapi.Error) bool {
	return hasReason(ge, "insufficientPermissions") ||
		strings.Contains(strings.ToLower(ge.Message), "insufficient authentication scopes")
}

// gmailText is Gmail's own error text, cleaned and bounded for a tool message.
func gmailText(ge *googleapi.Error) string {
	msg := ge.Message
	if msg == "" && len(ge.Errors) > 0 {
		msg = ge.Errors[0].Message
	}
	if msg == "" {
		msg = http.StatusText(ge.Code)
	}
	msg = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, msg)
	const maxLen = 200
	if len(msg) > maxLen {
		msg = strings.ToValidUTF8(msg[:maxLen], "") + "…"
	}
	return msg
}

// retryAfter reads Retry-After as seconds or an HTTP date; 0 when absent.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// tokenRefused tells a refused refresh token (redo setup) from a token
// endpoint that merely failed (try again).
func tokenRefused(re *oauth2.RetrieveError) bool {
	switch re.ErrorCode {
	case "invalid_grant", "invalid_client", "unauthorized_client":
		return true
	}
	return re.Response != nil && (re.Response.StatusCode == http.StatusBadRequest || re.Response.StatusCode == http.StatusUnauthorized)
}

// neverSent reports a failure to connect at all: the request cannot have
// reached Gmail, so even a write is safe to try again.
func neverSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// badAnswer is a Gmail answer this package cannot read (e.g. bad base64).
func badAnswer(err error) error {
	return &mail.Error{Kind: mail.KindInternal, Message: "Gmail sent a message this server could not decode", Err: err}
}
