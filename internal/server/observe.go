package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

// countRequests counts every answer by route and status. The route is the
// mux pattern that matched (never the raw path, which a client chooses), so
// the label set stays small.
func countRequests(m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			route := r.Pattern
			if _, path, ok := strings.Cut(route, " "); ok {
				route = path // "GET /health" -> "/health"
			}
			if route == "" {
				route = "other"
			}
			m.HTTPRequests.WithLabelValues(route, strconv.Itoa(sw.code())).Inc()
		}()
		next.ServeHTTP(sw, r)
	})
}

// statusWriter remembers the status code. Unwrap keeps Flush and Hijack
// reachable through http.ResponseController, which the MCP handler uses to
// stream.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK // nothing written: net/http answers 200
	}
	return w.status
}
