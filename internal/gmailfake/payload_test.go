package gmailfake

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/http"
	"testing"

	gmailapi "google.golang.org/api/gmail/v1"
	"google.golang.org/api/googleapi"
)

func TestPayloadTreeShapes(t *testing.T) {
	t.Parallel()
	e := demoEnv(t)
	type want struct {
		partID, mimeType, filename string
		attachment                 bool
	}
	for _, tc := range []struct {
		q     string
		parts []want // depth-first, root first
	}{
		{"from:helena.fischer", []want{
			{"", "multipart/mixed", "", false}, {"0", "text/plain", "", false},
			{"1", "application/pdf", "Q2-report.pdf", true}, {"2", "image/png", "revenue-chart.png", true}}},
		{"subject:offsite", []want{
			{"", "multipart/related", "", false}, {"0", "multipart/alternative", "", false},
			{"0.0", "text/plain", "", false}, {"0.1", "text/html", "", false}, {"1", "image/png", "", true}}},
		{"subject:(Fwd contract)", []want{
			{"", "multipart/mixed", "", false}, {"0", "text/plain", "", false},
			{"1", "message/rfc822", "Contract renewal terms.eml", true}, {"1.0", "text/plain", "", false}}},
		{"from:ines.kovac", []want{
			{"", "multipart/mixed", "", false}, {"0", "text/plain", "", false}, {"1", "text/csv", "Ångström-data.csv", true}}},
		{"subject:invitation", []want{
			{"", "multipart/alternative", "", false}, {"0", "text/plain", "", false},
			{"1", "text/html", "", false}, {"2", "text/calendar", "", false}}},
	} {
		m := findOne(t, e, tc.q)
		var got []want
		var walk func(p *gmailapi.MessagePart)
		walk = func(p *gmailapi.MessagePart) {
			got = append(got, want{p.PartId, p.MimeType, p.Filename, p.Body.AttachmentId != ""})
			if p.Body.AttachmentId != "" && p.Body.Data != "" {
				t.Errorf("%s part %s has both attachmentId and data", tc.q, p.PartId)
			}
			for _, c := range p.Parts {
				walk(c)
			}
		}
		walk(m.Payload)
		if len(got) != len(tc.parts) {
			t.Errorf("%s: parts %+v, want %+v", tc.q, got, tc.parts)
			continue
		}
		for i := range got {
			if got[i] != tc.parts[i] {
				t.Errorf("%s: part %d = %+v, want %+v", tc.q, i, got[i], tc.parts[i])
			}
		}
	}
}

func TestAttachmentBytes(t *testing.T) {
	t.Parallel()
	e := demoEnv(t)
	m := findOne(t, e, "filename:pdf from:helena")
	for _, p := range m.Payload.Parts[1:] {
		a, err := e.gm.Users.Messages.Attachments.Get("me", m.Id, p.Body.AttachmentId).Do()
		if err != nil {
			t.Fatal(err)
		}
		data, err := base64.URLEncoding.DecodeString(a.Data)
		if err != nil {
			t.Fatal(err)
		}
		magic := map[string][]byte{"application/pdf": []byte("%PDF-"), "image/png": []byte("\x89PNG\r\n\x1a\n")}[p.MimeType]
		if !bytes.HasPrefix(data, magic) || int64(len(data)) != p.Body.Size || a.Size != p.Body.Size {
			t.Errorf("%s: %d bytes (size %d/%d), prefix %q", p.Filename, len(data), p.Body.Size, a.Size, data[:8])
		}
	}
	fwd := findOne(t, e, "subject:(Fwd contract)")
	a, err := e.gm.Users.Messages.Attachments.Get("me", fwd.Id, fwd.Payload.Parts[1].Body.AttachmentId).Do()
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := base64.URLEncoding.DecodeString(a.Data); !bytes.HasPrefix(data, []byte("From: \"Legal Team\"")) {
		t.Errorf("forwarded attachment = %.40q", data)
	}
}

func TestFormats(t *testing.T) {
	t.Parallel()
	e := demoEnv(t)
	full := findOne(t, e, "from:helena.fischer")
	meta, err := e.gm.Users.Messages.Get("me", full.Id).Format("metadata").MetadataHeaders("subject", "From", "X-Absent").Do()
	if err != nil {
		t.Fatal(err)
	}
	if len(meta.Payload.Headers) != 2 || meta.Payload.Headers[0].Name != "From" || meta.Payload.Headers[1].Name != "Subject" ||
		len(meta.Payload.Parts) != 0 || meta.Payload.MimeType != "multipart/mixed" || meta.Snippet == "" {
		t.Errorf("metadata = %+v", meta.Payload)
	}
	minimal, err := e.gm.Users.Messages.Get("me", full.Id).Format("minimal").Do()
	if err != nil || minimal.Payload != nil || len(minimal.LabelIds) == 0 || minimal.InternalDate != full.InternalDate {
		t.Errorf("minimal = %+v, %v", minimal, err)
	}
	raw, err := e.gm.Users.Messages.Get("me", full.Id).Format("raw").Do()
	if err != nil {
		t.Fatal(err)
	}
	got, err := base64.URLEncoding.DecodeString(raw.Raw)
	stored, _ := e.acct.Raw(full.Id)
	if err != nil || !bytes.Equal(got, stored) || raw.SizeEstimate != int64(len(stored)) {
		t.Errorf("raw round trip: %v, equal=%v", err, bytes.Equal(got, stored))
	}
}

func TestMessageErrors(t *testing.T) {
	t.Parallel()
	e := demoEnv(t)
	for _, tc := range []struct {
		id     string
		status int
		reason string
	}{
		{"0123456789abcdef", http.StatusNotFound, "notFound"},
		{"not-an-id!", http.StatusBadRequest, "invalidArgument"},
	} {
		_, err := e.gm.Users.Messages.Get("me", tc.id).Do()
		var ge *googleapi.Error
		if !errors.As(err, &ge) || ge.Code != tc.status || len(ge.Errors) != 1 || ge.Errors[0].Reason != tc.reason {
			t.Errorf("get %q: %v, want %d %s", tc.id, err, tc.status, tc.reason)
		}
	}
	_, err := e.gm.Users.GetProfile("someone.else@example.com").Do()
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != http.StatusForbidden {
		t.Errorf("other userId: %v, want 403", err)
	}
}
