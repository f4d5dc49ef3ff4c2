package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/app"
	"github.com/gmail-mcp/gmail-mcp/internal/config"
)

func serve(ctx context.Context, args, environ []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "serve the built-in demo mailbox (no Google account needed)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	cfg, err := config.Load(environ, *demo)
	if err != nil {
		fmt.Fprintf(stderr, "gmail-mcp: %v\n", err)
		return exitUsage
	}
	log := newLogger(cfg, stderr)

	var d *app.Demo
	if cfg.Demo {
		if d, err = app.StartDemo(cfg); err != nil {
			log.Error("cannot start the demo mailbox", "err", err)
			return exitFailure
		}
		defer func() { _ = d.Close(context.Background()) }()
	}
	ln, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		log.Error("cannot listen", "addr", cfg.Addr(), "err", err, "hint", "another process may use this port: set PORT to a free one")
		return exitFailure
	}
	a, err := app.New(ctx, cfg, app.Options{Version: version, Logger: log, ListenAddr: ln.Addr().String()})
	if err != nil {
		_ = ln.Close()
		log.Error("cannot start", "err", err)
		return exitUsage
	}
	announce(log, cfg, a, ln.Addr().String())
	start := time.Now()
	if err := a.Serve(ctx, ln); err != nil && !errors.Is(err, context.Canceled) {
		log.Error("server stopped", "err", err)
		return exitFailure
	}
	log.Info("stopped", "uptime", time.Since(start).Round(time.Second).String())
	return 0
}

// announce logs where to connect, without printing any secret except the
// one-time setup link, which is what the user needs to connect Gmail.
func announce(log *slog.Logger, cfg *config.Config, a *app.App, addr string) {
	url := "http://" + addr + cfg.MCPPath
	attrs := []any{"url", url, "version", version, "read_only", cfg.ReadOnly}
	if cfg.Demo {
		attrs = append(attrs, "mode", "demo (built-in mailbox, no Google account)")
	}
	if cfg.AuthToken == "" {
		log.Warn("MCP_AUTH_TOKEN is not set: anyone who can reach this address can use the mailbox", "addr", addr)
	} else {
		attrs = append(attrs, "auth", "send the header Authorization: Bearer $MCP_AUTH_TOKEN")
	}
	log.Info("gmail-mcp serving MCP over streamable HTTP", attrs...)
	if a.Setup != nil && !a.Credentials.Status().Connected {
		log.Warn("Gmail is not connected yet: open the setup link to connect an account", "setup_link", a.Setup.Link())
	}
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	level, _ := config.ParseLevel(cfg.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
