package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
)

// healthcheck lets a container image without a shell or curl check itself.
// It reads only the listen settings, so it works whatever else is configured.
func healthcheck(ctx context.Context, environ []string, stderr io.Writer) int {
	var c struct {
		Host    string `env:"HOST"`
		Port    int    `env:"PORT"`
		MCPPort int    `env:"MCP_PORT"`
	}
	if err := env.ParseWithOptions(&c, env.Options{Environment: env.ToMap(environ)}); err != nil {
		fmt.Fprintln(stderr, "healthcheck: PORT or MCP_PORT is not a number")
		return exitFailure
	}
	cfg := config.Config{Port: c.Port, MCPPort: c.MCPPort}
	url := "http://" + net.JoinHostPort(dialHost(c.Host), fmt.Sprint(cfg.ListenPort())) + "/health"
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		fmt.Fprintln(stderr, "healthcheck:", err)
		return exitFailure
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(stderr, "healthcheck:", err)
		return exitFailure
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "healthcheck: /health answered", resp.Status)
		return exitFailure
	}
	return 0
}

// dialHost is where the server can be reached from this machine: loopback for
// wildcard and loopback binds, else the one address it is bound to.
func dialHost(host string) string {
	ip := net.ParseIP(host)
	if host == "" || config.IsLoopback(host) || (ip != nil && ip.IsUnspecified()) {
		return "127.0.0.1"
	}
	return host
}
