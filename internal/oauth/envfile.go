package oauth

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// envKey is a variable name as .env files (and docker compose) accept it.
var envKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// envLine matches an assignment, with an optional "export " prefix.
var envLine = regexp.MustCompile(`^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*=`)

// UpdateEnvFile sets each KEY=VALUE in the env file at path: an existing
// assignment is replaced where it stands, others are appended; every other
// line, comment and the order stay as they were. The file is created when
// absent and always written atomically with mode 0600 (it holds secrets).
func UpdateEnvFile(path string, values map[string]string) error {
	for k, v := range values {
		if !envKey.MatchString(k) {
			return fmt.Errorf("env file: %q is not a variable name", k)
		}
		if strings.ContainsAny(v, "\r\n\x00") {
			return fmt.Errorf("env file: the value for %s contains a line break", k)
		}
	}
	// Write through a symlink (a .env linked elsewhere stays linked).
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		path = resolved
	}
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("read env file: %w", err)
	}
	text := string(data)
	eol := "\n"
	if strings.Contains(text, "\r\n") {
		eol = "\r\n"
	}
	var lines []string
	if text != "" {
		lines = strings.Split(strings.TrimSuffix(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), "\n")
	}
	done := map[string]bool{}
	for i, line := range lines {
		m := envLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if v, ok := values[m[2]]; ok {
			lines[i] = m[1] + m[2] + "=" + quoteEnvValue(v)
			done[m[2]] = true
		}
	}
	var added []string
	for k := range values {
		if !done[k] {
			added = append(added, k)
		}
	}
	slices.Sort(added)
	for _, k := range added {
		lines = append(lines, k+"="+quoteEnvValue(values[k]))
	}
	return writeFileAtomic(path, []byte(strings.Join(lines, eol)+eol))
}

// quoteEnvValue leaves plain values (tokens, ids, URLs) bare and quotes the
// rest so docker compose and shells read them back unchanged: single quotes
// are literal in both; a value holding one gets double quotes with escapes.
func quoteEnvValue(v string) string {
	plain := v != ""
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./:@+,=~%", r)) {
			plain = false
			break
		}
	}
	switch {
	case plain:
		return v
	case !strings.Contains(v, "'"):
		return "'" + v + "'"
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")
	return `"` + r.Replace(v) + `"`
}
