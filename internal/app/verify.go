package app

import (
	"context"
	"fmt"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/gmail"
)

// VerifyAccount asks Gmail whose mailbox a freshly granted token opens, so
// setup can show the user which account they connected.
func VerifyAccount(ctx context.Context, cfg *config.Config, tok *oauth2.Token) (string, error) {
	return verifyAccount(ctx, cfg, tok, nil)
}

func verifyAccount(ctx context.Context, cfg *config.Config, tok *oauth2.Token, base http.RoundTripper) (string, error) {
	// The access token was just granted: no refresh is needed to use it once.
	client := &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(tok), Base: base}}
	mb, err := gmail.New(ctx, gmail.Options{Endpoint: cfg.APIEndpoint, HTTPClient: client, CacheBytes: -1})
	if err != nil {
		return "", fmt.Errorf("creating a Gmail client: %w", err)
	}
	p, err := mb.Profile(ctx)
	if err != nil {
		return "", fmt.Errorf("reading the Gmail profile: %w", err)
	}
	return p.Email, nil
}
