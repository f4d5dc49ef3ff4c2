package oauth

import (
	"os"
	"path/filepath"
	"testing"
)

func TestUpdateEnvFile(t *testing.T) {
	for _, tc := range []struct {
		name, before string
		values       map[string]string
		after        string
	}{
		{
			name:   "absent file is created",
			before: "\x00absent",
			values: map[string]string{"GMAIL_REFRESH_TOKEN": "1//abc", "GMAIL_CLIENT_ID": "id.apps.googleusercontent.com"},
			after:  "GMAIL_CLIENT_ID=id.apps.googleusercontent.com\nGMAIL_REFRESH_TOKEN=1//abc\n",
		},
		{
			name:   "replaces in place, keeps comments, order and other lines",
			before: "# my settings\nMCP_AUTH_TOKEN=keepme\n\nexport GMAIL_REFRESH_TOKEN=old # stale\nPORT=8000\n# end",
			values: map[string]string{"GMAIL_REFRESH_TOKEN": "1//new"},
			after:  "# my settings\nMCP_AUTH_TOKEN=keepme\n\nexport GMAIL_REFRESH_TOKEN=1//new\nPORT=8000\n# end\n",
		},
		{
			name:   "appends missing keys, replaces duplicates, ignores commented ones",
			before: "#GMAIL_CLIENT_SECRET=commented\nGMAIL_CLIENT_SECRET=a\nGMAIL_CLIENT_SECRET = b\n",
			values: map[string]string{"GMAIL_CLIENT_SECRET": "s3cret", "GMAIL_REFRESH_TOKEN": "t"},
			after:  "#GMAIL_CLIENT_SECRET=commented\nGMAIL_CLIENT_SECRET=s3cret\nGMAIL_CLIENT_SECRET=s3cret\nGMAIL_REFRESH_TOKEN=t\n",
		},
		{
			name:   "quotes values that need it",
			before: "A=1\r\n",
			values: map[string]string{"B": "has space #x", "C": `it's "$HOME"`},
			after:  "A=1\r\nB='has space #x'\r\nC=\"it's \\\"\\$HOME\\\"\"\r\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), ".env")
			if tc.before != "\x00absent" {
				if err := os.WriteFile(path, []byte(tc.before), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := UpdateEnvFile(path, tc.values); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tc.after {
				t.Fatalf("got:\n%q\nwant:\n%q", got, tc.after)
			}
			assertMode(t, path, 0o600)
			if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
				t.Fatalf("temp files left: %v", entries)
			}
		})
	}
}

func TestUpdateEnvFileRefusesBadInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	for _, values := range []map[string]string{
		{"BAD KEY": "x"},
		{"GMAIL_REFRESH_TOKEN": "a\nINJECTED=1"},
	} {
		if err := UpdateEnvFile(path, values); err == nil {
			t.Fatalf("accepted %q", values)
		}
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("file written despite refused input")
	}
}
