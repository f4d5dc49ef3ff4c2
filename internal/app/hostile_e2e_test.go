package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/config"
)

// rawSession is an MCP session driven by hand, for bytes the go-sdk client
// would never send (invalid UTF-8, broken JSON).
type rawSession struct {
	e  *env
	id string
}

func openRaw(t *testing.T, e *env) *rawSession {
	t.Helper()
	resp := post(t, e.url, initializeBody, map[string]string{"Authorization": "Bearer " + testToken})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("initialize: %d", resp.StatusCode)
	}
	s := &rawSession{e: e, id: resp.Header.Get("Mcp-Session-Id")}
	if s.id == "" {
		t.Fatal("initialize: no Mcp-Session-Id")
	}
	if code, _ := s.send(t, []byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)); code != http.StatusAccepted {
		t.Fatalf("initialized: %d", code)
	}
	return s
}

// send posts body in the session and returns the status and the JSON-RPC
// message in the answer (the data of an SSE event, or the JSON body).
func (s *rawSession) send(t *testing.T, body []byte) (int, string) {
	t.Helper()
	resp := post(t, s.e.url, string(body), map[string]string{"Authorization": "Bearer " + testToken, "Mcp-Session-Id": s.id})
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	msg := string(b)
	for line := range strings.Lines(msg) {
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			msg = strings.TrimSpace(data)
		}
	}
	return resp.StatusCode, msg
}

// rpcAnswer is a JSON-RPC response as far as these tests look at it.
type rpcAnswer struct {
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Result *struct {
		IsError bool `json:"isError"`
		Content []struct {
			Text string `json:"text"`
		} `json:"content"`
	} `json:"result"`
}

// callRaw calls tool with args as raw bytes. A request the MCP layer cannot
// even decode is answered 400 with a plain-text reason, returned as the
// error's message.
func callRaw(t *testing.T, s *rawSession, tool string, args []byte) rpcAnswer {
	t.Helper()
	body := []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"` + tool + `","arguments":`)
	body = append(append(body, args...), "}}"...)
	code, msg := s.send(t, body)
	var a rpcAnswer
	if err := json.Unmarshal([]byte(msg), &a); err != nil {
		if code != http.StatusBadRequest {
			t.Fatalf("%s: status %d, answer is not JSON-RPC: %.300q", tool, code, msg)
		}
		a.Error = &struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}{Code: code, Message: msg}
	}
	return a
}

// Requests that never reach a tool: each gets the HTTP or JSON-RPC error
// that says what is wrong.
func TestHostileHTTP(t *testing.T) {
	t.Parallel()
	const limit = 64 << 10
	e := newEnv(t, func(c *config.Config) { c.MaxRequestBytes = limit })
	auth := "Bearer " + testToken
	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 2*limit) + `"}}`

	t.Run("oversized body with a length", func(t *testing.T) {
		resp := post(t, e.url, big, map[string]string{"Authorization": auth})
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "MCP_MAX_REQUEST_BYTES") {
			t.Errorf("status %d %s, want 413 naming MCP_MAX_REQUEST_BYTES", resp.StatusCode, b)
		}
	})
	t.Run("oversized chunked body", func(t *testing.T) {
		s := openRaw(t, e)
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.url, io.MultiReader(strings.NewReader(big))) // no length: chunked
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("Authorization", auth)
		req.Header.Set("Mcp-Session-Id", s.id)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", resp.StatusCode)
		}
	})
	t.Run("malformed JSON-RPC", func(t *testing.T) {
		s := openRaw(t, e)
		for _, body := range []string{`{"jsonrpc":"2.0","id":1,"method":`, `[[[[`, "\x00\xff\xfe", `{"jsonrpc":"2.0","id":{},"method":7}`} {
			code, msg := s.send(t, []byte(body))
			var a rpcAnswer
			_ = json.Unmarshal([]byte(msg), &a)
			if code != http.StatusBadRequest && (a.Error == nil || a.Error.Code > -32600 || a.Error.Code < -32700) {
				t.Errorf("%q: status %d %q, want 400 or a JSON-RPC parse/invalid-request error", body, code, msg)
			}
		}
	})
	for name, h := range map[string]string{
		"garbled bytes":       "Bearer \xff\xfe\x80" + testToken,
		"token with suffix":   "Bearer " + testToken + "x",
		"token in two parts":  "Bearer " + testToken[:8] + " " + testToken[8:],
		"scheme only":         "Bearer",
		"lower-case, wrong":   "bearer " + strings.ToUpper(testToken),
		"huge":                "Bearer " + strings.Repeat("A", 32<<10),
		"token as basic auth": "Basic dGVzdDp0ZXN0",
	} {
		t.Run("authorization "+name, func(t *testing.T) {
			resp := post(t, e.url, initializeBody, map[string]string{"Authorization": h})
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", resp.StatusCode)
			}
		})
	}
	for _, origin := range []string{"null", "http://127.0.0.1.evil.example", e.base + ".evil.example", "file://"} {
		t.Run("origin "+origin, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.url, nil)
			req.Header.Set("Authorization", auth)
			req.Header.Set("Accept", "text/event-stream")
			req.Header.Set("Origin", origin)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET with Origin %q: status %d, want 403", origin, resp.StatusCode)
			}
		})
	}
	assertHealthy(t, e)
}

// Hostile tool arguments get tool errors or JSON-RPC errors that say what is
// wrong; none crashes the instance or puts a secret in the logs.
func TestHostileToolArguments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.insert(t, plainNote)
	s := openRaw(t, e)
	nested := strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat(`}`, 10000)
	megabyte := strings.Repeat("a", 1<<20)
	tests := []struct {
		name, tool, args string
	}{
		{"1 MB id", "read_email", `{"message_id":"` + megabyte + `"}`},
		{"1 MB query", "search_emails", `{"query":"` + megabyte + `"}`},
		{"nested 10,000 deep as an id", "read_email", `{"message_id":` + nested + `}`},
		{"nested 10,000 deep as arguments", "search_emails", nested},
		{"invalid UTF-8 id", "read_email", "{\"message_id\":\"\xff\xfe" + id + "\"}"},
		{"invalid UTF-8 query", "search_emails", "{\"query\":\"from:\xc3\x28 \xed\xa0\x80\"}"},
		{"control characters in an id", "read_email", `{"message_id":"` + id + `\u0000\r\nX-Evil: 1"}`},
		{"control characters in a query", "search_emails", `{"query":"from:ada\u0000\u001b[31m\r\nBcc: x@evil.example"}`},
		{"escape sequences in a folder", "list_emails", `{"folder":"INBOX\u0000\u0007\u001b]0;pwned\u0007"}`},
		{"wrong types", "read_email", `{"message_id":["a",1,null]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := callRaw(t, s, tt.tool, []byte(tt.args))
			switch {
			case a.Error != nil:
				t.Logf("JSON-RPC error %d: %.200s", a.Error.Code, a.Error.Message)
				if a.Error.Message == "" {
					t.Error("JSON-RPC error without a message")
				}
			case a.Result != nil && a.Result.IsError:
				msg := ""
				for _, c := range a.Result.Content {
					msg += c.Text
				}
				t.Logf("tool error: %.200s", msg)
				if msg == "" || len(msg) > 2000 || strings.Contains(msg, "goroutine ") {
					t.Errorf("tool error is not a short message: %.300q", msg)
				}
				if strings.Contains(msg, "internal error") {
					t.Errorf("hostile input reached an unexpected failure: %q", msg)
				}
			case a.Result != nil && (strings.Contains(tt.name, "query") || strings.Contains(tt.name, "folder")):
				// A strange query may simply match nothing; that is a clear answer too.
			default:
				t.Errorf("accepted: %+v", a)
			}
		})
	}
	assertHealthy(t, e)
	callOK[readResult](t, e.connect(t, nil), "read_email", map[string]any{"message_id": id}) // still serving mail

	logs := e.logs.String()
	for name, secret := range map[string]string{"bearer token": testToken, "refresh token": e.refreshToken, "client secret": e.app.Config.ClientSecret} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs contain the %s", name)
		}
	}
	for _, tok := range e.accessTokens() {
		if strings.Contains(logs, tok) {
			t.Error("the logs contain an access token")
		}
	}
	if strings.Contains(logs, "panic") {
		t.Errorf("a panic was logged:\n%s", firstLines(logs, "panic"))
	}
}

func firstLines(logs, word string) string {
	var out bytes.Buffer
	for line := range strings.Lines(logs) {
		if strings.Contains(line, word) && out.Len() < 2000 {
			out.WriteString(line)
		}
	}
	return out.String()
}
