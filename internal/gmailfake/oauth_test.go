package gmailfake

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
	gmailapi "google.golang.org/api/gmail/v1"
)

func oauthErrorCode(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return re.ErrorCode
	}
	return ""
}

func TestRefreshTokenErrors(t *testing.T) {
	e := newEnv(t, Options{})
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, e.ts.Client())
	refresh := func(cfg *oauth2.Config, rt string) (*oauth2.Token, error) {
		return cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: rt}).Token()
	}
	good := oauthConfig(e.ts.URL)
	if tok, err := refresh(good, e.rt); err != nil || tok.AccessToken == "" || tok.Extra("scope") != ScopeFull {
		t.Fatalf("refresh = %+v, %v", tok, err)
	}
	wrongSecret := oauthConfig(e.ts.URL)
	wrongSecret.ClientSecret = "nope"
	unknownClient := oauthConfig(e.ts.URL)
	unknownClient.ClientID = "other.apps.googleusercontent.com"
	revoked := e.acct.NewRefreshToken()
	e.srv.RevokeRefreshToken(revoked)
	for _, tc := range []struct {
		name string
		cfg  *oauth2.Config
		rt   string
		want string
	}{
		{"unknown token", good, "1//not-a-token", "invalid_grant"},
		{"revoked token", good, revoked, "invalid_grant"},
		{"wrong secret", wrongSecret, e.rt, "invalid_client"},
		{"unknown client", unknownClient, e.rt, "invalid_client"},
	} {
		if _, err := refresh(tc.cfg, tc.rt); oauthErrorCode(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	// The Gmail client surfaces invalid_grant from the token endpoint.
	_, err := e.client(t, revoked).Users.GetProfile("me").Do()
	if oauthErrorCode(err) != "invalid_grant" {
		t.Errorf("API call with a revoked token: %v", err)
	}
	// Raw token endpoint answers: body shape and statuses.
	for _, tc := range []struct {
		form       url.Values
		status     int
		errorField string
	}{
		{url.Values{"grant_type": {"password"}, "client_id": {DemoClientID}, "client_secret": {DemoClientSecret}}, 400, "unsupported_grant_type"},
		{url.Values{"grant_type": {"refresh_token"}, "client_id": {DemoClientID}, "client_secret": {DemoClientSecret}}, 400, "invalid_request"},
		{url.Values{"grant_type": {"refresh_token"}, "refresh_token": {e.rt}}, 400, "invalid_request"},
		{url.Values{"grant_type": {"refresh_token"}, "refresh_token": {revoked}, "client_id": {DemoClientID}, "client_secret": {DemoClientSecret}}, 400, "invalid_grant"},
	} {
		resp, err := http.PostForm(e.ts.URL+"/token", tc.form)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]string
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || body["error"] != tc.errorField || body["error_description"] == "" {
			t.Errorf("%v: %d %v, want %d %s", tc.form.Get("grant_type"), resp.StatusCode, body, tc.status, tc.errorField)
		}
	}
}

func TestRefreshTokenRotation(t *testing.T) {
	e := newEnv(t, Options{RotateRefreshTokens: true})
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, e.ts.Client())
	cfg := oauthConfig(e.ts.URL)
	tok, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: e.rt}).Token()
	if err != nil || tok.RefreshToken == e.rt || tok.RefreshToken == "" {
		t.Fatalf("rotation: %+v, %v", tok, err)
	}
	for i, want := range []string{"", "invalid_grant"} { // the old token works once more, then dies
		_, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: e.rt}).Token()
		if oauthErrorCode(err) != want {
			t.Errorf("old token use %d: %v, want %q", i+2, err, want)
		}
	}
	if _, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err != nil {
		t.Errorf("new token: %v", err)
	}
}

func TestBearerErrors(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEnv(t, Options{TokenTTL: time.Minute, Now: clock})
	tok, err := oauthConfig(e.ts.URL).TokenSource(context.WithValue(context.Background(), oauth2.HTTPClient, e.ts.Client()), &oauth2.Token{RefreshToken: e.rt}).Token()
	if err != nil || time.Until(tok.Expiry) > time.Minute {
		t.Fatalf("token = %+v, %v", tok, err)
	}
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	for _, h := range []string{"", "Bearer nope", "Basic abc", "Bearer " + tok.AccessToken} {
		req, _ := http.NewRequest("GET", e.ts.URL+"/gmail/v1/users/me/profile", nil)
		if h != "" {
			req.Header.Set("Authorization", h)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body errorBody
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != 401 || body.Error.Status != "UNAUTHENTICATED" || body.Error.Errors[0].Reason != "authError" ||
			body.Error.Errors[0].Message != "Invalid Credentials" || body.Error.Errors[0].Location != "Authorization" {
			t.Errorf("%q: %d %+v", h, resp.StatusCode, body)
		}
	}
}

// browser follows the consent flow with plain HTTP, as a test without a browser does.
type browser struct {
	t  *testing.T
	hc *http.Client
}

var (
	formFlow   = regexp.MustCompile(`name="flow" value="([^"]+)"`)
	formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
)

// consent opens authURL and clicks decision; it returns the redirect Location
// or, when the page refuses, the page.
func (b browser) consent(authURL, decision string) (location *url.URL, status int, page string) {
	b.t.Helper()
	resp, err := b.hc.Get(authURL)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, resp.StatusCode, string(body)
	}
	flow, action := formFlow.FindStringSubmatch(string(body)), formAction.FindStringSubmatch(string(body))
	if flow == nil || action == nil || !strings.Contains(string(body), `<button id="allow"`) || !strings.Contains(string(body), `<button id="deny"`) {
		b.t.Fatalf("consent page lacks the form: %s", body)
	}
	target, _ := url.Parse(authURL)
	target, _ = target.Parse(action[1])
	resp, err = b.hc.PostForm(target.String(), url.Values{"flow": {flow[1]}, "decision": {decision}})
	if err != nil {
		b.t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if resp.StatusCode != http.StatusFound || err != nil {
		b.t.Fatalf("approve answered %d (%v)", resp.StatusCode, err)
	}
	return loc, resp.StatusCode, ""
}

func TestAuthorizationCodeFlow(t *testing.T) {
	e := newEnv(t, Options{RedirectURIs: []string{"https://mcp.example.com/oauth/callback"}})
	b := browser{t, &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, e.ts.Client())
	cfg := oauthConfig(e.ts.URL)
	cfg.RedirectURL = "http://127.0.0.1:53682/callback"
	cfg.Scopes = []string{ScopeReadonly}
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL("state-123", oauth2.AccessTypeOffline, oauth2.S256ChallengeOption(verifier))

	loc, _, _ := b.consent(authURL, "allow")
	q := loc.Query()
	if loc.Host != "127.0.0.1:53682" || q.Get("state") != "state-123" || q.Get("code") == "" || q.Get("scope") != ScopeReadonly {
		t.Fatalf("redirect = %s", loc)
	}
	if _, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption("wrong-verifier-wrong-verifier-wrong-verifier")); oauthErrorCode(err) != "invalid_grant" {
		t.Errorf("wrong verifier: %v", err)
	}
	if _, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier)); oauthErrorCode(err) != "invalid_grant" {
		t.Errorf("code reused after a failed exchange: %v", err)
	}
	loc, _, _ = b.consent(authURL, "allow")
	tok, err := cfg.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil || tok.RefreshToken != "" {
		// The first consent already granted offline access: Google sends no new refresh token without prompt=consent.
		t.Fatalf("second exchange = %+v, %v", tok, err)
	}
	loc, _, _ = b.consent(cfg.AuthCodeURL("s2", oauth2.AccessTypeOffline, oauth2.ApprovalForce, oauth2.S256ChallengeOption(verifier)), "allow")
	tok, err = cfg.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil || tok.RefreshToken == "" {
		t.Fatalf("prompt=consent exchange = %+v, %v", tok, err)
	}
	gm := e.client(t, tok.RefreshToken)
	if p, err := gm.Users.GetProfile("me").Do(); err != nil || p.EmailAddress != "me@example.com" {
		t.Fatalf("profile with the new token = %+v, %v", p, err)
	}
	_, err = gm.Users.Messages.Send("me", &gmailapi.Message{Raw: rawMsg("To: a@example.com\r\n\r\nx")}).Do()
	if code, msg := apiReason(err); code != 403 || msg != "Request had insufficient authentication scopes." {
		t.Errorf("send with gmail.readonly: %v", err)
	}

	// Deny, and the redirect mismatch at the token endpoint.
	loc, _, _ = b.consent(authURL, "deny")
	if loc.Query().Get("error") != "access_denied" || loc.Query().Get("state") != "state-123" || loc.Query().Get("code") != "" {
		t.Errorf("deny redirect = %s", loc)
	}
	loc, _, _ = b.consent(authURL, "allow")
	other := *cfg
	other.RedirectURL = "http://127.0.0.1:9999/callback"
	if _, err := other.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier)); oauthErrorCode(err) != "redirect_uri_mismatch" {
		t.Errorf("exchange with another redirect_uri: %v", err)
	}

	// Requests the authorization endpoint refuses.
	web := *cfg
	web.RedirectURL = "https://mcp.example.com/oauth/callback"
	if loc, _, _ := b.consent(web.AuthCodeURL("w", oauth2.S256ChallengeOption(verifier)), "allow"); loc.Host != "mcp.example.com" {
		t.Errorf("registered web redirect: %s", loc)
	}
	for _, tc := range []struct {
		name, url, want string
	}{
		{"unregistered redirect", strings.Replace(web.AuthCodeURL("x", oauth2.S256ChallengeOption(verifier)), "mcp.example.com", "evil.example.com", 1), "redirect_uri_mismatch"},
		{"unknown client", strings.Replace(authURL, url.QueryEscape(DemoClientID), "nobody", 1), "invalid_client"},
		{"no PKCE", cfg.AuthCodeURL("x"), "code_challenge"},
		{"plain PKCE", cfg.AuthCodeURL("x", oauth2.SetAuthURLParam("code_challenge", "abc"), oauth2.SetAuthURLParam("code_challenge_method", "plain")), "S256"},
	} {
		_, status, page := b.consent(tc.url, "allow")
		if status != 400 || !strings.Contains(page, tc.want) {
			t.Errorf("%s: %d %q", tc.name, status, page)
		}
	}
}
