package deploy_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the module root; go test runs in deploy/.
const repoRoot = ".."

// copyTree copies the regular files under src into dst, keeping modes.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm()|0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatalf("copy %s to %s: %v", src, dst, err)
	}
}

// runScript runs a POSIX sh script with dash-compatible sh, returning its
// combined output and whether it succeeded.
func runScript(t *testing.T, script string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command("sh", append([]string{script}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("run %s: %v", script, err)
		}
	}
	return out.String(), err == nil
}

// envFileValue returns KEY's value in a KEY=VALUE env file.
func envFileValue(t *testing.T, path, key string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), key+"="); ok {
			return v
		}
	}
	return ""
}

// fillEnvFile copies an env example to dst with the given keys set.
func fillEnvFile(t *testing.T, example, dst string, values map[string]string) {
	t.Helper()
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	seen := map[string]bool{}
	for line := range strings.Lines(string(b)) {
		key, _, ok := strings.Cut(strings.TrimSpace(line), "=")
		if v, set := values[key]; ok && set && !strings.HasPrefix(key, "#") {
			line = key + "=" + v + "\n"
			seen[key] = true
		}
		out.WriteString(line)
	}
	for k, v := range values {
		if !seen[k] {
			out.WriteString(k + "=" + v + "\n")
		}
	}
	if err := os.WriteFile(dst, []byte(out.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
