package gmailfake

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
)

// batchPart is one call in a batch request: its Content-ID and request text.
type batchPart struct{ id, request string }

// postBatch sends a batch with the given bearer token and returns the HTTP
// status, and for a 200 the answers by Content-ID.
func postBatch(t *testing.T, e *env, token, contentType string, parts []batchPart) (int, map[string]*http.Response) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range parts {
		h := textproto.MIMEHeader{"Content-Type": {"application/http"}}
		if p.id != "" {
			h.Set("Content-ID", "<"+p.id+">")
		}
		w, _ := mw.CreatePart(h)
		io.WriteString(w, p.request)
	}
	mw.Close()
	if contentType == "" {
		contentType = mw.FormDataContentType()
		contentType = "multipart/mixed" + strings.TrimPrefix(contentType, "multipart/form-data")
	}
	req, _ := http.NewRequest("POST", e.ts.URL+"/batch/gmail/v1", &body)
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return resp.StatusCode, nil
	}
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" || !strings.HasPrefix(params["boundary"], "batch_") {
		t.Fatalf("answer Content-Type %q: want multipart/mixed; boundary=batch_…", resp.Header.Get("Content-Type"))
	}
	answers := map[string]*http.Response{}
	mr := multipart.NewReader(resp.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if ct := p.Header.Get("Content-Type"); ct != "application/http" {
			t.Errorf("part Content-Type = %q, want application/http", ct)
		}
		raw, _ := io.ReadAll(p)
		r, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
		if err != nil {
			t.Fatalf("part is not an HTTP response: %v\n%s", err, raw)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		answers[p.Header.Get("Content-ID")] = r
	}
	return 200, answers
}

// bearerFor refreshes e's refresh token for an access token.
func bearerFor(t *testing.T, e *env) string {
	t.Helper()
	resp, err := http.PostForm(e.ts.URL+"/token", map[string][]string{
		"grant_type": {"refresh_token"}, "refresh_token": {e.rt},
		"client_id": {DemoClientID}, "client_secret": {DemoClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.AccessToken == "" {
		t.Fatalf("token: %v %+v", err, out)
	}
	return out.AccessToken
}

func TestBatchAnswersEachCallByContentID(t *testing.T) {
	e := newEnv(t, Options{})
	a := e.insert(t, "From: a@example.com\r\nSubject: A\r\n\r\nfirst\r\n", "INBOX")
	b := e.insert(t, "From: b@example.com\r\nSubject: B\r\n\r\nsecond\r\n", "INBOX", "UNREAD")
	tok := bearerFor(t, e)
	e.srv.ResetStats()

	status, answers := postBatch(t, e, tok, "", []batchPart{
		{"item1", "GET /gmail/v1/users/me/messages/" + a + "?format=metadata&metadataHeaders=Subject HTTP/1.1\r\n\r\n"},
		{"item2", "GET /gmail/v1/users/me/messages/" + b + "?format=minimal\r\n\r\n"}, // no version: Google accepts it
		{"item3", "GET /gmail/v1/users/me/messages/ffff0000\r\n\r\n"},
		{"item4", "GET /gmail/v1/users/me/labels/INBOX HTTP/1.1\r\n\r\n"},
		{"item5", "GET /drive/v3/files HTTP/1.1\r\n\r\n"},
	})
	if status != 200 {
		t.Fatalf("status %d, want 200", status)
	}
	tests := []struct {
		id     string
		status int
		want   string // a substring of the body
	}{
		{"<response-item1>", 200, `"headers":[{"name":"Subject","value":"A"}]`}, // only the header asked for
		{"<response-item2>", 200, `"UNREAD"`},
		{"<response-item3>", 404, `"NOT_FOUND"`},
		{"<response-item4>", 200, `"messagesTotal":2`},
		{"<response-item5>", 404, `"NOT_FOUND"`},
	}
	for _, tt := range tests {
		r := answers[tt.id]
		if r == nil {
			t.Errorf("no answer %s among %d", tt.id, len(answers))
			continue
		}
		body, _ := io.ReadAll(r.Body)
		if r.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: %d %s, want %d with %s", tt.id, r.StatusCode, body, tt.status, tt.want)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: inner Content-Type %q", tt.id, ct)
		}
	}
	if st := e.srv.Stats(); len(st.Requests) != 1 || st.Requests[0].Path != "/batch/gmail/v1" || st.Requests[0].Status != 200 {
		t.Errorf("stats = %+v, want the batch as one request", st.Requests)
	}
}

func TestBatchRefusals(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.insert(t, "Subject: A\r\n\r\nx\r\n", "INBOX")
	tok := bearerFor(t, e)
	get := batchPart{"x", "GET /gmail/v1/users/me/messages/" + id + " HTTP/1.1\r\n\r\n"}
	many := make([]batchPart, maxBatchParts+1)
	for i := range many {
		many[i] = batchPart{fmt.Sprint(i), get.request}
	}
	tests := []struct {
		name        string
		token       string
		contentType string
		parts       []batchPart
		status      int // of the batch
		inner       int // of the one call, when the batch is 200
	}{
		{"no credentials: each call is refused", "", "", []batchPart{get}, 200, 401},
		{"bad credentials", "not-a-token", "", []batchPart{get}, 200, 401},
		{"not multipart", tok, "application/json", []batchPart{get}, 400, 0},
		{"too many calls", tok, "", many, 400, 0},
		{"part is not HTTP", tok, "", []batchPart{{"x", "hello\r\n\r\n"}}, 400, 0},
		{"exactly the limit is fine", tok, "", many[:maxBatchParts], 200, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, answers := postBatch(t, e, tt.token, tt.contentType, tt.parts)
			if status != tt.status {
				t.Fatalf("status %d, want %d", status, tt.status)
			}
			if status != 200 {
				return
			}
			if len(answers) != len(tt.parts) {
				t.Fatalf("%d answers for %d calls", len(answers), len(tt.parts))
			}
			for cid, r := range answers {
				if r.StatusCode != tt.inner {
					t.Errorf("%s: %d, want %d", cid, r.StatusCode, tt.inner)
				}
			}
		})
	}
}

func TestBatchFaultsHitInnerCalls(t *testing.T) {
	e := newEnv(t, Options{})
	a := e.insert(t, "Subject: A\r\n\r\nx\r\n", "INBOX")
	b := e.insert(t, "Subject: B\r\n\r\ny\r\n", "INBOX")
	tok := bearerFor(t, e)
	tests := []struct {
		fault Fault
		want  int
	}{
		{Fault{Method: "GET", PathSuffix: "/messages/" + a, Status: 503}, 503},
		{Fault{Method: "GET", PathSuffix: "/messages/" + a, Status: 429, RetryAfter: "2"}, 429},
		{Fault{Method: "GET", PathSuffix: "/messages/" + a, ResetConnection: true}, 500},
	}
	for _, tt := range tests {
		e.srv.InjectFault(tt.fault)
		status, answers := postBatch(t, e, tok, "", []batchPart{
			{"a", "GET /gmail/v1/users/me/messages/" + a + " HTTP/1.1\r\n\r\n"},
			{"b", "GET /gmail/v1/users/me/messages/" + b + " HTTP/1.1\r\n\r\n"},
		})
		if status != 200 {
			t.Fatalf("%+v: batch status %d", tt.fault, status)
		}
		if got := answers["<response-a>"]; got == nil || got.StatusCode != tt.want {
			t.Errorf("%+v: faulted call answered %v, want %d", tt.fault, got, tt.want)
		} else if tt.fault.RetryAfter != "" && got.Header.Get("Retry-After") != tt.fault.RetryAfter {
			t.Errorf("Retry-After %q lost", tt.fault.RetryAfter)
		}
		if got := answers["<response-b>"]; got == nil || got.StatusCode != 200 {
			t.Errorf("%+v: the other call answered %v, want 200", tt.fault, got)
		}
	}
}
