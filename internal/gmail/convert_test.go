package gmail

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	gmailapi "google.golang.org/api/gmail/v1"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

func loadFixture(t *testing.T, name string) *gmailapi.Message {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var gm gmailapi.Message
	if err := json.Unmarshal(b, &gm); err != nil {
		t.Fatal(err)
	}
	return &gm
}

func TestToMessageConvertsPayloadTree(t *testing.T) {
	msg, err := toMessage(loadFixture(t, "full-multipart.json"))
	if err != nil {
		t.Fatal(err)
	}
	if msg.ID != "18c0a1" || msg.ThreadID != "18c0a0" || msg.HistoryID != 4242 || msg.SizeEstimate != 2048 {
		t.Errorf("metadata = %+v", msg)
	}
	if want := time.UnixMilli(1700000000123).UTC(); !msg.InternalDate.Equal(want) {
		t.Errorf("InternalDate = %v, want %v", msg.InternalDate, want)
	}
	if want := `Tom & Jerry say "hi" <3`; msg.Snippet != want {
		t.Errorf("Snippet = %q, want %q", msg.Snippet, want)
	}
	root := msg.Payload
	if root.MIMEType != "multipart/mixed" {
		t.Errorf("root MIMEType = %q, want lower case", root.MIMEType)
	}
	if got := root.Headers.Values("Received"); strings.Join(got, ",") != "first,second" {
		t.Errorf("Received headers = %q, want order kept", got)
	}
	if len(root.Parts) != 2 || len(root.Parts[0].Parts) != 2 {
		t.Fatalf("tree shape wrong: %+v", root)
	}
	tests := []struct {
		part           *mail.Part
		id, mime, body string
		attachmentID   string
		size           int
		filename       string
	}{
		{root.Parts[0].Parts[0], "0.0", "text/plain", "hello world", "", 11, ""},        // unpadded base64url
		{root.Parts[0].Parts[1], "0.1", "text/html", "<b>???</b>", "", 5, ""},           // padded, with - and _
		{root.Parts[1], "1", "application/pdf", "", "ANGjdJ-xyz", 123456, "report.pdf"}, // kept apart by Gmail
	}
	for _, tt := range tests {
		p := tt.part
		if p.PartID != tt.id || p.MIMEType != tt.mime || string(p.Body) != tt.body ||
			p.AttachmentID != tt.attachmentID || p.Size != tt.size || p.Filename != tt.filename {
			t.Errorf("part %s = %+v (body %q), want %+v", tt.id, p, p.Body, tt)
		}
	}
}

func TestDecodeBase64URL(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"", "", false},
		{"aGk", "hi", false},
		{"aGk=", "hi", false},
		{"-_8", "\xfb\xff", false},  // URL alphabet
		{"+/8=", "\xfb\xff", false}, // standard alphabet tolerated
		{"aGVs\r\nbG8", "hello", false},
		{"a", "", true},     // impossible length
		{"aGk!", "", true},  // not base64
		{"aGkh!", "", true}, // trailing garbage after a whole quantum
	}
	for _, tt := range tests {
		got, err := decodeBase64URL(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && string(got) != tt.want) {
			t.Errorf("decodeBase64URL(%q) = %q, %v; want %q, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestToMessageRejectsBadBodyData(t *testing.T) {
	gm := &gmailapi.Message{Id: "x", Payload: &gmailapi.MessagePart{Body: &gmailapi.MessagePartBody{Data: "%%%"}}}
	if _, err := toMessage(gm); err == nil {
		t.Fatal("toMessage accepted undecodable body data")
	}
}

func FuzzDecodeBase64URL(f *testing.F) {
	for _, s := range []string{"", "aGk", "aGk=", "-_8", "a", "aGVsbG8gd29ybGQ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := decodeBase64URL(s)
		if err != nil {
			return
		}
		back, err := decodeBase64URL(encodeBase64URL(got))
		if err != nil || string(back) != string(got) {
			t.Fatalf("round trip of %q: %q, %v", got, back, err)
		}
	})
}
