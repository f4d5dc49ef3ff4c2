package server

import (
	"context"
	"net/http"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// sessionCalls cancels a session's in-flight requests when the session ends.
// The go-sdk waits for running handlers when it closes a session (DELETE,
// shutdown) and keeps them running when the client's HTTP connection drops
// (streams are resumable); without this a closed session's tool calls would
// keep spending Gmail quota until Gmail answered or timed out.
type sessionCalls struct {
	mu    sync.Mutex
	calls map[string]map[*context.CancelFunc]struct{} // by session id
}

func newSessionCalls() *sessionCalls {
	return &sessionCalls{calls: map[string]map[*context.CancelFunc]struct{}{}}
}

// middleware gives every request a context that cancel(session) can end.
func (c *sessionCalls) middleware(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		id := ""
		if s := req.GetSession(); s != nil {
			id = s.ID()
		}
		if id == "" {
			return next(ctx, method, req)
		}
		ctx, cancel := context.WithCancel(ctx)
		defer c.track(id, &cancel)()
		return next(ctx, method, req)
	}
}

// track registers cancel under id and returns the function that removes it
// (and releases the context).
func (c *sessionCalls) track(id string, cancel *context.CancelFunc) func() {
	c.mu.Lock()
	if c.calls[id] == nil {
		c.calls[id] = map[*context.CancelFunc]struct{}{}
	}
	c.calls[id][cancel] = struct{}{}
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		delete(c.calls[id], cancel)
		if len(c.calls[id]) == 0 {
			delete(c.calls, id)
		}
		c.mu.Unlock()
		(*cancel)()
	}
}

// cancel ends every in-flight request of session id.
func (c *sessionCalls) cancel(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for cancel := range c.calls[id] {
		(*cancel)()
	}
}

// cancelAll ends every in-flight request (shutdown after the drain time).
func (c *sessionCalls) cancelAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, calls := range c.calls {
		for cancel := range calls {
			(*cancel)()
		}
	}
}

// cancelOnDelete cancels a session's calls when its client ends it, before
// the go-sdk closes the session and waits for them.
func (c *sessionCalls) cancelOnDelete(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get("Mcp-Session-Id"); r.Method == http.MethodDelete && id != "" {
			c.cancel(id)
		}
		next.ServeHTTP(w, r)
	})
}
