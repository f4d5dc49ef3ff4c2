package tools

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// errInternal is what a user sees of a failure nobody foresaw: its detail
// goes to the log, never into a tool result.
var errInternal = errors.New("internal error: the server could not complete this request (details are in its log)")

// invalidf reports bad arguments with what to do instead.
func invalidf(format string, args ...any) error {
	return &mail.Error{Kind: mail.KindInvalid, Message: fmt.Sprintf(format, args...)}
}

// notFound rewrites a mailbox "not found" into one that names what was missing.
func notFound(err error, what, id string) error {
	if mail.KindOf(err) == mail.KindNotFound {
		return &mail.Error{Kind: mail.KindNotFound, Message: fmt.Sprintf("no %s with id %q: take ids from list_emails or search_emails", what, id), Err: err}
	}
	return err
}

// userError turns any failure into the text a tool result shows: a mailbox
// error's own message (written for users, free of secrets), or a generic
// message for the unexpected, whose detail goes to the log instead.
func userError(log *slog.Logger, tool string, err error) error {
	var me *mail.Error
	switch {
	case errors.As(err, &me):
		return errors.New(me.Message)
	case errors.Is(err, context.Canceled):
		return errors.New("the request was cancelled")
	case errors.Is(err, context.DeadlineExceeded):
		return errors.New("no answer from Gmail in time: try again")
	}
	log.Error("tool failed unexpectedly", "tool", tool, "err", err)
	return errInternal
}

// instrument wraps a handler with what every tool needs: errors made
// user-facing, panics contained, outcomes observed.
func instrument[In, Out any](d *Deps, name string, h mcp.ToolHandlerFor[In, Out]) mcp.ToolHandlerFor[In, Out] {
	return func(ctx context.Context, req *mcp.CallToolRequest, in In) (res *mcp.CallToolResult, out Out, err error) {
		start := time.Now()
		defer func() {
			if v := recover(); v != nil {
				d.Logger.Error("tool panicked", "tool", name, "panic", v, "stack", string(debug.Stack()))
				var zero Out
				res, out, err = nil, zero, errInternal
			}
			if d.Observe != nil {
				d.Observe(name, err, res != nil && res.IsError, time.Since(start).Seconds())
			}
		}()
		res, out, err = h(ctx, req, in)
		if err != nil {
			err = userError(d.Logger, name, err)
		}
		return res, out, err
	}
}
