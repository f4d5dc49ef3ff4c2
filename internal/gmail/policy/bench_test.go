package policy

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gmail-mcp/gmail-mcp/internal/metrics"
)

// canned answers every request at once, so the benchmark measures the
// policy's own overhead, not a network.
type canned struct{ body string }

func (c canned) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(c.body)), ContentLength: int64(len(c.body)), Request: req,
	}, nil
}

func BenchmarkRoundTrip(b *testing.B) {
	for _, size := range []int{200, 300 << 10} {
		for _, withMetrics := range []bool{false, true} {
			name := "body=" + map[int]string{200: "200B", 300 << 10: "300KiB"}[size]
			if withMetrics {
				name += "/metrics"
			}
			b.Run(name, func(b *testing.B) {
				o := Options{Base: canned{strings.Repeat("x", size)}, QuotaPerMinute: 1 << 40}
				if withMetrics {
					o.Metrics = metrics.New()
				}
				rt := New(o)
				req, _ := http.NewRequest("GET", "https://gmail.googleapis.com"+getPath+"?format=full", nil)
				b.ReportAllocs()
				b.SetBytes(int64(size))
				for b.Loop() {
					resp, err := rt.RoundTrip(req)
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		}
	}
}
