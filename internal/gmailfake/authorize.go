package gmailfake

import (
	"html/template"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// authFlow is a consent page waiting for Allow or Deny.
type authFlow struct {
	account     *Account
	clientID    string
	redirectURI string
	state       string
	scope       string
	challenge   string
	offline     bool
	forceAsk    bool // prompt=consent
	expiry      time.Time
}

// authCode is an authorization code waiting to be exchanged at /token.
type authCode struct {
	account     *Account
	clientID    string
	redirectURI string
	scope       string
	challenge   string
	offline     bool
	expiry      time.Time
}

const codeTTL = 10 * time.Minute

// isLoopback accepts the redirect URIs Google allows any desktop client.
func isLoopback(u *url.URL) bool {
	if u.Scheme != "http" {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// handleAuthorize is GET /o/oauth2/auth: validate the request like Google and
// render the consent page.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.opts.ClientID {
		errorPage(w, "Error 401: invalid_client", "The OAuth client was not found.")
		return
	}
	redirect := q.Get("redirect_uri")
	ru, err := url.Parse(redirect)
	if redirect == "" || err != nil || !ru.IsAbs() || (!isLoopback(ru) && !slices.Contains(s.opts.RedirectURIs, redirect)) {
		errorPage(w, "Error 400: redirect_uri_mismatch",
			"You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri="+redirect)
		return
	}
	if msg := validateAuthParams(q); msg != "" {
		errorPage(w, "Error 400: invalid_request", msg)
		return
	}
	s.mu.Lock()
	acct := s.consent
	if acct == nil {
		s.mu.Unlock()
		errorPage(w, "Error 400: invalid_request", "The fake has no account to sign in with.")
		return
	}
	flowID := randomToken("flow-")
	s.flows[flowID] = &authFlow{
		account: acct, clientID: q.Get("client_id"), redirectURI: redirect, state: q.Get("state"),
		scope: strings.Join(strings.Fields(q.Get("scope")), " "), challenge: q.Get("code_challenge"),
		offline: q.Get("access_type") == "offline", forceAsk: strings.Contains(q.Get("prompt"), "consent"),
		expiry: s.now().Add(codeTTL),
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = consentPage.Execute(w, map[string]any{
		"Email": acct.email, "Scopes": strings.Fields(q.Get("scope")), "Flow": flowID,
	})
}

// validateAuthParams returns Google's complaint about the request, or "".
func validateAuthParams(q url.Values) string {
	switch {
	case q.Get("response_type") != "code":
		return "Invalid response_type: " + q.Get("response_type") + " (this fake supports only code)"
	case q.Get("scope") == "":
		return "Missing required parameter: scope"
	case q.Get("code_challenge") == "":
		return "Missing required parameter: code_challenge (this fake requires PKCE)"
	case q.Get("code_challenge_method") != "S256":
		return "Invalid code_challenge_method: " + q.Get("code_challenge_method") + " (this fake requires S256)"
	}
	for _, sc := range strings.Fields(q.Get("scope")) {
		if !knownScopes[sc] {
			return "Some requested scopes were invalid: " + sc
		}
	}
	return ""
}

// handleApprove is the consent page's Allow/Deny (POST form, or GET for
// clients that follow the flow without a browser).
func (s *Server) handleApprove(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		errorPage(w, "Error 400: invalid_request", "Malformed form.")
		return
	}
	s.mu.Lock()
	flowID := r.Form.Get("flow")
	f := s.flows[flowID]
	delete(s.flows, flowID)
	if f == nil || !s.now().Before(f.expiry) {
		s.mu.Unlock()
		errorPage(w, "Error 400: invalid_request", "This consent request is unknown or expired; start again.")
		return
	}
	target, _ := url.Parse(f.redirectURI) // validated at the authorization endpoint
	q := target.Query()
	if r.Form.Get("decision") != "allow" {
		s.mu.Unlock()
		q.Set("error", "access_denied")
	} else {
		code := randomToken("4/fake-")
		// Google returns a refresh token only the first time a client gets
		// offline access, unless prompt=consent asks again.
		grantKey := f.account.email + "\x00" + f.clientID
		offline := f.offline && (f.forceAsk || !s.offline[grantKey])
		if f.offline {
			s.offline[grantKey] = true
		}
		s.codes[code] = &authCode{
			account: f.account, clientID: f.clientID, redirectURI: f.redirectURI, scope: f.scope,
			challenge: f.challenge, offline: offline, expiry: s.now().Add(codeTTL),
		}
		s.mu.Unlock()
		q.Set("code", code)
		q.Set("scope", f.scope)
	}
	if f.state != "" {
		q.Set("state", f.state)
	}
	target.RawQuery = q.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

func errorPage(w http.ResponseWriter, title, detail string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_ = errorTmpl.Execute(w, map[string]string{"Title": title, "Detail": detail})
}

var errorTmpl = template.Must(template.New("error").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><h1>Access blocked: authorization error</h1><p id="error">{{.Title}}</p><p>{{.Detail}}</p></body></html>
`))

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Sign in - Google Accounts (gmailfake)</title></head>
<body>
<h1>gmail-mcp wants to access your Google Account</h1>
<p id="account">{{.Email}}</p>
<p>This will allow gmail-mcp to:</p>
<ul id="scopes">{{range .Scopes}}<li>{{.}}</li>{{end}}</ul>
<form method="post" action="/o/oauth2/approve">
<input type="hidden" name="flow" value="{{.Flow}}"><input type="hidden" name="decision" value="deny">
<button id="deny" type="submit">Deny</button>
</form>
<form method="post" action="/o/oauth2/approve">
<input type="hidden" name="flow" value="{{.Flow}}"><input type="hidden" name="decision" value="allow">
<button id="allow" type="submit">Allow</button>
</form>
</body></html>
`))
