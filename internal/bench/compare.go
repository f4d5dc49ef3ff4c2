package bench

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"time"

	"golang.org/x/oauth2"

	"github.com/gmail-mcp/gmail-mcp/internal/gmail"
	"github.com/gmail-mcp/gmail-mcp/internal/gmail/policy"
	"github.com/gmail-mcp/gmail-mcp/internal/gmailfake"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// CompareRow is one list size fetched with the batch endpoint and with
// bounded concurrent gets, through the production policy transport.
type CompareRow struct {
	Limit                     int
	Batch, FanOut             time.Duration // medians
	BatchRequests, FanOutReqs float64       // Gmail requests per list
}

// CompareBatch lists limit messages n times each way (Mailbox.List, no MCP)
// against a fake with latency, MaxInFlight 10 as GMAIL_MAX_IN_FLIGHT's default.
func CompareBatch(ctx context.Context, latency time.Duration, limits []int, n int) ([]CompareRow, error) {
	const maxInFlight = 10
	fake := gmailfake.New(gmailfake.Options{Latency: latency})
	acct := fake.AddAccount(gmailfake.DemoEmail)
	if _, err := Seed(acct, 60); err != nil {
		return nil, err
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	tokens := (&oauth2.Config{
		ClientID: gmailfake.DemoClientID, ClientSecret: gmailfake.DemoClientSecret,
		Endpoint: oauth2.Endpoint{TokenURL: srv.URL + "/token"},
	}).TokenSource(ctx, &oauth2.Token{RefreshToken: acct.NewRefreshToken()})
	base := policy.NewBaseTransport(maxInFlight)
	defer base.CloseIdleConnections()
	hc := &http.Client{Transport: policy.New(policy.Options{
		Base: &oauth2.Transport{Source: tokens, Base: base}, MaxInFlight: maxInFlight,
		Logger: slog.New(slog.DiscardHandler),
	})}
	list := func(mb *gmail.Mailbox, limit int) (time.Duration, float64, error) {
		if _, err := mb.List(ctx, mail.ListQuery{LabelIDs: []string{mail.LabelInbox}, Limit: limit}); err != nil {
			return 0, 0, err // warm: token and connections
		}
		fake.ResetStats()
		d := make(Durations, 0, n)
		for range n {
			if err := sleep(ctx, QuotaPause(5+5*limit)); err != nil {
				return 0, 0, err
			}
			start := time.Now()
			page, err := mb.List(ctx, mail.ListQuery{LabelIDs: []string{mail.LabelInbox}, Limit: limit})
			if err != nil {
				return 0, 0, err
			}
			if len(page.Messages) != limit {
				return 0, 0, fmt.Errorf("listed %d, want %d", len(page.Messages), limit)
			}
			d = append(d, time.Since(start))
		}
		return d.Percentile(50), float64(len(fake.Stats().Requests)) / float64(n), nil
	}
	var rows []CompareRow
	for _, limit := range limits {
		row := CompareRow{Limit: limit}
		for _, batch := range []int{0, -1} {
			mb, err := gmail.New(ctx, gmail.Options{Endpoint: srv.URL + "/", HTTPClient: hc, MaxConcurrency: maxInFlight, BatchSize: batch})
			if err != nil {
				return nil, err
			}
			median, reqs, err := list(mb, limit)
			if err != nil {
				return nil, fmt.Errorf("list %d (batch size %d): %w", limit, batch, err)
			}
			if batch == 0 {
				row.Batch, row.BatchRequests = median, reqs
			} else {
				row.FanOut, row.FanOutReqs = median, reqs
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}
