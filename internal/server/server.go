package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

// Options configures the HTTP server. Zero values get safe defaults.
type Options struct {
	MCP     *mcp.Server
	MCPPath string // default "/mcp"
	// AuthToken, when set, is required as a bearer token on MCP_PATH and /metrics.
	AuthToken      string
	AllowedOrigins []string
	// Ready reports whether the instance can serve Gmail now, and why not.
	Ready func(ctx context.Context) (ok bool, reason string)
	// Setup serves /setup and /oauth/callback when set.
	Setup   http.Handler
	Metrics http.Handler // served on /metrics when set
	// Counters, when set, gets HTTP requests by route and code and the open
	// MCP sessions (refreshed on every MCP request and every scrape).
	Counters *metrics.Metrics

	MaxRequestBytes    int64         // default 40 MiB: room for a 25 MB attachment, base64-encoded
	MaxSessions        int           // default 100
	SessionIdleTimeout time.Duration // default 30m
	Logger             *slog.Logger
}

// Server is gmail-mcp's HTTP server.
type Server struct {
	opts    Options
	handler http.Handler
	mcp     *mcp.StreamableHTTPHandler
	calls   *sessionCalls
}

// New builds the server's handler tree.
func New(o Options) *Server {
	if o.MCPPath == "" {
		o.MCPPath = "/mcp"
	}
	if o.MaxRequestBytes <= 0 {
		o.MaxRequestBytes = 40 << 20
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 100
	}
	if o.SessionIdleTimeout <= 0 {
		o.SessionIdleTimeout = 30 * time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: o, calls: newSessionCalls()}
	o.MCP.AddReceivingMiddleware(s.calls.middleware)
	s.mcp = mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return o.MCP }, &mcp.StreamableHTTPOptions{
		SessionTimeout:      o.SessionIdleTimeout,
		MaxRequestBodyBytes: o.MaxRequestBytes,
		Logger:              o.Logger,
	})

	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /ready", s.serveReady)

	var mcpHandler http.Handler = s.limitSessions(s.calls.cancelOnDelete(s.mcp))
	mcpHandler = limitBody(o.MaxRequestBytes, mcpHandler)
	mcpHandler = checkOrigin(o.AllowedOrigins, mcpHandler)
	if o.AuthToken != "" {
		mcpHandler = requireBearer(o.AuthToken, mcpHandler)
	}
	mux.Handle(o.MCPPath, mcpHandler)

	if o.Metrics != nil {
		metricsHandler := o.Metrics
		if o.Counters != nil {
			metricsHandler = s.refreshingSessions(metricsHandler)
		}
		if o.AuthToken != "" {
			metricsHandler = requireBearer(o.AuthToken, metricsHandler)
		}
		mux.Handle("GET /metrics", metricsHandler)
	}
	if o.Setup != nil {
		mux.Handle("/setup", o.Setup)
		mux.Handle("/setup/", o.Setup)
		mux.Handle("/oauth/callback", o.Setup)
	}
	s.handler = recoverPanics(o.Logger, mux)
	if o.Counters != nil {
		s.handler = countRequests(o.Counters, s.handler)
	}
	return s
}

// Handler is the whole HTTP handler tree (for tests and embedding).
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) serveReady(w http.ResponseWriter, r *http.Request) {
	if s.opts.Ready == nil {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
		return
	}
	ok, reason := s.opts.Ready(r.Context())
	if !ok {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "reason": reason})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// limitSessions refuses new sessions beyond MaxSessions, so a flood of
// initialize requests cannot exhaust memory.
func (s *Server) limitSessions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.Header.Get("Mcp-Session-Id") == "" && s.sessionCount() >= s.opts.MaxSessions {
			w.Header().Set("Retry-After", "30")
			writeJSONError(w, http.StatusServiceUnavailable, fmt.Sprintf("too many MCP sessions (limit %d, MCP_MAX_SESSIONS): close idle sessions or try again later", s.opts.MaxSessions))
			return
		}
		next.ServeHTTP(w, r)
		s.countSessions()
	})
}

// refreshingSessions brings the sessions gauge up to date before a scrape,
// so sessions closed by the idle timeout are not still counted.
func (s *Server) refreshingSessions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.countSessions()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) countSessions() {
	if s.opts.Counters != nil {
		s.opts.Counters.SessionsInFlight.Set(float64(s.sessionCount()))
	}
}

func (s *Server) sessionCount() int {
	n := 0
	for range s.opts.MCP.Sessions() {
		n++
	}
	return n
}

// Serve answers on ln until ctx is done, then stops taking new requests and
// waits up to drain for in-flight calls before returning.
func (s *Server) Serve(ctx context.Context, ln net.Listener, drain time.Duration) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		// No WriteTimeout: MCP responses may stream for as long as a tool runs.
		ReadTimeout:    2 * time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(s.opts.Logger.Handler(), slog.LevelWarn),
		BaseContext:    func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	s.opts.Logger.Info("shutting down: draining in-flight requests", "timeout", drain.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	err := hs.Shutdown(shutdownCtx)
	// Calls still running after the drain time are cancelled, and streams
	// held open by clients (GET listeners) would otherwise keep sessions
	// alive past shutdown.
	s.calls.cancelAll()
	for ss := range s.opts.MCP.Sessions() {
		_ = ss.Close()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		_ = hs.Close()
		return fmt.Errorf("shutting down: %w", err)
	}
	<-errc
	return nil
}
