package mail

import (
	"errors"
	"time"
)

// Kind classifies a mailbox failure so callers can react without parsing text.
type Kind int

const (
	KindInternal     Kind = iota // a bug or an unexpected answer
	KindInvalid                  // the request was wrong: fix the arguments
	KindNotFound                 // no such message, thread, label, draft or attachment
	KindAuth                     // authorization revoked, expired or missing: redo setup
	KindPermission               // the token lacks a scope, or the account may not do this
	KindRateLimited              // quota or concurrency limit: try again later
	KindUnavailable              // Gmail could not be reached or failed
	KindUncertain                // a write whose outcome is unknown: do not repeat blindly
	KindNotConnected             // no Gmail account connected yet
)

var kindNames = [...]string{
	KindInternal:     "internal",
	KindInvalid:      "invalid",
	KindNotFound:     "not_found",
	KindAuth:         "auth",
	KindPermission:   "permission",
	KindRateLimited:  "rate_limited",
	KindUnavailable:  "unavailable",
	KindUncertain:    "uncertain",
	KindNotConnected: "not_connected",
}

// String names the kind for logs and metrics.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Error is a mailbox failure with a message a user can act on. Message never
// holds a secret; Err keeps the cause for logs and errors.Is.
type Error struct {
	Kind       Kind
	Message    string
	RetryAfter time.Duration // for KindRateLimited, when known
	Err        error
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err, or KindInternal when it is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Errorf is a short constructor for an *Error without a cause.
func Errorf(kind Kind, msg string) *Error { return &Error{Kind: kind, Message: msg} }
