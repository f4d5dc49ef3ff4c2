// Package golden compares test output with reviewed files in testdata, the
// way the MIME corpus is checked both in the parser and end to end.
package golden

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// Limit is the longest text a golden file holds whole; Abbrev records a
// longer one by its head, length and hash so the file stays reviewable.
const Limit = 20000

// headChars is how much of an abbreviated text a golden file shows.
const headChars = 1000

// Check compares got with the file at path, or writes got there when update
// is set (a `-update` flag of the calling test).
func Check(t testing.TB, path, got string, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update and review the diff)\n--- got ---\n%s", path, got)
	}
}

// Abbrev returns s whole when it is at most Limit bytes; else its first
// characters followed by its length in bytes and characters and its SHA-256,
// which still pin the whole text.
func Abbrev(s string) string {
	if len(s) <= Limit {
		return s
	}
	head := s
	if r := []rune(s); len(r) > headChars {
		head = string(r[:headChars])
	}
	return fmt.Sprintf("%s\n[... %d bytes, %d characters, sha256 %x]", head, len(s), utf8.RuneCountInString(s), sha256.Sum256([]byte(s)))
}

// Files lists the files matching pattern, failing the test when there are
// fewer than least: a corpus that lost its files must not pass by being empty.
func Files(t testing.TB, pattern string, least int) []string {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < least {
		t.Fatalf("%s matches %d files, want at least %d", pattern, len(files), least)
	}
	return files
}
