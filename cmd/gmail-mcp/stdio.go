package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gmail-mcp/gmail-mcp/internal/app"
	"github.com/gmail-mcp/gmail-mcp/internal/config"
)

// stdio serves the same tools over stdin/stdout. Only protocol goes to
// stdout: logs go to stderr.
func stdio(ctx context.Context, args, environ []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("stdio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "serve the built-in demo mailbox (no Google account needed)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	// There is no listener here, so the bind-address rule does not apply.
	environ = append(environ[:len(environ):len(environ)], "HOST=127.0.0.1")
	cfg, err := config.Load(environ, *demo)
	if err != nil {
		fmt.Fprintf(stderr, "gmail-mcp: %v\n", err)
		return exitUsage
	}
	log := newLogger(cfg, stderr)
	if cfg.Demo {
		d, err := app.StartDemo(cfg)
		if err != nil {
			log.Error("cannot start the demo mailbox", "err", err)
			return exitFailure
		}
		defer func() { _ = d.Close(context.Background()) }()
	}
	a, err := app.New(ctx, cfg, app.Options{Version: version, Logger: log, ListenAddr: "127.0.0.1:" + fmt.Sprint(cfg.ListenPort())})
	if err != nil {
		log.Error("cannot start", "err", err)
		return exitUsage
	}
	attrs := []any{"version", version, "read_only", cfg.ReadOnly}
	if cfg.Demo {
		attrs = append(attrs, "mode", "demo (built-in mailbox, no Google account)")
	}
	log.Info("gmail-mcp serving MCP over stdio", attrs...)
	transport := &mcp.IOTransport{Reader: io.NopCloser(stdin), Writer: nopWriteCloser{stdout}}
	if err := a.MCP.Run(ctx, transport); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, io.EOF) {
		log.Error("stdio session ended", "err", err)
		return exitFailure
	}
	return 0
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
