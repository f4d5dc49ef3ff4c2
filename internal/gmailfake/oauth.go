package gmailfake

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"
)

type accessToken struct {
	account *Account
	scopes  []string
	expiry  time.Time
}

type refreshToken struct {
	account  *Account
	clientID string
	scope    string
	revoked  bool
	usesLeft int // after rotation: uses left before the old token dies; 0 = unlimited
}

func randomToken(prefix string) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return prefix + hex.EncodeToString(b)
}

// NewRefreshToken issues a refresh token for this account with full Gmail
// access (https://mail.google.com/), for the server's client.
func (a *Account) NewRefreshToken() string {
	s := a.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueRefreshLocked(a, s.opts.ClientID, ScopeFull)
}

func (s *Server) issueRefreshLocked(a *Account, clientID, scope string) string {
	tok := randomToken("1//fake-")
	s.refresh[tok] = &refreshToken{account: a, clientID: clientID, scope: scope}
	return tok
}

// RevokeRefreshToken makes token unusable: later refreshes get invalid_grant.
// Access tokens minted from it keep working until they expire, as at Google.
func (s *Server) RevokeRefreshToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.refresh[token]; t != nil {
		t.revoked = true
	}
}

func (s *Server) issueAccessLocked(a *Account, scope string) (string, int) {
	tok := randomToken("ya29.fake-")
	s.access[tok] = &accessToken{account: a, scopes: strings.Fields(scope), expiry: s.now().Add(s.opts.TokenTTL)}
	return tok, int(s.opts.TokenTTL / time.Second)
}

// clientCredentials reads the client from HTTP Basic auth or the form; x/oauth2
// URL-encodes both parts in Basic auth, as RFC 6749 §2.3.1 says.
func clientCredentials(r *http.Request) (id, secret string) {
	if u, p, ok := r.BasicAuth(); ok {
		id, _ = url.QueryUnescape(u)
		secret, _ = url.QueryUnescape(p)
		return id, secret
	}
	return r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
}

func (s *Server) checkClient(r *http.Request) *oauthError {
	id, secret := clientCredentials(r)
	switch {
	case id == "":
		return &oauthError{400, "invalid_request", "Could not determine client ID from request."}
	case id != s.opts.ClientID:
		return &oauthError{401, "invalid_client", "The OAuth client was not found."}
	case subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) != 1:
		return &oauthError{401, "invalid_client", "Unauthorized"}
	}
	return nil
}

// handleToken is POST /token: the refresh_token and authorization_code grants.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, oauthError{400, "invalid_request", "Malformed request body."})
		return
	}
	if e := s.checkClient(r); e != nil {
		writeOAuthError(w, *e)
		return
	}
	var resp map[string]any
	var e *oauthError
	switch gt := r.PostForm.Get("grant_type"); gt {
	case "refresh_token":
		resp, e = s.refreshGrant(r)
	case "authorization_code":
		resp, e = s.codeGrant(r)
	case "":
		e = &oauthError{400, "invalid_request", "Missing required parameter: grant_type"}
	default:
		e = &oauthError{400, "unsupported_grant_type", "Invalid grant_type: " + gt}
	}
	if e != nil {
		writeOAuthError(w, *e)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, resp)
}

var errRevoked = &oauthError{400, "invalid_grant", "Token has been expired or revoked."}

func (s *Server) refreshGrant(r *http.Request) (map[string]any, *oauthError) {
	rt := r.PostForm.Get("refresh_token")
	if rt == "" {
		return nil, &oauthError{400, "invalid_request", "Missing required parameter: refresh_token"}
	}
	clientID, _ := clientCredentials(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.refresh[rt]
	if t == nil || t.revoked {
		return nil, errRevoked
	}
	if t.clientID != clientID {
		return nil, &oauthError{401, "unauthorized_client", "Unauthorized"}
	}
	if t.usesLeft > 0 {
		t.usesLeft--
		if t.usesLeft == 0 {
			t.revoked = true
		}
	}
	access, ttl := s.issueAccessLocked(t.account, t.scope)
	resp := map[string]any{"access_token": access, "expires_in": ttl, "token_type": "Bearer", "scope": t.scope}
	if s.opts.RotateRefreshTokens {
		resp["refresh_token"] = s.issueRefreshLocked(t.account, t.clientID, t.scope)
		if t.usesLeft == 0 && !t.revoked {
			t.usesLeft = 1
		}
	}
	return resp, nil
}

func (s *Server) codeGrant(r *http.Request) (map[string]any, *oauthError) {
	f := r.PostForm
	code := f.Get("code")
	if code == "" {
		return nil, &oauthError{400, "invalid_request", "Missing required parameter: code"}
	}
	if f.Get("redirect_uri") == "" {
		return nil, &oauthError{400, "invalid_request", "Missing parameter: redirect_uri"}
	}
	clientID, _ := clientCredentials(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.codes[code]
	if c == nil {
		return nil, &oauthError{400, "invalid_grant", "Malformed auth code."}
	}
	delete(s.codes, code) // single use, whatever happens next
	switch {
	case !s.now().Before(c.expiry):
		return nil, &oauthError{400, "invalid_grant", "Bad Request"}
	case c.clientID != clientID:
		return nil, &oauthError{400, "invalid_grant", "Bad Request"}
	case c.redirectURI != f.Get("redirect_uri"):
		return nil, &oauthError{400, "redirect_uri_mismatch", "Bad Request"}
	}
	verifier := f.Get("code_verifier")
	if verifier == "" {
		return nil, &oauthError{400, "invalid_grant", "Missing code verifier."}
	}
	sum := sha256.Sum256([]byte(verifier))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
		return nil, &oauthError{400, "invalid_grant", "Invalid code verifier."}
	}
	access, ttl := s.issueAccessLocked(c.account, c.scope)
	resp := map[string]any{"access_token": access, "expires_in": ttl, "token_type": "Bearer", "scope": c.scope}
	if c.offline {
		resp["refresh_token"] = s.issueRefreshLocked(c.account, c.clientID, c.scope)
	}
	return resp, nil
}
