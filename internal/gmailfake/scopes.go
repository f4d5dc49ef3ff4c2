package gmailfake

import (
	"net/http"
	"strings"
)

// Gmail OAuth scopes.
const (
	ScopeFull     = "https://mail.google.com/"
	ScopeModify   = "https://www.googleapis.com/auth/gmail.modify"
	ScopeReadonly = "https://www.googleapis.com/auth/gmail.readonly"
	ScopeSend     = "https://www.googleapis.com/auth/gmail.send"
	ScopeCompose  = "https://www.googleapis.com/auth/gmail.compose"
	ScopeLabels   = "https://www.googleapis.com/auth/gmail.labels"
	ScopeMetadata = "https://www.googleapis.com/auth/gmail.metadata"
	ScopeInsert   = "https://www.googleapis.com/auth/gmail.insert"
)

// knownScopes are the scopes the authorization endpoint accepts; the
// identity scopes are there because sign-in flows often ask for them.
var knownScopes = map[string]bool{
	ScopeFull: true, ScopeModify: true, ScopeReadonly: true, ScopeSend: true,
	ScopeCompose: true, ScopeLabels: true, ScopeMetadata: true, ScopeInsert: true,
	"openid": true, "email": true, "profile": true,
	"https://www.googleapis.com/auth/userinfo.email":   true,
	"https://www.googleapis.com/auth/userinfo.profile": true,
}

// need is what an endpoint requires of the token's scopes.
type need int

const (
	needAny     need = iota // any Gmail scope (profile)
	needRead                // read messages, threads, labels
	needLabels              // read or create labels
	needSend                // messages.send
	needCompose             // drafts
	needModify              // labels on messages, trash
	needFull                // permanent deletion
)

// scopesFor lists the scopes that satisfy each need, as Google's discovery
// document does per method.
var scopesFor = map[need][]string{
	needAny:     {ScopeFull, ScopeModify, ScopeReadonly, ScopeSend, ScopeCompose, ScopeLabels, ScopeMetadata, ScopeInsert},
	needRead:    {ScopeFull, ScopeModify, ScopeReadonly, ScopeMetadata},
	needLabels:  {ScopeFull, ScopeModify, ScopeReadonly, ScopeMetadata, ScopeLabels},
	needSend:    {ScopeFull, ScopeModify, ScopeCompose, ScopeSend},
	needCompose: {ScopeFull, ScopeModify, ScopeCompose},
	needModify:  {ScopeFull, ScopeModify},
	needFull:    {ScopeFull},
}

func (n need) allowedBy(scopes []string) bool {
	for _, want := range scopesFor[n] {
		for _, have := range scopes {
			if have == want {
				return true
			}
		}
	}
	return false
}

// metadataOnly reports whether the token can read headers but not bodies.
func metadataOnly(scopes []string) bool {
	return !needRead.allowedBy(withoutScope(scopes, ScopeMetadata)) && needRead.allowedBy(scopes)
}

func withoutScope(scopes []string, drop string) []string {
	var out []string
	for _, s := range scopes {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

// requestInfo is what authentication learned about one API request.
type requestInfo struct {
	account *Account
	email   string
	scopes  []string
}

type requestInfoKey struct{}

// authenticate resolves the bearer token of an API request, if any.
func (s *Server) authenticate(r *http.Request, info *requestInfo) {
	if r.URL.Path == "/token" {
		return
	}
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.access[strings.TrimSpace(tok)]
	if t == nil || !s.now().Before(t.expiry) {
		return
	}
	info.account, info.email, info.scopes = t.account, t.account.email, t.scopes
}
