package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAbbrev(t *testing.T) {
	short := strings.Repeat("é", Limit/2) // exactly Limit bytes: kept whole
	if got := Abbrev(short); got != short {
		t.Errorf("a text of %d bytes was abbreviated", len(short))
	}
	long := strings.Repeat("日", Limit) // 3 bytes a character
	got := Abbrev(long)
	head, tail, ok := strings.Cut(got, "\n[... ")
	if !ok || head != strings.Repeat("日", headChars) {
		t.Fatalf("head of the abbreviation is not the first %d characters: %.60q", headChars, got)
	}
	const want = "60000 bytes, 20000 characters, sha256 "
	if !strings.HasPrefix(tail, want) || !strings.HasSuffix(tail, "]") || len(tail) != len(want)+64+1 {
		t.Errorf("abbreviation tail = %q, want %q + 64 hex digits + ]", tail, want)
	}
}

func TestCheckUpdateThenCompare(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.txt")
	Check(t, path, "hello\n", true)
	if b, err := os.ReadFile(path); err != nil || string(b) != "hello\n" {
		t.Fatalf("update wrote %q, %v", b, err)
	}
	Check(t, path, "hello\n", false) // equal: passes
	if got := Files(t, filepath.Join(filepath.Dir(path), "*.txt"), 1); len(got) != 1 || got[0] != path {
		t.Errorf("Files = %q", got)
	}
}
