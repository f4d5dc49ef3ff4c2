package oauth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// DefaultFlowTimeout is how long `gmail-mcp auth` waits for the browser.
const DefaultFlowTimeout = 5 * time.Minute

// Verifier checks a new token against Gmail and returns the account address.
type Verifier func(ctx context.Context, tok *oauth2.Token) (account string, err error)

// InstalledFlow is the installed-app (Desktop client) OAuth flow behind
// `gmail-mcp auth`: a loopback listener, PKCE, state, offline access.
type InstalledFlow struct {
	ClientID, ClientSecret, AuthURL, TokenURL string
	ReadOnly                                  bool
	Port                                      int           // 0: a free port on 127.0.0.1
	Timeout                                   time.Duration // default 5m
	OpenBrowser                               func(url string) error
	Out                                       io.Writer
	HTTPClient                                *http.Client
	Verify                                    Verifier
}

// Result is what a successful flow produced.
type Result struct {
	RefreshToken string
	Account      string
	Scopes       []string
}

// callback is one answer the browser brought to the loopback listener.
type callback struct {
	code string
	err  error
}

// Run performs the flow: it prints (and tries to open) the consent URL,
// waits for Google's redirect to 127.0.0.1, exchanges the code with the PKCE
// verifier, and verifies the token.
func (f *InstalledFlow) Run(ctx context.Context) (Result, error) {
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = DefaultFlowTimeout
	}
	out := f.Out
	if out == nil {
		out = io.Discard
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(f.Port)))
	if err != nil {
		return Result{}, fmt.Errorf("listen on 127.0.0.1:%d for Google's redirect: %w (choose another --port)", f.Port, err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", port)
	cfg := Config(f.ClientID, f.ClientSecret, f.AuthURL, f.TokenURL, redirect, f.ReadOnly)
	verifier, state := oauth2.GenerateVerifier(), rand.Text()
	authURL := cfg.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.ApprovalForce, oauth2.S256ChallengeOption(verifier))

	answers := make(chan callback, 1)
	srv := &http.Server{Handler: loopbackHandler(state, answers), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		shutCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutCtx)
	}()

	fmt.Fprintf(out, "Open this URL in a browser on this machine to connect Gmail (it redirects to %s):\n\n  %s\n\n", redirect, authURL)
	if f.OpenBrowser != nil {
		if err := f.OpenBrowser(authURL); err != nil {
			fmt.Fprintf(out, "(Could not open a browser: %v. Open the URL above yourself.)\n", err)
		}
	}
	fmt.Fprintf(out, "Waiting up to %s for you to click Allow…\n", timeout)

	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var cb callback
	select {
	case cb = <-answers:
	case <-waitCtx.Done():
		if ctx.Err() != nil {
			return Result{}, fmt.Errorf("authorization canceled: %w", ctx.Err())
		}
		return Result{}, fmt.Errorf("no answer from the browser within %s: open the URL above in a browser on this machine and click Allow (from another machine, forward the port first: ssh -L %d:127.0.0.1:%d, and run with --port %d)", timeout, port, port, port)
	}
	if cb.err != nil {
		return Result{}, cb.err
	}

	fmt.Fprintln(out, "Authorization received; checking it with Google…")
	exCtx := ctx
	if f.HTTPClient != nil {
		exCtx = oauthContext(ctx, f.HTTPClient)
	}
	tok, err := cfg.Exchange(exCtx, cb.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return Result{}, exchangeError(err, "a *Desktop app* OAuth client (the installed-app flow redirects to 127.0.0.1)")
	}
	return finishToken(ctx, tok, cfg.Scopes, f.Verify, out)
}

// finishToken checks what Google returned, shared by both flows.
func finishToken(ctx context.Context, tok *oauth2.Token, wanted []string, verify Verifier, out io.Writer) (Result, error) {
	if tok.RefreshToken == "" {
		return Result{}, errors.New("not connected: Google returned no refresh token; this happens when the account already granted access without offline consent; remove the app's access at https://myaccount.google.com/permissions and run again")
	}
	granted := grantedScopes(tok)
	if missing := missingScopes(granted, wanted); len(granted) > 0 && len(missing) > 0 {
		return Result{}, fmt.Errorf("access was granted without %s: run again and leave every Gmail permission ticked on Google's consent page", strings.Join(missing, ", "))
	}
	if len(granted) == 0 {
		granted = wanted
	}
	res := Result{RefreshToken: tok.RefreshToken, Scopes: granted}
	if verify != nil {
		account, err := verify(ctx, tok)
		if err != nil {
			return Result{}, fmt.Errorf("the new authorization does not work with the Gmail API (is the Gmail API enabled in your Google Cloud project?): %w", err)
		}
		res.Account = account
		if out != nil {
			fmt.Fprintf(out, "Connected as %s.\n", account)
		}
	}
	return res, nil
}

// exchangeError explains a failed code exchange. client names the OAuth
// client type the flow needs.
func exchangeError(err error, client string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		switch re.ErrorCode {
		case "redirect_uri_mismatch", "invalid_client", "unauthorized_client":
			return fmt.Errorf("the OAuth client was refused by Google (%s): use %s, with the client id and secret copied from it (see docs/GMAIL_SETUP.md): %w", re.ErrorCode, client, err)
		case "invalid_grant":
			return fmt.Errorf("the authorization code was refused by Google (expired, already used, or the PKCE check failed): start again: %w", err)
		}
	}
	return fmt.Errorf("exchange the authorization code at Google's token endpoint: %w", err)
}

// consentError explains an error= redirect from the consent page.
func consentError(code, desc string) error {
	switch code {
	case "access_denied":
		return errors.New("access was denied on Google's consent page (error=access_denied): run again and click Allow; if Google said the app is not available, add your account as a test user on the OAuth consent screen")
	case "redirect_uri_mismatch":
		return errors.New("the redirect address was refused by Google (redirect_uri_mismatch): use a *Desktop app* OAuth client for `gmail-mcp auth`, or register this instance's /oauth/callback on a Web client")
	}
	if desc != "" {
		return fmt.Errorf("authorization refused by Google (error=%s): %s", code, desc)
	}
	return fmt.Errorf("authorization refused by Google (error=%s)", code)
}

// loopbackHandler answers Google's redirect once and reports it on answers.
func loopbackHandler(state string, answers chan<- callback) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var cb callback
		switch {
		case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1:
			cb.err = errors.New("the browser came back with a state that does not match this run (state mismatch): the answer was refused; run `gmail-mcp auth` again and use the URL it prints")
		case q.Get("error") != "":
			cb.err = consentError(q.Get("error"), q.Get("error_description"))
		case q.Get("code") == "":
			cb.err = errors.New("the browser came back without an authorization code: run again")
		default:
			cb.code = q.Get("code")
		}
		select {
		case answers <- cb:
		default: // an answer was already taken; later requests change nothing
			http.Error(w, "This sign-in was already handled. You can close this tab.", http.StatusConflict)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if cb.err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, loopbackPage, "gmail-mcp: not connected", "Gmail was not connected", "See the terminal for what went wrong. You can close this tab.")
			return
		}
		fmt.Fprintf(w, loopbackPage, "gmail-mcp: authorized", "Authorization received", "You can close this tab and return to the terminal.")
	})
	return mux
}

const loopbackPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>%s</title><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto"><h1>%s</h1><p>%s</p></body></html>`

// oauthContext makes x/oauth2 use client for token calls.
func oauthContext(ctx context.Context, client *http.Client) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, client)
}
