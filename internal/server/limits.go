package server

import (
	"fmt"
	"net/http"
)

// limitBody refuses a request whose declared length is over max with a 413
// that names the setting, before any of it is read. Bodies without a length
// (chunked) are cut off by the MCP handler's own reader at the same limit.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			w.Header().Set("Connection", "close") // do not drain a huge body to reuse the connection
			writeJSONError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf(
				"request body of %d bytes is over the limit of %d bytes (MCP_MAX_REQUEST_BYTES)", r.ContentLength, max))
			return
		}
		next.ServeHTTP(w, r)
	})
}
