package oauth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

//go:embed web/setup.html web/style.css
var webFiles embed.FS

var setupPage = template.Must(template.ParseFS(webFiles, "web/setup.html"))

const (
	sessionCookie = "gmail_mcp_setup"
	flowCookie    = "gmail_mcp_oauth"
	sessionTTL    = 8 * time.Hour
	flowTTL       = 10 * time.Minute
	maxSessions   = 64
	maxFlows      = 64
)

// SetupOptions configures NewSetup.
type SetupOptions struct {
	Credentials                               *Credentials
	ClientID, ClientSecret, AuthURL, TokenURL string
	ReadOnly                                  bool
	// PublicURL is the base URL browsers use; Google redirects to
	// PublicURL + "/oauth/callback", which must be registered on a Web client.
	PublicURL string
	// Key unlocks /setup: the MCP bearer token, or empty to generate a
	// random one now (shown only by Link).
	Key        string
	Verify     Verifier
	HTTPClient *http.Client
	Logger     *slog.Logger
	Now        func() time.Time
}

// Setup is the "Connect Gmail" web flow for instances deployed first and
// connected after.
type Setup struct {
	creds   *Credentials
	cfg     *oauth2.Config
	base    string // path prefix of PublicURL, "" at the root
	public  string
	keyHash [32]byte
	key     string
	secure  bool
	verify  Verifier
	client  *http.Client
	log     *slog.Logger
	now     func() time.Time

	mu       sync.Mutex // guards sessions and flows
	sessions map[string]*setupSession
	flows    map[string]*pendingFlow // by flow cookie value
}

type setupSession struct {
	csrf    string
	expires time.Time
}

type pendingFlow struct {
	state, verifier string
	expires         time.Time
}

// NewSetup checks the options and builds the handler state.
func NewSetup(o SetupOptions) (*Setup, error) {
	if o.Credentials == nil {
		return nil, errors.New("oauth: SetupOptions.Credentials is required")
	}
	if o.ClientID == "" || o.ClientSecret == "" {
		return nil, errors.New("/setup needs GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET of a Web application OAuth client")
	}
	u, err := url.Parse(strings.TrimSuffix(o.PublicURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("PUBLIC_URL=%q must be the http(s) address browsers use to reach this instance, e.g. https://gmail.example.com", o.PublicURL)
	}
	s := &Setup{
		creds:    o.Credentials,
		base:     u.Path,
		public:   u.String(),
		key:      o.Key,
		secure:   u.Scheme == "https",
		verify:   o.Verify,
		client:   o.HTTPClient,
		log:      o.Logger,
		now:      o.Now,
		sessions: map[string]*setupSession{},
		flows:    map[string]*pendingFlow{},
	}
	if s.key == "" {
		s.key = rand.Text()
	}
	s.keyHash = sha256.Sum256([]byte(s.key))
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.cfg = Config(o.ClientID, o.ClientSecret, o.AuthURL, o.TokenURL, s.public+"/oauth/callback", o.ReadOnly)
	return s, nil
}

// Link is the setup link to print in the log at start; it is the only place
// the key is shown.
func (s *Setup) Link() string { return s.public + "/setup?key=" + url.QueryEscape(s.key) }

// RedirectURL is the callback address to register on the Web OAuth client.
func (s *Setup) RedirectURL() string { return s.cfg.RedirectURL }

// Handler serves GET /setup, GET /setup/style.css, POST /setup/connect,
// POST /setup/disconnect and GET /oauth/callback. Mount it for "/setup",
// "/setup/" and "/oauth/callback", outside the bearer-token check.
func (s *Setup) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /setup", s.page)
	mux.HandleFunc("GET /setup/style.css", s.style)
	mux.HandleFunc("POST /setup/connect", s.connect)
	mux.HandleFunc("POST /setup/disconnect", s.disconnect)
	mux.HandleFunc("GET /oauth/callback", s.callback)
	return securityHeaders(mux)
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

func (s *Setup) style(w http.ResponseWriter, _ *http.Request) {
	css, _ := webFiles.ReadFile("web/style.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	_, _ = w.Write(css)
}

// page shows the state; ?key= trades the key for a session cookie first.
func (s *Setup) page(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("key") {
		got := sha256.Sum256([]byte(r.URL.Query().Get("key")))
		if subtle.ConstantTimeCompare(got[:], s.keyHash[:]) != 1 {
			s.log.Warn("setup link used with a wrong key", "remote", r.RemoteAddr)
			s.unauthorized(w)
			return
		}
		id := s.newSession()
		http.SetCookie(w, &http.Cookie{
			Name: sessionCookie, Value: id, Path: "/", MaxAge: int(sessionTTL / time.Second),
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteStrictMode,
		})
		http.Redirect(w, r, s.base+"/setup", http.StatusSeeOther)
		return
	}
	sess, ok := s.session(r)
	if !ok {
		s.unauthorized(w)
		return
	}
	s.render(w, http.StatusOK, s.view(sess.csrf, "", ""))
}

// connect starts the web OAuth flow: state + PKCE, bound to this browser by
// a short-lived cookie that, unlike the session cookie, survives the
// cross-site redirect back from Google (SameSite=Lax).
func (s *Setup) connect(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.checkForm(w, r); !ok {
		return
	}
	id, f := rand.Text(), &pendingFlow{state: rand.Text(), verifier: oauth2.GenerateVerifier(), expires: s.now().Add(flowTTL)}
	s.mu.Lock()
	s.pruneLocked()
	if len(s.flows) >= maxFlows {
		s.mu.Unlock()
		s.renderError(w, r, http.StatusTooManyRequests, "Too many sign-ins in progress: wait ten minutes and try again.")
		return
	}
	s.flows[id] = f
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{
		Name: flowCookie, Value: id, Path: s.base + "/oauth/callback", MaxAge: int(flowTTL / time.Second),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
	target := s.cfg.AuthCodeURL(f.state, oauth2.AccessTypeOffline, oauth2.ApprovalForce, oauth2.S256ChallengeOption(f.verifier))
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *Setup) disconnect(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.checkForm(w, r); !ok {
		return
	}
	if err := s.creds.Disconnect(); err != nil {
		s.log.Error("disconnect", "error", err)
		s.renderError(w, r, http.StatusInternalServerError, "Disconnected, but the token file could not be removed: "+err.Error())
		return
	}
	http.Redirect(w, r, s.base+"/setup", http.StatusSeeOther)
}

// callback finishes the flow. It renders its result itself instead of
// redirecting: after a cross-site redirect from Google the browser withholds
// the SameSite=Strict session cookie, so a redirect to /setup would look
// signed out. The page then moves to /setup by a same-site meta refresh.
func (s *Setup) callback(w http.ResponseWriter, r *http.Request) {
	f := s.takeFlow(r)
	http.SetCookie(w, &http.Cookie{Name: flowCookie, Value: "", Path: s.base + "/oauth/callback", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	q := r.URL.Query()
	fail := func(status int, msg string) {
		s.log.Warn("gmail setup failed", "reason", msg)
		s.render(w, status, s.view("", msg, s.base+"/setup"))
	}
	if f == nil {
		fail(http.StatusBadRequest, "This sign-in expired or was started in another browser: go back to the setup page and click Connect Gmail again.")
		return
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.state)) != 1 {
		fail(http.StatusBadRequest, "Google's answer does not belong to the sign-in this browser started (state mismatch), so it was refused: click Connect Gmail again.")
		return
	}
	if code := q.Get("error"); code != "" {
		fail(http.StatusBadRequest, sentence(consentError(code, q.Get("error_description"))))
		return
	}
	if q.Get("code") == "" {
		fail(http.StatusBadRequest, "Google came back without an authorization code: click Connect Gmail again.")
		return
	}
	ctx := r.Context()
	if s.client != nil {
		ctx = oauthContext(ctx, s.client)
	}
	tok, err := s.cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(f.verifier))
	if err != nil {
		s.log.Warn("gmail setup: code exchange failed", "error", err)
		fail(http.StatusBadGateway, sentence(exchangeError(err, "a *Web application* OAuth client with the redirect URI "+s.cfg.RedirectURL)))
		return
	}
	res, err := finishToken(r.Context(), tok, s.cfg.Scopes, s.verify, nil)
	if err != nil {
		fail(http.StatusBadGateway, sentence(err))
		return
	}
	if err := s.creds.Connect(r.Context(), tok, res.Account); err != nil {
		s.log.Error("gmail setup: connected but not saved", "error", err)
		s.render(w, http.StatusOK, s.view("", sentence(err), s.base+"/setup"))
		return
	}
	s.render(w, http.StatusOK, s.view("", "", s.base+"/setup"))
}

// checkForm authenticates a POST: session cookie plus its CSRF token.
func (s *Setup) checkForm(w http.ResponseWriter, r *http.Request) (*setupSession, bool) {
	sess, ok := s.session(r)
	if !ok {
		s.unauthorized(w)
		return nil, false
	}
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(sess.csrf)) != 1 {
		s.renderError(w, r, http.StatusForbidden, "The form was stale or did not come from this page: reload the setup page and try again.")
		return nil, false
	}
	return sess, true
}

func (s *Setup) newSession() string {
	id := rand.Text()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked()
	if len(s.sessions) >= maxSessions {
		var oldest string
		for k, v := range s.sessions {
			if oldest == "" || v.expires.Before(s.sessions[oldest].expires) {
				oldest = k
			}
		}
		delete(s.sessions, oldest)
	}
	s.sessions[id] = &setupSession{csrf: rand.Text(), expires: s.now().Add(sessionTTL)}
	return id
}

func (s *Setup) session(r *http.Request) (*setupSession, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[c.Value]
	if !ok || s.now().After(sess.expires) {
		return nil, false
	}
	return sess, true
}

// takeFlow removes and returns this browser's pending flow, if any: a flow
// is used at most once.
func (s *Setup) takeFlow(r *http.Request) *pendingFlow {
	c, err := r.Cookie(flowCookie)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[c.Value]
	delete(s.flows, c.Value)
	if !ok || s.now().After(f.expires) {
		return nil
	}
	return f
}

func (s *Setup) pruneLocked() {
	now := s.now()
	for k, v := range s.sessions {
		if now.After(v.expires) {
			delete(s.sessions, k)
		}
	}
	for k, v := range s.flows {
		if now.After(v.expires) {
			delete(s.flows, k)
		}
	}
}

// pageView is what the template shows.
type pageView struct {
	Base, Mode, StateClass, StatusText, Reason, Error, CSRF, RefreshTo string
	Connected, Unauthorized                                            bool
}

func (s *Setup) view(csrf, errMsg, refreshTo string) pageView {
	st := s.creds.Status()
	v := pageView{Base: s.base, CSRF: csrf, Error: errMsg, RefreshTo: refreshTo, Connected: st.Connected, Mode: "full access (read, organize and send mail)"}
	if len(s.cfg.Scopes) == 1 && s.cfg.Scopes[0] == ScopeReadOnly {
		v.Mode = "read-only (gmail.readonly)"
	}
	account := st.Account
	if account == "" {
		account = "an unknown account"
	}
	switch {
	case !st.Connected:
		v.StateClass, v.StatusText = "bad", "Not connected"
	case st.Revoked:
		v.StateClass, v.StatusText, v.Reason = "bad", "Access revoked or expired for "+account, st.Reason
	case st.Healthy:
		v.StateClass, v.StatusText = "ok", "Connected as "+account
	default:
		v.StateClass, v.StatusText, v.Reason = "warn", "Connected as "+account, st.Reason
	}
	return v
}

func (s *Setup) unauthorized(w http.ResponseWriter) {
	s.render(w, http.StatusUnauthorized, pageView{Base: s.base, Unauthorized: true})
}

// renderError shows msg on the setup page, or the sign-in page without a session.
func (s *Setup) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if sess, ok := s.session(r); ok {
		s.render(w, status, s.view(sess.csrf, msg, ""))
		return
	}
	s.unauthorized(w)
}

func (s *Setup) render(w http.ResponseWriter, status int, v pageView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := setupPage.Execute(w, v); err != nil {
		s.log.Error("render setup page", "error", err)
	}
}

// sentence makes an error message read as a sentence on the page.
func sentence(err error) string {
	m := err.Error()
	if m == "" {
		return m
	}
	return strings.ToUpper(m[:1]) + m[1:]
}
