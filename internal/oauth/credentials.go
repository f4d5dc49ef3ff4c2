package oauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// Defaults for CredentialsOptions.
const (
	DefaultRetryRevokedAfter = 5 * time.Minute
	DefaultHealthyWindow     = time.Hour
	refreshTimeout           = 30 * time.Second
)

// RevokedMessage is what every tool call says once Google has refused the
// refresh token (invalid_grant).
const RevokedMessage = "Gmail access was revoked or expired — run `gmail-mcp auth` again or open /setup; apps in Google's 'Testing' publishing status get refresh tokens that expire after 7 days"

// badClientMessage is for invalid_client / unauthorized_client: the token
// itself may be fine, but not with this client.
const badClientMessage = "Google rejected the OAuth client: check GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET, and that the refresh token was created with this same client (run `gmail-mcp auth` again or open /setup)"

// CredentialsOptions configures NewCredentials.
type CredentialsOptions struct {
	Config *oauth2.Config
	// RefreshToken comes from GMAIL_REFRESH_TOKEN: it wins over the token
	// file and is never written back.
	RefreshToken string
	Store        *FileStore // may be nil: nothing persisted
	HTTPClient   *http.Client
	Logger       *slog.Logger
	Now          func() time.Time
	// RetryRevokedAfter is how long a refused refresh token rests before one
	// more attempt (default 5m).
	RetryRevokedAfter time.Duration
	// HealthyWindow is how long a successful refresh or Gmail call keeps
	// Status healthy (default 1h, the life of an access token).
	HealthyWindow time.Duration
	SetupURL      string // shown in "not connected" errors
}

// Credentials is the live token source for the Gmail client. It is safe for
// concurrent use; Connect and Disconnect take effect at once.
type Credentials struct {
	cfg           *oauth2.Config
	store         *FileStore
	httpClient    *http.Client
	log           *slog.Logger
	now           func() time.Time
	retryRevoked  time.Duration
	healthyWindow time.Duration
	setupURL      string
	envTokenSet   bool

	lastGmailOK atomic.Int64 // unix nanoseconds; hot path, so no mutex

	mu           sync.Mutex
	gen          uint64 // bumped when the refresh token is swapped
	refreshToken string
	fromEnv      bool
	account      string
	scopes       []string
	cache        oauth2.TokenSource // ReuseTokenSource over refresher
	lastRefresh  time.Time
	lastProbeOK  time.Time
	lastErr      error       // transient refresh failure, cleared on success
	refused      *mail.Error // invalid_grant and friends: rests until refusedAt+retryRevoked
	refusedAt    time.Time
	warned       bool // the one warning for the current refusal was logged
}

// Status is the credential state for /ready and /setup.
type Status struct {
	Connected   bool
	Account     string
	Healthy     bool
	Reason      string // why not healthy; empty when healthy
	Revoked     bool   // Google refused the refresh token
	LastRefresh time.Time
}

// NewCredentials starts from the env refresh token, else from the token
// file. With neither it starts not connected, which is not an error.
func NewCredentials(o CredentialsOptions) (*Credentials, error) {
	if o.Config == nil {
		return nil, errors.New("oauth: CredentialsOptions.Config is required")
	}
	c := &Credentials{
		cfg:           o.Config,
		store:         o.Store,
		httpClient:    o.HTTPClient,
		log:           o.Logger,
		now:           o.Now,
		retryRevoked:  o.RetryRevokedAfter,
		healthyWindow: o.HealthyWindow,
		setupURL:      o.SetupURL,
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{Timeout: refreshTimeout}
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.retryRevoked <= 0 {
		c.retryRevoked = DefaultRetryRevokedAfter
	}
	if c.healthyWindow <= 0 {
		c.healthyWindow = DefaultHealthyWindow
	}
	if c.setupURL == "" {
		c.setupURL = "/setup"
	}
	switch {
	case o.RefreshToken != "":
		c.refreshToken, c.fromEnv, c.envTokenSet = o.RefreshToken, true, true
		c.log.Info("gmail credentials from GMAIL_REFRESH_TOKEN")
	case o.Store != nil:
		s, err := o.Store.Load()
		switch {
		case errors.Is(err, os.ErrNotExist):
			c.log.Info("gmail not connected yet", "token_file", o.Store.Path)
		case err != nil:
			return nil, err
		default:
			c.refreshToken, c.account, c.scopes = s.RefreshToken, s.Account, s.Scopes
			c.log.Info("gmail credentials from token file", "token_file", o.Store.Path, "account", s.Account)
			if len(o.Store.Key) > 0 && !s.Encrypted {
				if err := o.Store.Save(s); err != nil {
					c.log.Warn("could not re-encrypt the token file with GMAIL_TOKEN_KEY", "token_file", o.Store.Path, "error", err)
				} else {
					c.log.Info("token file re-encrypted with GMAIL_TOKEN_KEY", "token_file", o.Store.Path)
				}
			}
		}
	}
	if len(c.scopes) > 0 {
		if missing := missingScopes(c.scopes, c.cfg.Scopes); len(missing) > 0 {
			c.log.Warn("the stored Gmail authorization lacks scopes this mode needs; some tools will fail until you connect again", "missing", missing)
		}
	}
	c.cache = oauth2.ReuseTokenSource(nil, refresher{c})
	return c, nil
}

// TokenSource returns the token source the Gmail client should use: access
// tokens are reused while valid and refreshed one at a time.
func (c *Credentials) TokenSource() oauth2.TokenSource { return liveSource{c} }

// HTTPClient returns a client that authorizes every request with the live
// token over base (http.DefaultTransport when nil).
func (c *Credentials) HTTPClient(base http.RoundTripper) *http.Client {
	return &http.Client{Transport: &oauth2.Transport{Source: c.TokenSource(), Base: base}}
}

// Invalidate drops the cached access token so the next call refreshes once;
// call it after Gmail answers 401.
func (c *Credentials) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cache = oauth2.ReuseTokenSource(nil, refresher{c})
}

// RecordGmailSuccess notes a successful Gmail call, which keeps Status
// healthy without a token refresh.
func (c *Credentials) RecordGmailSuccess() { c.lastGmailOK.Store(c.now().UnixNano()) }

// Connect swaps in a newly authorized token (from /setup or `auth`) without a
// restart, and saves it to the token file. The live switch happens even when
// saving fails; the error then says the connection will not survive a restart.
func (c *Credentials) Connect(_ context.Context, tok *oauth2.Token, account string) error {
	if tok == nil || tok.RefreshToken == "" {
		return errors.New("oauth: Connect needs a token with a refresh token")
	}
	scopes := grantedScopes(tok)
	c.mu.Lock()
	c.gen++
	c.refreshToken, c.fromEnv, c.account, c.scopes = tok.RefreshToken, false, account, scopes
	c.refused, c.warned, c.lastErr = nil, false, nil
	var seed *oauth2.Token
	if tok.AccessToken != "" {
		seed = &oauth2.Token{AccessToken: tok.AccessToken, TokenType: tok.TokenType, Expiry: tok.Expiry}
		c.lastRefresh = c.now()
	}
	c.cache = oauth2.ReuseTokenSource(seed, refresher{c})
	c.mu.Unlock()

	c.log.Info("gmail connected", "account", account)
	if c.envTokenSet {
		c.log.Warn("GMAIL_REFRESH_TOKEN is set and will replace this connection at the next restart: remove it from the environment to keep the new one")
	}
	if c.store == nil {
		c.log.Warn("no token file configured (GMAIL_TOKEN_FILE): this connection lasts until the process stops")
		return nil
	}
	err := c.store.Save(Stored{RefreshToken: tok.RefreshToken, Account: account, Scopes: scopes, SavedAt: c.now().UTC()})
	if err != nil {
		return fmt.Errorf("connected as %s, but the token could not be saved, so a restart will lose it: %w", account, err)
	}
	return nil
}

// Disconnect forgets the refresh token and removes the token file. A token
// from GMAIL_REFRESH_TOKEN comes back at the next restart.
func (c *Credentials) Disconnect() error {
	c.mu.Lock()
	c.gen++
	c.refreshToken, c.fromEnv, c.account, c.scopes = "", false, "", nil
	c.refused, c.warned, c.lastErr = nil, false, nil
	c.lastRefresh, c.lastProbeOK = time.Time{}, time.Time{}
	c.cache = oauth2.ReuseTokenSource(nil, refresher{c})
	c.mu.Unlock()
	c.lastGmailOK.Store(0)
	c.log.Info("gmail disconnected")
	if c.store == nil {
		return nil
	}
	return c.store.Remove()
}

// Status reports the credential state without any network call.
func (c *Credentials) Status() Status {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	st := Status{Connected: c.refreshToken != "", Account: c.account, LastRefresh: c.lastRefresh}
	last := latest(c.lastRefresh, c.lastProbeOK, c.lastGmailSuccess())
	switch {
	case !st.Connected:
		st.Reason = c.notConnected().Message
	case c.refused != nil:
		st.Reason, st.Revoked = c.refused.Message, c.refused.Message == RevokedMessage
	case c.lastErr != nil:
		st.Reason = "the last token refresh failed: " + c.lastErr.Error()
	case now.Sub(last) < c.healthyWindow:
		st.Healthy = true
	case last.IsZero():
		st.Reason = "no token refresh or Gmail call has succeeded yet"
	default:
		st.Reason = "no token refresh or Gmail call has succeeded for " + now.Sub(last).Truncate(time.Second).String()
	}
	return st
}

// Probe is Status, but when not healthy it first tries to get a token (at
// most one refresh; none while a refused token is resting). For /ready.
func (c *Credentials) Probe() Status {
	if st := c.Status(); st.Healthy || !st.Connected {
		return st
	}
	if _, err := c.TokenSource().Token(); err == nil {
		c.mu.Lock()
		c.lastProbeOK = c.now()
		c.mu.Unlock()
	}
	return c.Status()
}

func (c *Credentials) lastGmailSuccess() time.Time {
	if n := c.lastGmailOK.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

func latest(ts ...time.Time) time.Time {
	var l time.Time
	for _, t := range ts {
		if t.After(l) {
			l = t
		}
	}
	return l
}

func (c *Credentials) notConnected() *mail.Error {
	return mail.Errorf(mail.KindNotConnected, "Gmail is not connected yet: open "+c.setupURL+" to connect an account, or run `gmail-mcp auth`")
}

// liveSource follows the current cache, which Invalidate and Connect replace.
type liveSource struct{ c *Credentials }

func (s liveSource) Token() (*oauth2.Token, error) {
	s.c.mu.Lock()
	src := s.c.cache
	s.c.mu.Unlock()
	return src.Token()
}

// refresher turns the current refresh token into an access token; the
// ReuseTokenSource around it makes sure this runs only when needed.
type refresher struct{ c *Credentials }

func (r refresher) Token() (*oauth2.Token, error) {
	c := r.c
	// A Connect during the network call makes the answer stale; try again
	// with the new token (bounded, in case connects race endlessly).
	for range 3 {
		c.mu.Lock()
		if c.refreshToken == "" {
			c.mu.Unlock()
			return nil, c.notConnected()
		}
		if c.refused != nil && c.now().Sub(c.refusedAt) < c.retryRevoked {
			err := c.refused
			c.mu.Unlock()
			return nil, err
		}
		gen, rt := c.gen, c.refreshToken
		c.mu.Unlock()

		ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), oauth2.HTTPClient, c.httpClient), refreshTimeout)
		tok, err := c.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: rt}).Token()
		cancel()

		c.mu.Lock()
		if c.gen != gen {
			c.mu.Unlock()
			continue
		}
		tok, err = c.settleLocked(rt, tok, err)
		c.mu.Unlock()
		return tok, err
	}
	return nil, mail.Errorf(mail.KindUnavailable, "Gmail credentials kept changing during the call: try again")
}

// settleLocked records the outcome of a refresh of rt. c.mu is held.
func (c *Credentials) settleLocked(rt string, tok *oauth2.Token, err error) (*oauth2.Token, error) {
	now := c.now()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			switch re.ErrorCode {
			case "invalid_grant", "invalid_client", "unauthorized_client":
				msg := RevokedMessage
				if re.ErrorCode != "invalid_grant" {
					msg = badClientMessage
				}
				c.refused = &mail.Error{Kind: mail.KindAuth, Message: msg, Err: err}
				c.refusedAt = now
				if !c.warned {
					c.warned = true
					c.log.Warn("Google refused the Gmail refresh token; tool calls will fail until you connect again", "error_code", re.ErrorCode, "reason", msg, "retry_after", c.retryRevoked.String())
				} else {
					c.log.Debug("refresh token still refused", "error_code", re.ErrorCode)
				}
				return nil, c.refused
			}
		}
		c.lastErr = err
		c.log.Warn("gmail token refresh failed", "error", err)
		return nil, &mail.Error{Kind: mail.KindUnavailable, Message: "could not refresh Gmail access at Google's token endpoint; try again shortly", Err: err}
	}
	if c.refused != nil {
		c.log.Info("gmail access restored")
	}
	c.refused, c.warned, c.lastErr = nil, false, nil
	c.lastRefresh = now
	if nt := tok.RefreshToken; nt != "" && nt != rt {
		c.refreshToken = nt
		c.persistRotationLocked(nt)
	}
	// The cache needs only the access token; keeping the refresh token out of
	// it means nothing downstream can leak it.
	return &oauth2.Token{AccessToken: tok.AccessToken, TokenType: tok.TokenType, Expiry: tok.Expiry}, nil
}

func (c *Credentials) persistRotationLocked(newToken string) {
	switch {
	case c.fromEnv:
		c.log.Warn("Google issued a new refresh token, but GMAIL_REFRESH_TOKEN is never rewritten: it is used until restart; run `gmail-mcp auth` to update your .env, or use a token file")
	case c.store == nil:
		c.log.Warn("Google issued a new refresh token and no token file is configured: it is used until restart")
	default:
		err := c.store.Save(Stored{RefreshToken: newToken, Account: c.account, Scopes: c.scopes, SavedAt: c.now().UTC()})
		if err != nil {
			c.log.Error("could not save the new refresh token Google issued; a restart may lose access", "token_file", c.store.Path, "error", err)
			return
		}
		c.log.Info("saved the new refresh token Google issued", "token_file", c.store.Path)
	}
}
