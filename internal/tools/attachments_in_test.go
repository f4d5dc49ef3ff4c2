package tools

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
	"github.com/gmail-mcp/gmail-mcp/internal/mail/compose"
)

func TestDecodeAttachments(t *testing.T) {
	bin := []byte{0, 1, 2, 0xfe, 0xff, '\r', '\n'}
	enc := base64.StdEncoding.EncodeToString(bin)
	wrapped := enc[:4] + "\r\n" + enc[4:]
	cases := []struct {
		name    string
		in      []attachmentInput
		want    [][]byte
		problem string // "" for success; else a phrase the error must hold
	}{
		{"none", nil, nil, ""},
		{"binary", []attachmentInput{{Filename: "a.bin", ContentBase64: enc}}, [][]byte{bin}, ""},
		{"line-wrapped", []attachmentInput{{Filename: "a.bin", ContentBase64: wrapped}}, [][]byte{bin}, ""},
		{"empty file", []attachmentInput{{Filename: "empty.txt"}}, [][]byte{{}}, ""},
		{"not base64", []attachmentInput{{Filename: "a.txt", ContentBase64: "hello world!"}}, nil, "not valid base64"},
		{"missing padding", []attachmentInput{{Filename: "a.txt", ContentBase64: "aGk"}}, nil, "not valid base64"},
		{"non-zero trailing bits", []attachmentInput{{Filename: "a.txt", ContentBase64: "aGl="}}, nil, "not valid base64"},
		{"url-safe", []attachmentInput{{Filename: "a.txt", ContentBase64: "_-__"}}, nil, "URL-safe"},
		{"names every bad one", []attachmentInput{{Filename: "one.txt", ContentBase64: "!"}, {Filename: "two.txt", ContentBase64: "aGk="}, {Filename: "three.txt", ContentBase64: "?"}}, nil, `"three.txt"`},
		{"one too big", []attachmentInput{{Filename: "big.iso", ContentBase64: strings.Repeat("A", compose.MaxMessageBytes/3*4+8)}}, nil, "over the 25 MB"},
		{"together too big", []attachmentInput{
			{Filename: "a.iso", ContentBase64: strings.Repeat("A", compose.MaxMessageBytes/5*4)},
			{Filename: "b.iso", ContentBase64: strings.Repeat("A", compose.MaxMessageBytes/5*4)},
		}, nil, "together"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := decodeAttachments(c.in)
			if c.problem != "" {
				if err == nil || mail.KindOf(err) != mail.KindInvalid || !strings.Contains(err.Error(), c.problem) {
					t.Fatalf("err = %v, want KindInvalid containing %q", err, c.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d attachments, want %d", len(got), len(c.want))
			}
			for i := range got {
				if !bytes.Equal(got[i].Content, c.want[i]) || got[i].Filename != c.in[i].Filename {
					t.Errorf("attachment %d = %q %v", i, got[i].Filename, got[i].Content)
				}
			}
		})
	}
}
