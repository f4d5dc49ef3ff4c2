package gmail

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"google.golang.org/api/googleapi"

	"github.com/gmail-mcp/gmail-mcp/internal/gmail/policy"
	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// Gmail's HTTP batch endpoint takes up to 100 calls; Google advises at most
// 50, as larger batches trigger per-user rate limiting.
const (
	defaultBatchSize = 50
	maxBatchSize     = 50
	// maxBatchAnswer bounds one batch answer: 50 metadata messages are ~100 KB.
	maxBatchAnswer = 32 << 20
)

// batchCall is one GET inside a batch: path below users/me/ with its query,
// and its quota units.
type batchCall struct {
	path string
	cost int
}

// fetchEach runs n read calls in as few round trips as it can: one batch
// request per up to 50 calls (batches concurrently, within MaxConcurrency),
// or, with batching off, n single calls fanned out.
//
// call(i) is the batched form of call i; single(ctx, i) is the same call
// made alone, and take(i, body) consumes a 200 answer. A call answered 404
// is left out (the item vanished since it was listed). Every other answer
// of a call, and a batch that fails as a whole for a reason a single call
// might not meet (a 5xx, 429, a reset), is retried as a single call, so
// retries, backoff and error messages are those of single calls.
func (m *Mailbox) fetchEach(ctx context.Context, n int, call func(i int) batchCall,
	single func(ctx context.Context, i int) error, take func(i int, body []byte) error) error {
	if m.batchSize <= 0 || n < 2 {
		return fanOut(ctx, n, m.concurrency, single)
	}
	chunks := (n + m.batchSize - 1) / m.batchSize
	return fanOut(ctx, chunks, m.concurrency, func(ctx context.Context, c int) error {
		from, to := c*m.batchSize, min(n, (c+1)*m.batchSize)
		calls := make([]batchCall, to-from)
		for i := range calls {
			calls[i] = call(from + i)
		}
		answers, err := m.batch(ctx, calls)
		if err != nil {
			if ctx.Err() != nil || !worthSingles(err) {
				return err
			}
			m.log.DebugContext(ctx, "Gmail batch failed: fetching its calls one by one", "calls", len(calls), "err", err)
			return fanOut(ctx, len(calls), m.concurrency, func(ctx context.Context, i int) error { return single(ctx, from+i) })
		}
		var again []int
		for i, a := range answers {
			switch a.status {
			case http.StatusOK:
				if err := take(from+i, a.body); err != nil {
					return err
				}
			case http.StatusNotFound:
			default:
				again = append(again, from+i)
			}
		}
		if len(again) > 0 {
			m.log.DebugContext(ctx, "Gmail batch calls failed: retrying them one by one", "calls", len(again))
		}
		return fanOut(ctx, len(again), m.concurrency, func(ctx context.Context, i int) error { return single(ctx, again[i]) })
	})
}

// worthSingles tells whether single calls might succeed where the batch
// failed: not when the credentials or the quota stopped it (they would stop
// every call alike), nor for a 4xx other than 404 (no batch endpoint) and 429.
func worthSingles(err error) bool {
	var known *mail.Error
	var quota *policy.QuotaError
	if errors.As(err, &known) || errors.As(err, &quota) {
		return false
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) && ge.Code >= 400 && ge.Code < 500 {
		return ge.Code == http.StatusNotFound || ge.Code == http.StatusTooManyRequests
	}
	return true
}

// batchAnswer is one call's answer; status 0 means the batch answer lacked it.
type batchAnswer struct {
	status int
	body   []byte
}

// batch sends calls as one POST /batch/gmail/v1 and returns their answers in
// call order. The request declares its quota cost (the sum of its calls) to
// the policy transport, since Google counts a batch of n calls as n calls.
func (m *Mailbox) batch(ctx context.Context, calls []batchCall) ([]batchAnswer, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	units := 0
	for i, c := range calls {
		part, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type": {"application/http"},
			"Content-ID":   {"<item" + strconv.Itoa(i) + ">"},
		})
		if err != nil {
			return nil, fmt.Errorf("writing the batch request: %w", err)
		}
		fmt.Fprintf(part, "GET %sgmail/v1/users/me/%s HTTP/1.1\r\n\r\n", m.apiPath, c.path)
		units += c.cost
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("writing the batch request: %w", err)
	}
	req, err := http.NewRequestWithContext(policy.WithCost(ctx, units), http.MethodPost, m.batchURL, bytes.NewReader(body.Bytes()))
	if err != nil {
		return nil, fmt.Errorf("gmail batch: %w", err)
	}
	req.Header.Set("Content-Type", "multipart/mixed; boundary="+mw.Boundary())
	resp, err := m.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("gmail batch of %d calls: %w", len(calls), err)
	}
	defer resp.Body.Close()
	if err := googleapi.CheckResponse(resp); err != nil {
		return nil, err
	}
	answers, err := readBatchAnswer(resp, len(calls))
	if err != nil {
		return nil, fmt.Errorf("gmail batch of %d calls: %w", len(calls), err)
	}
	return answers, nil
}

// readBatchAnswer splits a multipart/mixed batch answer into n answers,
// paired with their calls by Content-ID ("<response-itemN>"): Google may
// answer in any order.
func readBatchAnswer(resp *http.Response, n int) ([]batchAnswer, error) {
	mediaType, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") || params["boundary"] == "" {
		return nil, fmt.Errorf("the answer is %q, not multipart", resp.Header.Get("Content-Type"))
	}
	answers := make([]batchAnswer, n)
	mr := multipart.NewReader(io.LimitReader(resp.Body, maxBatchAnswer), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return answers, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the answer: %w", err)
		}
		id := strings.Trim(p.Header.Get("Content-ID"), "<>")
		i, err := strconv.Atoi(strings.TrimPrefix(id, "response-item"))
		if err != nil || i < 0 || i >= n || !strings.HasPrefix(id, "response-item") {
			continue // not one of ours: ignore rather than misattribute
		}
		inner, err := http.ReadResponse(bufio.NewReader(p), nil)
		if err != nil {
			return nil, fmt.Errorf("reading the answer to call %d: %w", i, err)
		}
		b, err := io.ReadAll(inner.Body)
		inner.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("reading the answer to call %d: %w", i, err)
		}
		answers[i] = batchAnswer{status: inner.StatusCode, body: b}
	}
}
