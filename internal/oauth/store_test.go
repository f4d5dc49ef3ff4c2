package oauth

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const secretRefresh = "1//refresh-SECRET-token-value"

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func TestFileStoreRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  []byte
	}{{"plain", nil}, {"encrypted", testKey(7)}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data", "nested")
			fs := &FileStore{Path: filepath.Join(dir, "token.json"), Key: tc.key}
			want := Stored{RefreshToken: secretRefresh, Account: "me@example.com", Scopes: Scopes(false), SavedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
			if err := fs.Save(want); err != nil {
				t.Fatal(err)
			}
			got, err := fs.Load()
			if err != nil {
				t.Fatal(err)
			}
			if got.RefreshToken != want.RefreshToken || got.Account != want.Account || !got.SavedAt.Equal(want.SavedAt) || strings.Join(got.Scopes, " ") != strings.Join(want.Scopes, " ") {
				t.Fatalf("round trip: got %+v, want %+v", got, want)
			}
			if got.Encrypted != (tc.key != nil) {
				t.Fatalf("Encrypted = %v", got.Encrypted)
			}
			assertMode(t, fs.Path, 0o600)
			assertMode(t, dir, 0o700|os.ModeDir)
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Fatalf("temp files left behind: %v", entries)
			}
			raw, _ := os.ReadFile(fs.Path)
			if enc := tc.key != nil; enc == bytes.Contains(raw, []byte(secretRefresh)) {
				t.Fatalf("encrypted=%v but token in file = %v:\n%s", enc, !enc, raw)
			}
		})
	}
}

func TestFileStoreAtomicReplace(t *testing.T) {
	dir := t.TempDir()
	fs := &FileStore{Path: filepath.Join(dir, "token.json")}
	// A pre-existing file with loose permissions ends up 0600.
	if err := os.WriteFile(fs.Path, []byte(`{"refresh_token":"old"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := fs.Save(Stored{RefreshToken: strings.Repeat("x", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := fs.Load()
	if err != nil || got.RefreshToken != "xxxxx" {
		t.Fatalf("got %+v, %v", got, err)
	}
	assertMode(t, fs.Path, 0o600)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
	// A failed write (directory not writable) leaves the old file intact.
	if os.Getuid() != 0 {
		_ = os.Chmod(dir, 0o500)
		defer os.Chmod(dir, 0o700)
		if err := fs.Save(Stored{RefreshToken: "new"}); err == nil {
			t.Fatal("save into read-only dir succeeded")
		}
		if got, _ := fs.Load(); got.RefreshToken != "xxxxx" {
			t.Fatalf("old file damaged: %+v", got)
		}
	}
}

func TestFileStoreErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "token.json")
	if _, err := (&FileStore{Path: path}).Load(); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("absent file: %v, want ErrNotExist", err)
	}
	if err := (&FileStore{Path: path, Key: testKey(1)}).Save(Stored{RefreshToken: secretRefresh}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  []byte
		want string
	}{
		{"no key", nil, "is encrypted: set GMAIL_TOKEN_KEY"},
		{"wrong key", testKey(2), "GMAIL_TOKEN_KEY does not decrypt " + path + ": "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := (&FileStore{Path: path, Key: tc.key}).Load()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), hex.EncodeToString(testKey(2))) || strings.Contains(err.Error(), secretRefresh) {
				t.Fatalf("error leaks a secret: %v", err)
			}
		})
	}
	if err := os.WriteFile(path, []byte("not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := (&FileStore{Path: path}).Load(); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Fatalf("garbage: %v", err)
	}
}

func TestParseKey(t *testing.T) {
	raw := testKey(0xfb) // 0xfb gives '+' and '/' in base64, '-' and '_' in base64url
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"hex", hex.EncodeToString(raw), true},
		{"hex with newline", hex.EncodeToString(raw) + "\n", true},
		{"base64", base64.StdEncoding.EncodeToString(raw), true},
		{"base64 raw", base64.RawStdEncoding.EncodeToString(raw), true},
		{"base64url", base64.URLEncoding.EncodeToString(raw), true},
		{"base64url raw", base64.RawURLEncoding.EncodeToString(raw), true},
		{"empty", "", false},
		{"short hex", "abcd", false},
		{"16 bytes base64", "q6urq6urq6urq6urq6urqw==", false},
		{"junk", "this is not a key!!", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseKey(tc.in)
			if tc.ok {
				if err != nil || !bytes.Equal(got, raw) {
					t.Fatalf("ParseKey = %x, %v", got, err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), "openssl rand -hex 32") || (tc.in != "" && strings.Contains(err.Error(), tc.in)) {
				t.Fatalf("error %q should explain the format and not echo the input", err)
			}
		})
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode() & (os.ModePerm | os.ModeDir); got != want {
		t.Fatalf("%s mode = %v, want %v", path, got, want)
	}
}
