package app_test

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var updateReading = flag.Bool("update", false, "rewrite testdata/reading-golden from the current read_email output")

// corpusDir is the MIME corpus the parse package is tested on: the same
// files, here stored in the fake Gmail and read through MCP.
const corpusDir = "../mail/parse/testdata/corpus"

// goldenBodyLimit keeps golden files reviewable: a longer body is recorded by
// its head, its length and its hash.
const goldenBodyLimit = 20000

// TestReadingCorpus stores every corpus message in the fake, reads it with
// read_email over streamable HTTP (the Gmail JSON payload path, not the
// parser's own test loader) and compares what a person gets with a golden
// file. Each read is one cold messages.get (format=full).
func TestReadingCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 25 {
		t.Fatalf("corpus has %d messages, want at least 25", len(files))
	}
	e := newEnv(t)
	cs := e.connect(t, nil)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".eml")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			id, err := e.acct.Insert(raw, "INBOX")
			if err != nil {
				t.Fatal(err)
			}
			e.fake.ResetStats()
			r := callOK[fullRead](t, cs, "read_email", map[string]any{"message_id": id, "max_chars": 200000})
			if got := readingCalls(e); got != "GET messages/"+id+"?format=full" {
				t.Errorf("a cold read made these Gmail calls: %s; want one format=full get", got)
			}
			body := r.Body
			for r.Truncated { // only the 300 KB body is longer than 200,000 characters
				r = callOK[fullRead](t, cs, "read_email", map[string]any{"message_id": id, "max_chars": 200000, "offset": r.NextOffset})
				body += r.Body
			}
			if !utf8.ValidString(body) {
				t.Errorf("body is not valid UTF-8")
			}
			got := describeRead(r, body)
			golden := filepath.Join("testdata", "reading-golden", name+".txt")
			if *updateReading {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/app -run TestReadingCorpus -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("read_email output differs from %s (run with -update and review the diff)\n--- got ---\n%s", golden, got)
			}
		})
	}
}

// describeRead renders a read as a person reviews it.
func describeRead(r fullRead, body string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Subject: %s\nFrom: %s\nTo: %s\n", r.Subject, r.From, strings.Join(r.To, ", "))
	if len(r.Cc) > 0 {
		fmt.Fprintf(&b, "Cc: %s\n", strings.Join(r.Cc, ", "))
	}
	fmt.Fprintf(&b, "Date: %s\nLabels: %s\n", r.Date, strings.Join(r.LabelNames, ", "))
	for _, a := range r.Attachments {
		kind := "attached"
		if a.Inline {
			kind = "inline"
		}
		fmt.Fprintf(&b, "Attachment: %q %s %d bytes, %s\n", a.Filename, a.MIMEType, a.Size, kind)
	}
	fmt.Fprintf(&b, "Characters: %d\n", r.TotalChars)
	if len(body) > goldenBodyLimit {
		head := string([]rune(body)[:1000])
		body = fmt.Sprintf("%s\n[... %d bytes, %d characters, sha256 %x]", head, len(body), utf8.RuneCountInString(body), sha256.Sum256([]byte(body)))
	}
	fmt.Fprintf(&b, "--- body ---\n%s\n", body)
	return b.String()
}

// fullRead is read_email's whole structured output as a client decodes it.
type fullRead struct {
	ID          string   `json:"id"`
	ThreadID    string   `json:"thread_id"`
	From        string   `json:"from"`
	To          []string `json:"to"`
	Cc          []string `json:"cc"`
	Subject     string   `json:"subject"`
	Date        string   `json:"date"`
	Labels      []string `json:"labels"`
	LabelNames  []string `json:"label_names"`
	Format      string   `json:"format"`
	Encoding    string   `json:"encoding"`
	Note        string   `json:"note"`
	Body        string   `json:"body"`
	Truncated   bool     `json:"truncated"`
	NextOffset  int      `json:"next_offset"`
	TotalChars  int      `json:"total_chars"`
	Attachments []struct {
		AttachmentID string `json:"attachment_id"`
		Filename     string `json:"filename"`
		MIMEType     string `json:"mime_type"`
		Size         int    `json:"size"`
		Inline       bool   `json:"inline"`
	} `json:"attachments"`
}

// readingCalls lists the Gmail API requests since the last ResetStats, short.
func readingCalls(e *env) string {
	var calls []string
	for _, r := range e.fake.Stats().Requests {
		if r.Path == "/token" {
			continue
		}
		path := r.Path[strings.LastIndex(r.Path, "/users/me/")+len("/users/me/"):]
		if f := r.Query.Get("format"); f != "" {
			path += "?format=" + f
		}
		calls = append(calls, r.Method+" "+path)
	}
	return strings.Join(calls, ", ")
}
