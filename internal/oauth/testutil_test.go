package oauth

import (
	"time"

	"golang.org/x/oauth2"
)

// oauthToken builds tokens as an authorization-code exchange returns them.
type oauthToken struct{ refresh, scope string }

func (o *oauthToken) token() *oauth2.Token {
	t := &oauth2.Token{AccessToken: "ya29.seeded", TokenType: "Bearer", RefreshToken: o.refresh, Expiry: time.Now().Add(time.Hour)}
	return t.WithExtra(map[string]any{"scope": o.scope})
}
