package app

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
)

// Demo is the built-in demo mailbox: the project's fake Gmail API served on
// loopback, so demo mode runs the real Gmail client over real HTTP.
type Demo struct {
	URL     string
	Fake    *gmailfake.Server
	Account *gmailfake.Account
	srv     *http.Server
}

// StartDemo serves a seeded fake Gmail on a free loopback port and points cfg
// at it, with the fake's client and a fresh refresh token.
func StartDemo(cfg *config.Config) (*Demo, error) {
	fake, acct, refreshToken, err := gmailfake.Demo(time.Now())
	if err != nil {
		return nil, fmt.Errorf("seeding the demo mailbox: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the demo Gmail: %w", err)
	}
	d := &Demo{URL: "http://" + ln.Addr().String(), Fake: fake, Account: acct,
		srv: &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second}}
	// Serve ends with ErrServerClosed on Close; any other end leaves the demo
	// Gmail unreachable, which tool calls and /ready then report.
	go func() { _ = d.srv.Serve(ln) }()
	cfg.APIEndpoint = d.URL + "/"
	cfg.TokenURL = d.URL + "/token"
	cfg.AuthURL = d.URL + "/o/oauth2/auth"
	cfg.ClientID, cfg.ClientSecret = gmailfake.DemoClientID, gmailfake.DemoClientSecret
	cfg.RefreshToken = refreshToken
	cfg.TokenFile = "" // nothing of the demo is persisted
	return d, nil
}

// Close stops the demo Gmail.
func (d *Demo) Close(ctx context.Context) error { return d.srv.Shutdown(ctx) }
