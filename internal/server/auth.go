package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// requireBearer lets a request through only with "Authorization: Bearer
// <token>". It is written here rather than taken from the go-sdk's auth
// package because that middleware sends WWW-Authenticate only when OAuth
// resource metadata is configured, and RFC 6750 wants it on every 401.
func requireBearer(token string, next http.Handler) http.Handler {
	// Comparing digests keeps the comparison constant-time even when the
	// lengths differ.
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := bearerToken(r.Header.Get("Authorization"))
		if !ok {
			unauthorized(w, `Bearer realm="gmail-mcp"`, "missing bearer token: send Authorization: Bearer <MCP_AUTH_TOKEN>")
			return
		}
		sum := sha256.Sum256([]byte(got))
		if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			unauthorized(w, `Bearer realm="gmail-mcp", error="invalid_token"`, "invalid bearer token")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func unauthorized(w http.ResponseWriter, challenge, msg string) {
	w.Header().Set("WWW-Authenticate", challenge)
	writeJSONError(w, http.StatusUnauthorized, msg)
}
