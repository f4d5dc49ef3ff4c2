package policy

import (
	"context"
	"net/http"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

// defaultCost is charged for methods missing from the table.
const defaultCost = 5

// costs is Google's per-method quota table
// (https://developers.google.com/gmail/api/reference/quota), keyed by the
// names metrics.GmailMethod returns.
var costs = map[string]int{
	"drafts.create": 10, "drafts.delete": 10, "drafts.get": 5, "drafts.list": 5,
	"drafts.send": 100, "drafts.update": 15,
	"getProfile":    1,
	"history.list":  2,
	"labels.create": 5, "labels.delete": 5, "labels.get": 1, "labels.list": 1,
	"labels.update": 5, "labels.patch": 5,
	"messages.attachments.get": 5, "messages.batchDelete": 50, "messages.batchModify": 50,
	"messages.delete": 10, "messages.get": 5, "messages.import": 25, "messages.insert": 25,
	"messages.list": 5, "messages.modify": 5, "messages.send": 100, "messages.trash": 5,
	"messages.untrash": 5,
	"threads.delete":   20, "threads.get": 10, "threads.list": 10, "threads.modify": 10,
	"threads.trash": 10, "threads.untrash": 10,
	"stop": 50, "watch": 100,
}

// maxCost is the largest entry in costs; the bucket must hold at least this.
const maxCost = 100

// Cost returns the Gmail quota units a request spends, from its HTTP method
// and URL path (media-upload paths included).
func Cost(method, path string) int {
	return costOf(metrics.GmailMethod(method, path))
}

// declaredCost is the context key of WithCost.
type declaredCost struct{}

// WithCost declares the quota units a request spends when its path cannot
// tell: a batch request costs the sum of the calls inside it (Google counts
// a batch of n calls as n calls), not one call's units.
func WithCost(ctx context.Context, units int) context.Context {
	return context.WithValue(ctx, declaredCost{}, units)
}

// requestCost is the declared cost, else the table's for name.
func requestCost(ctx context.Context, name string) int {
	if units, ok := ctx.Value(declaredCost{}).(int); ok && units > 0 {
		return units
	}
	return costOf(name)
}

func costOf(name string) int {
	if c, ok := costs[name]; ok {
		return c
	}
	return defaultCost
}

// repeatablePosts are the POST/PATCH methods whose repetition leaves the
// mailbox as one call would (label changes, trash). Every other POST —
// sends, draft creation, insert/import, batch, unknown paths — may have taken
// effect when its answer is lost, so it is never repeated.
var repeatablePosts = map[string]bool{
	"messages.modify": true, "messages.batchModify": true,
	"messages.trash": true, "messages.untrash": true,
	"threads.modify": true, "threads.trash": true, "threads.untrash": true,
	"labels.patch": true,
}

// idempotent reports whether repeating the request is safe after an
// unknown outcome (a 5xx, a timeout, a reset).
func idempotent(httpMethod, name string) bool {
	switch httpMethod {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return repeatablePosts[name]
}
