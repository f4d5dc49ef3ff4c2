package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"runtime"

	"golang.org/x/oauth2"

	"github.com/gmail-mcp/gmail-mcp/internal/app"
	"github.com/gmail-mcp/gmail-mcp/internal/config"
	"github.com/gmail-mcp/gmail-mcp/internal/oauth"
)

// auth runs the one-time installed-app OAuth flow and stores the refresh token.
func auth(ctx context.Context, args, environ []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("auth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	envFile := fs.String("env-file", ".env", "env file to write GMAIL_REFRESH_TOKEN (and the client) into")
	printOnly := fs.Bool("print", false, "print the refresh token instead of writing the env file")
	readOnly := fs.Bool("read-only", false, "ask only for gmail.readonly (for GMAIL_MCP_READ_ONLY=true)")
	port := fs.Int("port", 0, "loopback port for Google's redirect (default: a free one)")
	noBrowser := fs.Bool("no-browser", false, "do not try to open a browser; just print the URL")
	clientID := fs.String("client-id", "", "OAuth Desktop client id (default $GMAIL_CLIENT_ID)")
	clientSecret := fs.String("client-secret", "", "OAuth client secret (default $GMAIL_CLIENT_SECRET)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	cfg, err := config.Parse(environ)
	if err != nil {
		fmt.Fprintf(stderr, "gmail-mcp auth: %v\n", err)
		return exitUsage
	}
	if *clientID != "" {
		cfg.ClientID = *clientID
	}
	if *clientSecret != "" {
		cfg.ClientSecret = *clientSecret
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		fmt.Fprintln(stderr, "gmail-mcp auth: no OAuth client: set GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET (in the environment or .env) or pass --client-id and --client-secret; docs/GMAIL_SETUP.md shows how to create a Desktop client")
		return exitUsage
	}
	flow := &oauth.InstalledFlow{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, AuthURL: cfg.AuthURL, TokenURL: cfg.TokenURL,
		ReadOnly: *readOnly || cfg.ReadOnly, Port: *port, Out: stderr,
		Verify: func(ctx context.Context, tok *oauth2.Token) (string, error) {
			return app.VerifyAccount(ctx, cfg, tok)
		},
	}
	if !*noBrowser {
		flow.OpenBrowser = openBrowser
	}
	res, err := flow.Run(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "gmail-mcp auth: %v\n", err)
		return exitFailure
	}
	if *printOnly {
		fmt.Fprintf(stdout, "GMAIL_REFRESH_TOKEN=%s\n", res.RefreshToken)
		return 0
	}
	values := map[string]string{"GMAIL_REFRESH_TOKEN": res.RefreshToken}
	if *clientID != "" || *clientSecret != "" {
		values["GMAIL_CLIENT_ID"], values["GMAIL_CLIENT_SECRET"] = cfg.ClientID, cfg.ClientSecret
	}
	if err := oauth.UpdateEnvFile(*envFile, values); err != nil {
		fmt.Fprintf(stderr, "gmail-mcp auth: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stderr, "Connected %s. Wrote GMAIL_REFRESH_TOKEN to %s (mode 0600). Start the server with: docker compose up (or gmail-mcp with that env file loaded).\n", res.Account, *envFile)
	return 0
}

func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
