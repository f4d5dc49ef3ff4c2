package config

import (
	"strings"
	"testing"
)

var valid = []string{
	"GMAIL_CLIENT_ID=id.apps.googleusercontent.com",
	"GMAIL_CLIENT_SECRET=super-secret-value",
	"GMAIL_REFRESH_TOKEN=1//refresh-token-value",
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(valid, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr() != "127.0.0.1:8000" || c.MCPPath != "/mcp" || c.LogLevel != "info" || c.LogFormat != "json" || c.ConfirmSend != "auto" {
		t.Errorf("defaults: %+v", c)
	}
}

func TestPortAlias(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want int
	}{
		{nil, 8000},
		{[]string{"PORT=9000"}, 9000},
		{[]string{"MCP_PORT=9001"}, 9001},
		{[]string{"PORT=9002", "MCP_PORT=9002"}, 9002},
	} {
		c, err := Load(append(tc.env, valid...), false)
		if err != nil {
			t.Fatalf("%v: %v", tc.env, err)
		}
		if c.ListenPort() != tc.want {
			t.Errorf("%v: port %d, want %d", tc.env, c.ListenPort(), tc.want)
		}
	}
}

func TestLoadNamesEveryProblem(t *testing.T) {
	env := []string{
		"GMAIL_CLIENT_SECRET=super-secret-value",
		"PORT=70000",
		"MCP_PATH=mcp",
		"LOG_LEVEL=loud",
		"LOG_FORMAT=xml",
		"HOST=0.0.0.0",
		"GMAIL_MCP_CONFIRM_SEND=maybe",
	}
	_, err := Load(env, false)
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	for _, want := range []string{"GMAIL_CLIENT_ID", "PORT=70000", "MCP_PATH", "LOG_LEVEL", "LOG_FORMAT", "MCP_AUTH_TOKEN", "GMAIL_MCP_CONFIRM_SEND"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not name %s:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "super-secret-value") {
		t.Error("error echoes the client secret")
	}
}

func TestMalformedValueNotEchoed(t *testing.T) {
	_, err := Load(append([]string{"PORT=secret-looking-value"}, valid...), false)
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), "secret-looking-value") {
		t.Errorf("error echoes the value: %v", err)
	}
	if !strings.Contains(err.Error(), "PORT") {
		t.Errorf("error does not name PORT: %v", err)
	}
}

func TestUnauthenticatedRules(t *testing.T) {
	for _, tc := range []struct {
		env []string
		ok  bool
	}{
		{[]string{"HOST=127.0.0.1"}, true},
		{[]string{"HOST=localhost"}, true},
		{[]string{"HOST=::1"}, true},
		{[]string{"HOST=0.0.0.0"}, false},
		{[]string{"HOST=0.0.0.0", "MCP_ALLOW_UNAUTHENTICATED=true"}, true},
		{[]string{"HOST=0.0.0.0", "MCP_AUTH_TOKEN=0123456789abcdef0123"}, true},
		{[]string{"MCP_AUTH_TOKEN=short"}, false},
	} {
		_, err := Load(append(tc.env, valid...), false)
		if (err == nil) != tc.ok {
			t.Errorf("%v: err = %v, want ok=%v", tc.env, err, tc.ok)
		}
	}
}

func TestDemoNeedsNoCredentials(t *testing.T) {
	if _, err := Load(nil, true); err != nil {
		t.Fatal(err)
	}
	if _, err := Load([]string{"GMAIL_MCP_DEMO=true"}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(nil, false); err == nil {
		t.Fatal("want an error without credentials")
	}
}
