package oauth

import (
	"slices"
	"strings"

	"golang.org/x/oauth2"
)

// Gmail OAuth scopes.
const (
	ScopeModify   = "https://www.googleapis.com/auth/gmail.modify"
	ScopeSend     = "https://www.googleapis.com/auth/gmail.send"
	ScopeReadOnly = "https://www.googleapis.com/auth/gmail.readonly"
)

// Scopes is what each mode asks for: modify+send for full access, readonly
// when the instance must never change mail.
func Scopes(readOnly bool) []string {
	if readOnly {
		return []string{ScopeReadOnly}
	}
	return []string{ScopeModify, ScopeSend}
}

// Config builds the OAuth client configuration. Credentials go in the form
// body (as for Google's own endpoint) rather than being auto-detected, which
// would double every failing token request.
func Config(clientID, clientSecret, authURL, tokenURL, redirectURL string, readOnly bool) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   authURL,
			TokenURL:  tokenURL,
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirectURL,
		Scopes:      Scopes(readOnly),
	}
}

// missingScopes lists the wanted scopes not in granted. gmail.modify covers
// reading, so it satisfies a read-only instance too.
func missingScopes(granted, wanted []string) []string {
	var missing []string
	for _, w := range wanted {
		if slices.Contains(granted, w) || (w == ScopeReadOnly && slices.Contains(granted, ScopeModify)) {
			continue
		}
		missing = append(missing, w)
	}
	return missing
}

// grantedScopes reads the space-separated "scope" field of a token response.
func grantedScopes(tok *oauth2.Token) []string {
	s, _ := tok.Extra("scope").(string)
	return strings.Fields(s)
}
