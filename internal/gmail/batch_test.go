package gmail

import (
	"context"
	"io"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// What a list of 20 costs in requests when the batch, or calls in it, fail.
func TestListBatchFailures(t *testing.T) {
	tests := []struct {
		name    string
		fault   func(ids []string) gmailfake.Fault
		want    map[string]int
		wantErr mail.Kind // 0: the list succeeds with all 20
	}{
		{
			name: "batch 503: every call alone",
			fault: func([]string) gmailfake.Fault {
				return gmailfake.Fault{Method: "POST", PathSuffix: "/batch/gmail/v1", Status: 503}
			},
			want: map[string]int{"GET messages": 1, "POST batch": 1, "GET messages/{id}": 20},
		},
		{
			name: "no batch endpoint (404): every call alone",
			fault: func([]string) gmailfake.Fault {
				return gmailfake.Fault{Method: "POST", PathSuffix: "/batch/gmail/v1", Status: 404}
			},
			want: map[string]int{"GET messages": 1, "POST batch": 1, "GET messages/{id}": 20},
		},
		{
			name: "batch 400: no single calls, the error",
			fault: func([]string) gmailfake.Fault {
				return gmailfake.Fault{Method: "POST", PathSuffix: "/batch/gmail/v1", Status: 400}
			},
			want:    map[string]int{"GET messages": 1, "POST batch": 1},
			wantErr: mail.KindInvalid,
		},
		{
			name: "one call 429: that call alone",
			fault: func(ids []string) gmailfake.Fault {
				return gmailfake.Fault{Method: "GET", PathSuffix: "/messages/" + ids[7], Status: 429}
			},
			want: map[string]int{"GET messages": 1, "POST batch": 1, "GET messages/{id}": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, gmailfake.Options{}, Options{})
			for i := range 20 {
				e.insert(t, i, mail.LabelInbox)
			}
			e.warm(t)
			listed, err := e.mb.svc.Users.Messages.List(me).MaxResults(20).Do()
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, m := range listed.Messages {
				ids = append(ids, m.Id)
			}
			e.fake.ResetStats()
			e.fake.InjectFault(tt.fault(ids))

			page, err := e.mb.List(context.Background(), mail.ListQuery{Limit: 20})
			if got := e.countCalls(); !maps.Equal(got, tt.want) {
				t.Errorf("calls = %v, want %v", got, tt.want)
			}
			if tt.wantErr != 0 {
				if mail.KindOf(err) != tt.wantErr {
					t.Errorf("err = %v (kind %v), want kind %v", err, mail.KindOf(err), tt.wantErr)
				}
				return
			}
			if err != nil || len(page.Messages) != 20 {
				t.Fatalf("%d messages, %v; want 20", len(page.Messages), err)
			}
			for i, s := range page.Messages {
				if s.ID != ids[i] || s.Subject == "" {
					t.Errorf("message %d = %s %q, want %s in list order with its subject", i, s.ID, s.Subject, ids[i])
				}
			}
		})
	}
}

// A page larger than a batch takes one batch per 50 calls.
func TestListBatchesBy50(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{})
	for i := range 120 {
		e.insert(t, i, mail.LabelInbox)
	}
	e.warm(t)
	page, err := e.mb.List(context.Background(), mail.ListQuery{Limit: 120})
	if err != nil || len(page.Messages) != 120 {
		t.Fatalf("%d messages, %v", len(page.Messages), err)
	}
	var sizes []int
	for _, b := range e.batchLines() {
		sizes = append(sizes, len(b))
	}
	if got := e.countCalls(); len(sizes) != 3 || sizes[0]+sizes[1]+sizes[2] != 120 || max(sizes[0], sizes[1], sizes[2]) != 50 || got["POST batch"] != 3 || len(got) != 2 {
		t.Errorf("calls %v, batch sizes %v: want 1 list + batches of 50, 50, 20", got, sizes)
	}
	seen := map[string]bool{}
	for _, s := range page.Messages {
		seen[s.ID] = true
	}
	if len(seen) != 120 {
		t.Errorf("%d distinct messages, want 120", len(seen))
	}
}

// Answers are paired with calls by Content-ID, whatever their order; a
// missing answer has status 0, a foreign one is ignored.
func TestReadBatchAnswer(t *testing.T) {
	body := "--b\r\nContent-Type: application/http\r\nContent-ID: <response-item2>\r\n\r\n" +
		"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{\"error\":{}}\r\n" +
		"--b\r\nContent-Type: application/http\r\nContent-ID: <response-other7>\r\n\r\n" +
		"HTTP/1.1 200 OK\r\n\r\n{\"id\":\"x\"}\r\n" +
		"--b\r\nContent-Type: application/http\r\nContent-ID: <response-item0>\r\n\r\n" +
		"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: 10\r\n\r\n{\"id\":\"a\"}\r\n" +
		"--b--\r\n"
	resp := &http.Response{Header: http.Header{"Content-Type": {`multipart/mixed; boundary="b"`}}, Body: io.NopCloser(strings.NewReader(body))}
	got, err := readBatchAnswer(resp, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []batchAnswer{{200, []byte(`{"id":"a"}`)}, {0, nil}, {404, []byte(`{"error":{}}`)}}
	for i := range want {
		if got[i].status != want[i].status || strings.TrimSpace(string(got[i].body)) != string(want[i].body) {
			t.Errorf("answer %d = %d %q, want %d %q", i, got[i].status, got[i].body, want[i].status, want[i].body)
		}
	}

	resp = &http.Response{Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader("{}"))}
	if _, err := readBatchAnswer(resp, 1); err == nil {
		t.Error("a JSON answer to a batch: no error")
	}
}

func TestBatchingOff(t *testing.T) {
	e := newEnv(t, gmailfake.Options{}, Options{BatchSize: -1})
	for i := range 3 {
		e.insert(t, i, mail.LabelInbox)
	}
	e.warm(t)
	if _, err := e.mb.List(context.Background(), mail.ListQuery{}); err != nil {
		t.Fatal(err)
	}
	if got := e.countCalls(); got["POST batch"] != 0 || got["GET messages/{id}"] != 3 {
		t.Errorf("calls = %v, want no batch with BatchSize -1", got)
	}
}
