// Package config reads gmail-mcp's settings from the environment and checks
// them, naming every problem at once.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Config is every setting gmail-mcp reads. Fields holding secrets are never
// logged or printed.
type Config struct {
	ClientID     string `env:"GMAIL_CLIENT_ID"`
	ClientSecret string `env:"GMAIL_CLIENT_SECRET"`
	RefreshToken string `env:"GMAIL_REFRESH_TOKEN"`

	AuthToken            string `env:"MCP_AUTH_TOKEN"`
	AllowUnauthenticated bool   `env:"MCP_ALLOW_UNAUTHENTICATED" envDefault:"false"`

	Host    string `env:"HOST" envDefault:"127.0.0.1"`
	Port    int    `env:"PORT"`
	MCPPort int    `env:"MCP_PORT"`
	MCPPath string `env:"MCP_PATH" envDefault:"/mcp"`

	APIEndpoint string `env:"GMAIL_API_ENDPOINT" envDefault:"https://gmail.googleapis.com/"`
	TokenURL    string `env:"GOOGLE_TOKEN_URL" envDefault:"https://oauth2.googleapis.com/token"`
	AuthURL     string `env:"GOOGLE_AUTH_URL" envDefault:"https://accounts.google.com/o/oauth2/auth"`

	LogLevel  string `env:"LOG_LEVEL" envDefault:"info"`
	LogFormat string `env:"LOG_FORMAT" envDefault:"json"`

	// TokenFile keeps the refresh token across restarts when it did not come
	// from GMAIL_REFRESH_TOKEN; TokenKey (32 bytes, hex or base64) encrypts it.
	TokenFile string `env:"GMAIL_TOKEN_FILE"`
	TokenKey  string `env:"GMAIL_TOKEN_KEY"`
	// PublicURL is how browsers reach this instance (for /setup behind a proxy).
	PublicURL string `env:"PUBLIC_URL"`

	Demo     bool `env:"GMAIL_MCP_DEMO" envDefault:"false"`
	ReadOnly bool `env:"GMAIL_MCP_READ_ONLY" envDefault:"false"`
	// ConfirmSend: auto (ask when the client can), always (refuse when it cannot), never.
	ConfirmSend       string   `env:"GMAIL_MCP_CONFIRM_SEND" envDefault:"auto"`
	AllowedRecipients []string `env:"GMAIL_MCP_ALLOWED_RECIPIENTS" envSeparator:","`

	MaxAttachmentBytes int64         `env:"GMAIL_MCP_MAX_ATTACHMENT_BYTES" envDefault:"10485760"`
	MaxInFlight        int           `env:"GMAIL_MAX_IN_FLIGHT" envDefault:"10"`
	GmailTimeout       time.Duration `env:"GMAIL_TIMEOUT" envDefault:"30s"`
	MaxRequestBytes    int64         `env:"MCP_MAX_REQUEST_BYTES" envDefault:"41943040"`
	MaxSessions        int           `env:"MCP_MAX_SESSIONS" envDefault:"100"`
	SessionIdleTimeout time.Duration `env:"MCP_SESSION_IDLE_TIMEOUT" envDefault:"30m"`

	ShutdownTimeout time.Duration `env:"SHUTDOWN_TIMEOUT" envDefault:"15s"`
}

// DefaultPort is where the server listens when neither PORT nor MCP_PORT is set.
const DefaultPort = 8000

// Load reads the configuration from environ (os.Environ() form) and validates
// it. demo forces demo mode (the --demo flag).
func Load(environ []string, demo bool) (*Config, error) {
	c, err := Parse(environ)
	if err != nil {
		return nil, err
	}
	c.Demo = c.Demo || demo
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Parse reads the environment without validating the whole, for commands
// such as `auth` that need only a few settings.
func Parse(environ []string) (*Config, error) {
	var c Config
	if err := env.ParseWithOptions(&c, env.Options{Environment: env.ToMap(environ)}); err != nil {
		return nil, fmt.Errorf("configuration: %w", scrubEnvError(err))
	}
	return &c, nil
}

// ListenPort is PORT, else MCP_PORT, else 8000.
func (c *Config) ListenPort() int {
	switch {
	case c.Port != 0:
		return c.Port
	case c.MCPPort != 0:
		return c.MCPPort
	}
	return DefaultPort
}

// Addr is the host:port to listen on.
func (c *Config) Addr() string {
	return net.JoinHostPort(c.Host, fmt.Sprint(c.ListenPort()))
}

// Validate names every problem in one error, with what to do about each.
func (c *Config) Validate() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if !c.Demo {
		var missing []string
		// The refresh token may come later, from the token file or /setup.
		for _, v := range []struct{ name, value string }{
			{"GMAIL_CLIENT_ID", c.ClientID},
			{"GMAIL_CLIENT_SECRET", c.ClientSecret},
		} {
			if strings.TrimSpace(v.value) == "" {
				missing = append(missing, v.name)
			}
		}
		if len(missing) > 0 {
			add("%s not set: copy them from your Google OAuth client (see docs/GMAIL_SETUP.md), or run with --demo to try the built-in demo mailbox", strings.Join(missing, ", "))
		}
	}
	for _, p := range []struct {
		name string
		v    int
	}{{"PORT", c.Port}, {"MCP_PORT", c.MCPPort}} {
		if p.v < 0 || p.v > 65535 {
			add("%s=%d is not a port: use a number from 1 to 65535", p.name, p.v)
		}
	}
	if c.Port != 0 && c.MCPPort != 0 && c.Port != c.MCPPort {
		add("PORT=%d and MCP_PORT=%d disagree: set only one, or the same value in both", c.Port, c.MCPPort)
	}
	if strings.TrimSpace(c.Host) == "" {
		add("HOST is empty: use 127.0.0.1 for this machine only, or 0.0.0.0 in a container")
	}
	if !strings.HasPrefix(c.MCPPath, "/") || strings.ContainsAny(c.MCPPath, " ?#") {
		add("MCP_PATH=%q must be a URL path starting with '/', e.g. /mcp", c.MCPPath)
	}
	for _, u := range []struct{ name, value string }{
		{"GMAIL_API_ENDPOINT", c.APIEndpoint},
		{"GOOGLE_TOKEN_URL", c.TokenURL},
		{"GOOGLE_AUTH_URL", c.AuthURL},
	} {
		if parsed, err := url.Parse(u.value); err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
			add("%s=%q is not an http(s) URL", u.name, u.value)
		}
	}
	if _, err := ParseLevel(c.LogLevel); err != nil {
		add("LOG_LEVEL=%q: use debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		add("LOG_FORMAT=%q: use json or text", c.LogFormat)
	}
	if c.AuthToken == "" && !c.AllowUnauthenticated && !IsLoopback(c.Host) {
		add("MCP_AUTH_TOKEN not set while HOST=%s is reachable from other machines: set MCP_AUTH_TOKEN to a long random secret (e.g. `openssl rand -hex 32`), bind HOST=127.0.0.1, or set MCP_ALLOW_UNAUTHENTICATED=true if something in front of this server authenticates", c.Host)
	}
	if c.AuthToken != "" && len(c.AuthToken) < 16 {
		add("MCP_AUTH_TOKEN is too short: use at least 16 random characters (e.g. `openssl rand -hex 32`)")
	}
	switch c.ConfirmSend {
	case "auto", "always", "never":
	default:
		add("GMAIL_MCP_CONFIRM_SEND=%q: use auto, always or never", c.ConfirmSend)
	}
	for _, n := range []struct {
		name string
		v    int64
	}{
		{"GMAIL_MCP_MAX_ATTACHMENT_BYTES", c.MaxAttachmentBytes},
		{"GMAIL_MAX_IN_FLIGHT", int64(c.MaxInFlight)},
		{"MCP_MAX_REQUEST_BYTES", c.MaxRequestBytes},
		{"MCP_MAX_SESSIONS", int64(c.MaxSessions)},
	} {
		if n.v <= 0 {
			add("%s must be a positive number", n.name)
		}
	}
	if c.GmailTimeout <= 0 || c.SessionIdleTimeout <= 0 {
		add("GMAIL_TIMEOUT and MCP_SESSION_IDLE_TIMEOUT must be positive durations, e.g. 30s")
	}
	if c.ShutdownTimeout <= 0 {
		add("SHUTDOWN_TIMEOUT must be positive, e.g. 15s")
	}
	if len(problems) == 0 {
		return nil
	}
	return &Error{Problems: problems}
}

// Error lists every configuration problem found.
type Error struct{ Problems []string }

func (e *Error) Error() string {
	return "invalid configuration:\n  - " + strings.Join(e.Problems, "\n  - ")
}

// IsLoopback reports whether host only accepts connections from this machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// ParseLevel maps LOG_LEVEL to a slog level.
func ParseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(s))
	return l, err
}

// scrubEnvError keeps env's message but drops any value it echoes, since a
// malformed variable might hold a secret.
func scrubEnvError(err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return errors.New("could not read the environment")
	}
	var msgs []string
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) {
			msgs = append(msgs, fmt.Sprintf("%s has a malformed value: want a %s", envName(pe.Name), pe.Type))
			continue
		}
		msgs = append(msgs, e.Error())
	}
	return &Error{Problems: msgs}
}

// envName maps a Config field name back to its environment variable.
func envName(field string) string {
	if f, ok := reflect.TypeFor[Config]().FieldByName(field); ok {
		return f.Tag.Get("env")
	}
	return field
}
