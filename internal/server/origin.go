package server

import (
	"net/http"
	"net/url"
	"strings"
)

// checkOrigin refuses browser requests from other sites, as the MCP spec
// requires of streamable HTTP servers (DNS-rebinding and CSRF defence). The
// standard library's CrossOriginProtection covers unsafe methods; the explicit
// Origin check also covers GET, which opens the server-to-client stream.
func checkOrigin(allowed []string, next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	for _, o := range allowed {
		// Entries were validated at start-up; a bad one only narrows access.
		_ = cop.AddTrustedOrigin(o)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusForbidden, "cross-origin request refused: Origin is not this server")
	}))
	inner := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.Host, allowed) {
			writeJSONError(w, http.StatusForbidden, "cross-origin request refused: Origin is not this server")
			return
		}
		inner.ServeHTTP(w, r)
	})
}

func sameOrigin(origin, host string, allowed []string) bool {
	for _, a := range allowed {
		if strings.EqualFold(a, origin) {
			return true
		}
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Host, host)
}
