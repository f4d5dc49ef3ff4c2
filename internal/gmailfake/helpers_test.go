package gmailfake

import (
	"context"
	"net/http/httptest"
	"testing"

	"golang.org/x/oauth2"
	gmailapi "google.golang.org/api/gmail/v1"
	"google.golang.org/api/option"
)

// env is one fake served over loopback HTTP with a real Gmail client on it.
type env struct {
	srv  *Server
	ts   *httptest.Server
	acct *Account
	gm   *gmailapi.Service
	rt   string // the client's refresh token
}

func oauthConfig(url string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: DemoClientID, ClientSecret: DemoClientSecret,
		Endpoint: oauth2.Endpoint{TokenURL: url + "/token", AuthURL: url + "/o/oauth2/auth"},
	}
}

func newEnv(t *testing.T, o Options) *env {
	t.Helper()
	s := New(o)
	a := s.AddAccount("me@example.com")
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	e := &env{srv: s, ts: ts, acct: a, rt: a.NewRefreshToken()}
	e.gm = e.client(t, e.rt)
	return e
}

// client is a Gmail service authorized by refresh token rt, the way the product wires it.
func (e *env) client(t *testing.T, rt string) *gmailapi.Service {
	t.Helper()
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, e.ts.Client())
	hc := oauthConfig(e.ts.URL).Client(ctx, &oauth2.Token{RefreshToken: rt})
	gm, err := gmailapi.NewService(context.Background(), option.WithEndpoint(e.ts.URL+"/"), option.WithHTTPClient(hc))
	if err != nil {
		t.Fatalf("gmail client: %v", err)
	}
	return gm
}

// insert stores a message or fails the test.
func (e *env) insert(t *testing.T, raw string, labels ...string) string {
	t.Helper()
	id, err := e.acct.Insert([]byte(raw), labels...)
	if err != nil {
		t.Fatalf("insert: %v", err)
	}
	return id
}
