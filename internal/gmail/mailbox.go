package gmail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	gmailapi "google.golang.org/api/gmail/v1"
	"google.golang.org/api/option"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// DefaultEndpoint is Gmail's API root.
const DefaultEndpoint = "https://gmail.googleapis.com/"

const (
	defaultConcurrency = 10
	defaultCacheBytes  = 32 << 20
	defaultLabelMaxAge = 30 * time.Second
	me                 = "me" // Gmail's alias for the authorised user
)

// Options configures a Mailbox.
type Options struct {
	// Endpoint is the API root (GMAIL_API_ENDPOINT), e.g. DefaultEndpoint or a
	// fake's URL + "/". Empty means DefaultEndpoint.
	Endpoint string
	// HTTPClient is already authorised (oauth2 transport over the call-policy
	// transport): this package never sees a token. Required.
	HTTPClient *http.Client
	// MaxConcurrency bounds the per-message fetches one call fans out
	// (List, Labels, ListDrafts). Default 10.
	MaxConcurrency int
	// BatchSize is how many per-message fetches of one call share one request
	// to Gmail's batch endpoint: 0 = 50 (Google's advice and our cap), < 0 =
	// no batching, each fetch its own request within MaxConcurrency.
	BatchSize int
	// CacheBytes bounds the immutable-content cache: 0 = 32 MiB, < 0 = off.
	CacheBytes int64
	// LabelMaxAge is how old a cached message's labels may be before Message
	// refreshes them with one format=minimal call: 0 = 30 s, < 0 = always
	// refresh. Labels changed through this Mailbox are updated at once.
	LabelMaxAge time.Duration
	Logger      *slog.Logger
	// OnSuccess is called after each Gmail request answered 2xx (token-health
	// tracking). May be nil.
	OnSuccess func()
}

// Mailbox is one Gmail account. It is safe for concurrent use.
type Mailbox struct {
	svc         *gmailapi.Service
	hc          *http.Client // svc's client, for batch requests
	batchURL    string
	apiPath     string // the endpoint's path, "/" for Google's
	batchSize   int
	log         *slog.Logger
	concurrency int
	labelMaxAge time.Duration
	cache       *contentCache // nil when off
	labels      labelCache
	now         func() time.Time
}

var _ mail.Mailbox = (*Mailbox)(nil)

// New builds a Mailbox. It makes no Gmail call.
func New(ctx context.Context, o Options) (*Mailbox, error) {
	if o.HTTPClient == nil {
		return nil, errors.New("gmail: Options.HTTPClient is required")
	}
	endpoint := o.Endpoint
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	if !strings.HasSuffix(endpoint, "/") {
		endpoint += "/"
	}
	hc := *o.HTTPClient
	if o.OnSuccess != nil {
		hc.Transport = &successTransport{next: transportOf(o.HTTPClient), onSuccess: o.OnSuccess}
	}
	svc, err := gmailapi.NewService(ctx,
		option.WithHTTPClient(&hc),
		option.WithEndpoint(endpoint),
		// The client library logs whole request bodies at debug level when
		// GOOGLE_SDK_GO_LOGGING_LEVEL is set: mail must never reach logs.
		option.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
	)
	if err != nil {
		return nil, fmt.Errorf("gmail: building the API client: %w", err)
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("gmail: endpoint %q: %w", endpoint, err)
	}
	m := &Mailbox{
		svc:         svc,
		hc:          &hc,
		batchURL:    endpoint + "batch/gmail/v1",
		apiPath:     u.Path,
		batchSize:   min(o.BatchSize, maxBatchSize),
		log:         o.Logger,
		concurrency: o.MaxConcurrency,
		labelMaxAge: o.LabelMaxAge,
		now:         time.Now,
	}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	if m.concurrency <= 0 {
		m.concurrency = defaultConcurrency
	}
	if m.batchSize == 0 {
		m.batchSize = defaultBatchSize
	}
	if m.labelMaxAge == 0 {
		m.labelMaxAge = defaultLabelMaxAge
	}
	switch {
	case o.CacheBytes == 0:
		m.cache = newContentCache(defaultCacheBytes)
	case o.CacheBytes > 0:
		m.cache = newContentCache(o.CacheBytes)
	}
	return m, nil
}

// Profile returns the account's address and totals. 1 Gmail call.
func (m *Mailbox) Profile(ctx context.Context) (mail.Profile, error) {
	p, err := m.svc.Users.GetProfile(me).Context(ctx).Do()
	if err != nil {
		return mail.Profile{}, m.fail(err, read("the profile"))
	}
	return mail.Profile{
		Email:         p.EmailAddress,
		MessagesTotal: int(p.MessagesTotal),
		ThreadsTotal:  int(p.ThreadsTotal),
		HistoryID:     p.HistoryId,
	}, nil
}

// successTransport reports every 2xx answer, whatever the caller then does
// with it, so token health sees each proof that the credentials work.
type successTransport struct {
	next      http.RoundTripper
	onSuccess func()
}

func (t *successTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil && resp.StatusCode >= 200 && resp.StatusCode < 300 {
		t.onSuccess()
	}
	return resp, err
}

func transportOf(c *http.Client) http.RoundTripper {
	if c.Transport != nil {
		return c.Transport
	}
	return http.DefaultTransport
}
