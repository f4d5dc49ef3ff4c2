// Package policy is the one place that decides how gmail-mcp talks to Gmail:
// a per-instance cap on requests in flight, a token bucket that keeps the
// account under its per-user quota with Google's per-method costs, a timeout
// per attempt, and retries with truncated exponential backoff and full jitter
// for the failures Google documents as transient. Writes that may already
// have taken effect (sending mail, creating drafts) are never repeated.
//
// It is an http.RoundTripper so the generated Gmail client gets it without
// knowing. Wire it as the OUTER layer, above the OAuth transport:
//
//	http.Client{Transport: policy.New(policy.Options{
//	    Base:           &oauth2.Transport{Source: tokens, Base: policy.NewBaseTransport(maxInFlight)},
//	    OnUnauthorized: credentials.Invalidate,
//	    ...
//	})}
//
//	policy (limits, retries) -> oauth2.Transport (sets the token) -> *http.Transport (connections)
//
// The order matters for 401s: each attempt runs the oauth2 transport again,
// so after OnUnauthorized has invalidated the cached token, the single retry
// carries a freshly refreshed one. With the OAuth transport on top instead,
// a retry would resend the rejected token.
package policy
