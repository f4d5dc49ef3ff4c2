// Command gmail-mcp serves one Gmail account to MCP clients.
//
//	gmail-mcp [serve] [--demo]   streamable HTTP on HOST:PORT (default)
//	gmail-mcp stdio [--demo]     MCP over stdin/stdout, for desktop clients
//	gmail-mcp auth [flags]       one-time OAuth setup: writes GMAIL_REFRESH_TOKEN to .env
//	gmail-mcp healthcheck        exit 0 when the local server's /health answers 200
//	gmail-mcp version
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes: 2 for configuration or usage problems, 1 for everything else.
const (
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args, environ []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, environ, stderr)
	case "stdio":
		return stdio(ctx, args, environ, stdin, stdout, stderr)
	case "auth":
		return auth(ctx, args, environ, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, environ, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "gmail-mcp", version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "gmail-mcp: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

const usage = `Usage:
  gmail-mcp [serve] [--demo]   serve MCP over streamable HTTP on HOST:PORT (default 127.0.0.1:8000, path /mcp)
  gmail-mcp stdio [--demo]     serve MCP over stdin/stdout, for desktop clients
  gmail-mcp auth [flags]       one-time Google OAuth setup; writes GMAIL_REFRESH_TOKEN into .env
  gmail-mcp healthcheck        exit 0 if this machine's server answers /health (for container health checks)
  gmail-mcp version

Configuration comes from the environment: see README.md. --demo serves a built-in demo mailbox, no Google account needed.
`
