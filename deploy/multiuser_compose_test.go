package deploy_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var hexToken = regexp.MustCompile(`^[0-9a-f]{64}$`)

// usersComposeDir copies deploy/compose to a temp dir and fills alice.env
// and bob.env from their examples, as the documented setup does.
func usersComposeDir(t *testing.T) (dir string, tokens map[string]string) {
	t.Helper()
	dir = t.TempDir()
	copyTree(t, "compose", dir)
	tokens = map[string]string{
		"alice": "alice-token-0123456789abcdef",
		"bob":   "bob-token-0123456789abcdef00",
	}
	for user, token := range tokens {
		fillEnvFile(t, filepath.Join(dir, user+".env.example"), filepath.Join(dir, user+".env"),
			map[string]string{"MCP_AUTH_TOKEN": token})
	}
	return dir, tokens
}

func TestMultiUserComposeContract(t *testing.T) {
	dir, tokens := usersComposeDir(t)
	p := mustLoadCompose(t, dir, "multi-user.yml")
	if len(p.Services) != 2 {
		t.Fatalf("services = %v, want alice and bob", p.ServiceNames())
	}
	checkHostService(t, p, "alice", hostService{"alice.env", "8001", "alice-data", tokens["alice"]})
	checkHostService(t, p, "bob", hostService{"bob.env", "8002", "bob-data", tokens["bob"]})
}

func TestAddUser(t *testing.T) {
	dir, tokens := usersComposeDir(t)
	script := filepath.Join(dir, "add-user")

	out, ok := runScript(t, script, "carol")
	if !ok {
		t.Fatalf("add-user carol failed:\n%s", out)
	}
	carolEnv := filepath.Join(dir, "carol.env")
	info, err := os.Stat(carolEnv)
	if err != nil {
		t.Fatalf("carol.env not written: %v", err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("carol.env mode = %v: credentials must be private to the owner", perm)
	}
	carolToken := envFileValue(t, carolEnv, "MCP_AUTH_TOKEN")
	if !hexToken.MatchString(carolToken) {
		t.Errorf("carol's MCP_AUTH_TOKEN = %q, want 64 random hex digits", carolToken)
	}
	if strings.Contains(out, carolToken) {
		t.Errorf("add-user printed the bearer token")
	}

	p := mustLoadCompose(t, dir, "multi-user.yml")
	if len(p.Services) != 3 {
		t.Fatalf("services after add-user = %v, want alice, bob, carol", p.ServiceNames())
	}
	checkHostService(t, p, "carol", hostService{"carol.env", "8003", "carol-data", carolToken})
	// The others are untouched.
	checkHostService(t, p, "alice", hostService{"alice.env", "8001", "alice-data", tokens["alice"]})
	checkHostService(t, p, "bob", hostService{"bob.env", "8002", "bob-data", tokens["bob"]})

	// A second user gets another port and another token.
	if out, ok := runScript(t, script, "dave-2"); !ok {
		t.Fatalf("add-user dave-2 failed:\n%s", out)
	}
	p = mustLoadCompose(t, dir, "multi-user.yml")
	daveToken := envFileValue(t, filepath.Join(dir, "dave-2.env"), "MCP_AUTH_TOKEN")
	if daveToken == carolToken {
		t.Errorf("two users got the same bearer token")
	}
	checkHostService(t, p, "dave-2", hostService{"dave-2.env", "8004", "dave-2-data", daveToken})

	before, err := os.ReadFile(filepath.Join(dir, "multi-user.yml"))
	if err != nil {
		t.Fatal(err)
	}
	refused := []struct{ name, arg, wantMsg string }{
		{"existing user", "carol", "already exists"},
		{"existing example user", "alice", "already exists"},
		{"upper case", "Erin", "not a valid name"},
		{"underscore", "erin_x", "not a valid name"},
		{"leading dash", "-erin", "not a valid name"},
		{"trailing dash", "erin-", "not a valid name"},
		{"path", "../erin", "not a valid name"},
		{"yaml injection", "erin:\n  image: evil", "not a valid name"},
		{"empty", "", "not a valid name"},
		{"too long", strings.Repeat("a", 41), "too long"},
	}
	for _, tc := range refused {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			out, ok := runScript(t, script, tc.arg)
			if ok {
				t.Fatalf("add-user %q succeeded; want refusal", tc.arg)
			}
			if !strings.Contains(out, tc.wantMsg) {
				t.Errorf("add-user %q said %q, want it to say %q", tc.arg, out, tc.wantMsg)
			}
			after, err := os.ReadFile(filepath.Join(dir, "multi-user.yml"))
			if err != nil {
				t.Fatal(err)
			}
			if string(after) != string(before) {
				t.Errorf("refused add-user %q changed multi-user.yml", tc.arg)
			}
		})
	}
	if tok := envFileValue(t, carolEnv, "MCP_AUTH_TOKEN"); tok != carolToken {
		t.Errorf("refused add-user carol rewrote carol.env")
	}
	if _, err := os.Stat(filepath.Join(dir, "Erin.env")); err == nil {
		t.Errorf("refused name left an env file behind")
	}
}
