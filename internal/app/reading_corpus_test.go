package app_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gmail-mcp/gmail-mcp/internal/golden"
)

var updateReading = flag.Bool("update", false, "rewrite testdata/reading-golden from the current read_email output")

// corpusDir is the MIME corpus the parse package is tested on: the same
// files, here stored in the fake Gmail and read through MCP.
const corpusDir = "../mail/parse/testdata/corpus"

// insertCorpus stores the corpus file name, exactly as it is, in the inbox
// and returns its id and bytes.
func (e *env) insertCorpus(t *testing.T, name string) (string, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.acct.Insert(raw, "INBOX")
	if err != nil {
		t.Fatalf("insert %s: %v", name, err)
	}
	return id, raw
}

// TestReadingCorpus stores every corpus message in the fake, reads it with
// read_email over streamable HTTP (the Gmail JSON payload path, not the
// parser's own test loader) and compares what a person gets with a golden
// file. Each read is one cold messages.get (format=full).
func TestReadingCorpus(t *testing.T) {
	t.Parallel()
	files := golden.Files(t, filepath.Join(corpusDir, "*.eml"), 25)
	e := newEnv(t)
	cs := e.connect(t, nil)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".eml")
		t.Run(name, func(t *testing.T) {
			id, _ := e.insertCorpus(t, filepath.Base(file))
			e.fake.ResetStats()
			r := callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id, "max_chars": 200000})
			if got := readingCalls(e); got != "GET messages/"+id+"?format=full" {
				t.Errorf("a cold read made these Gmail calls: %s; want one format=full get", got)
			}
			body := r.Body
			for r.Truncated { // only the 300 KB body is longer than 200,000 characters
				r = callOK[readResult](t, cs, "read_email", map[string]any{"message_id": id, "max_chars": 200000, "offset": r.NextOffset})
				body += r.Body
			}
			if !utf8.ValidString(body) {
				t.Errorf("body is not valid UTF-8")
			}
			golden.Check(t, filepath.Join("testdata", "reading-golden", name+".txt"), describeRead(r, body), *updateReading)
		})
	}
}

// describeRead renders a read as a person reviews it.
func describeRead(r readResult, body string) string {
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
	fmt.Fprintf(&b, "--- body ---\n%s\n", golden.Abbrev(body))
	return b.String()
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
