// Package bench measures gmail-mcp the way a client sees it: the real
// server (app.New, as the binary assembles it) in front of the project's
// fake Gmail with an injected latency, driven by the go-sdk MCP client over
// streamable HTTP on loopback; and the built binary as a separate process
// (start time, memory). cmd/bench prints the results as a table; the
// figures in docs/performance.md come from it.
package bench
