package oauth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzUpdateEnvFile: whatever the file held and whatever the value, the
// update changes only the target key's lines and cannot inject a line.
func FuzzUpdateEnvFile(f *testing.F) {
	f.Add("A=1\n# c\nGMAIL_REFRESH_TOKEN=x\n", "1//tok")
	f.Add("export GMAIL_REFRESH_TOKEN='a b'\r\nB=2", `q'"$x`)
	f.Add("", "plain")
	f.Add("GMAIL_REFRESH_TOKEN\n=\n  GMAIL_REFRESH_TOKEN = y", "v\\\\`")
	f.Fuzz(func(t *testing.T, before, value string) {
		path := filepath.Join(t.TempDir(), ".env")
		if err := os.WriteFile(path, []byte(before), 0o600); err != nil {
			t.Fatal(err)
		}
		err := UpdateEnvFile(path, map[string]string{"GMAIL_REFRESH_TOKEN": value})
		if strings.ContainsAny(value, "\r\n\x00") {
			if err == nil {
				t.Fatal("accepted a value with a line break")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		after, _ := os.ReadFile(path)
		eol := "\n"
		if strings.Contains(before, "\r\n") {
			eol = "\r\n"
		}
		// Mirror UpdateEnvFile: CRLF files are read by CRLF lines, others by
		// LF lines (a stray CR stays part of its line).
		split := func(s string) []string {
			if eol == "\r\n" {
				s = strings.ReplaceAll(s, "\r\n", "\n")
			}
			s = strings.TrimSuffix(s, "\n")
			if s == "" {
				return nil
			}
			return strings.Split(s, "\n")
		}
		old, got := split(before), split(string(after))
		if len(got) != len(old) && len(got) != len(old)+1 {
			t.Fatalf("%d lines became %d", len(old), len(got))
		}
		for i, line := range old {
			if m := envLine.FindStringSubmatch(line); m != nil && m[2] == "GMAIL_REFRESH_TOKEN" {
				if !strings.HasPrefix(got[i], m[1]+"GMAIL_REFRESH_TOKEN=") {
					t.Fatalf("line %d: %q", i, got[i])
				}
				continue
			}
			if got[i] != line {
				t.Fatalf("line %d changed: %q -> %q", i, line, got[i])
			}
		}
	})
}

// FuzzFileStoreLoad: any file content is an error or a token, never a panic.
func FuzzFileStoreLoad(f *testing.F) {
	f.Add([]byte(`{"refresh_token":"x"}`))
	f.Add([]byte(`{"v":1,"alg":"A256GCM","nonce":"AAAA","ciphertext":"AAAA"}`))
	f.Add([]byte(`{"v":1,"alg":"A256GCM","nonce":"","ciphertext":""}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "token.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, key := range [][]byte{nil, testKey(1)} {
			s, err := (&FileStore{Path: path, Key: key}).Load()
			if err == nil && s.RefreshToken == "" {
				t.Fatal("loaded a file without a refresh token")
			}
		}
	})
}
