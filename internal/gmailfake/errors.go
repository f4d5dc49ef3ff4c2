package gmailfake

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// apiError is one Gmail API failure, rendered in Google's JSON error shape:
// {"error":{"code","message","errors":[{"message","domain","reason"}],"status"}}.
type apiError struct {
	Code    int
	Reason  string
	Message string
	Status  string // canonical gRPC-style status, e.g. NOT_FOUND
	// Location fields appear only on authentication errors.
	Location, LocationType string
}

func (e *apiError) Error() string { return e.Message }

type errorItem struct {
	Message      string `json:"message"`
	Domain       string `json:"domain"`
	Reason       string `json:"reason"`
	Location     string `json:"location,omitempty"`
	LocationType string `json:"locationType,omitempty"`
}

type errorBody struct {
	Error struct {
		Code    int         `json:"code"`
		Message string      `json:"message"`
		Errors  []errorItem `json:"errors"`
		Status  string      `json:"status"`
	} `json:"error"`
}

func (e *apiError) body() []byte {
	var b errorBody
	b.Error.Code = e.Code
	b.Error.Message = e.Message
	b.Error.Status = e.Status
	if b.Error.Status == "" {
		b.Error.Status = canonicalStatus(e.Code)
	}
	msg := e.Message
	if e.Code == http.StatusUnauthorized {
		msg = "Invalid Credentials"
	}
	b.Error.Errors = []errorItem{{Message: msg, Domain: "global", Reason: e.Reason, Location: e.Location, LocationType: e.LocationType}}
	out, _ := json.Marshal(b) // cannot fail: plain strings and ints
	return out
}

func canonicalStatus(code int) string {
	switch code {
	case 400:
		return "INVALID_ARGUMENT"
	case 401:
		return "UNAUTHENTICATED"
	case 403:
		return "PERMISSION_DENIED"
	case 404:
		return "NOT_FOUND"
	case 409:
		return "ALREADY_EXISTS"
	case 429:
		return "RESOURCE_EXHAUSTED"
	case 500:
		return "INTERNAL"
	case 501:
		return "UNIMPLEMENTED"
	case 503, 502:
		return "UNAVAILABLE"
	case 504:
		return "DEADLINE_EXCEEDED"
	}
	return "UNKNOWN"
}

func errInvalid(msg string) *apiError {
	return &apiError{Code: 400, Reason: "invalidArgument", Message: msg}
}

func errFailedPrecondition(msg string) *apiError {
	return &apiError{Code: 400, Reason: "failedPrecondition", Message: msg, Status: "FAILED_PRECONDITION"}
}

func errNotFound() *apiError {
	return &apiError{Code: 404, Reason: "notFound", Message: "Requested entity was not found."}
}

func errUnauthenticated() *apiError {
	return &apiError{
		Code:         401,
		Reason:       "authError",
		Message:      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
		Location:     "Authorization",
		LocationType: "header",
	}
}

func errInsufficientScope() *apiError {
	return &apiError{Code: 403, Reason: "insufficientPermissions", Message: "Request had insufficient authentication scopes."}
}

func errForbiddenUser() *apiError {
	return &apiError{Code: 403, Reason: "forbidden", Message: "Delegation denied for the requested user."}
}

// defaultAPIError is the error Google answers for a status when a fault names
// no body: each status gets the reason the real API uses most for it.
func defaultAPIError(status int) *apiError {
	switch status {
	case 400:
		return errFailedPrecondition("Precondition check failed.")
	case 401:
		return errUnauthenticated()
	case 403:
		return &apiError{Code: 403, Reason: "userRateLimitExceeded", Message: "User-rate limit exceeded."}
	case 404:
		return errNotFound()
	case 429:
		return &apiError{Code: 429, Reason: "rateLimitExceeded", Message: "Too many concurrent requests for user."}
	case 500:
		return &apiError{Code: 500, Reason: "backendError", Message: "Backend Error"}
	case 502:
		return &apiError{Code: 502, Reason: "backendError", Message: "Bad Gateway"}
	case 503:
		return &apiError{Code: 503, Reason: "backendError", Message: "The service is currently unavailable."}
	case 504:
		return &apiError{Code: 504, Reason: "backendError", Message: "Deadline exceeded."}
	}
	return &apiError{Code: status, Reason: "unknown", Message: http.StatusText(status)}
}

// ErrorBody returns Google's JSON error body for status with the given reason
// and message, for faults that need a body other than the default for status
// (e.g. ErrorBody(403, "insufficientPermissions", "Request had insufficient authentication scopes.")).
func ErrorBody(status int, reason, message string) string {
	return string((&apiError{Code: status, Reason: reason, Message: message}).body())
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	writeJSONBytes(w, e.Code, e.body())
}

// writeJSON writes v as Google does: '<', '>' and '&' literal, not \u003c.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		writeAPIError(w, &apiError{Code: 500, Reason: "backendError", Message: "fake: " + err.Error()})
		return
	}
	writeJSONBytes(w, status, buf.Bytes())
}

func writeJSONBytes(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// oauthError is the token endpoint's error shape: {"error","error_description"}.
type oauthError struct {
	Status      int
	Code        string
	Description string
}

func writeOAuthError(w http.ResponseWriter, e oauthError) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, e.Status, map[string]string{"error": e.Code, "error_description": e.Description})
}

// defaultOAuthError is the token endpoint's answer for a fault status.
func defaultOAuthError(status int) oauthError {
	switch status {
	case 400:
		return oauthError{400, "invalid_grant", "Token has been expired or revoked."}
	case 401:
		return oauthError{401, "invalid_client", "Unauthorized"}
	}
	return oauthError{status, "internal_failure", "Backend Error"}
}
