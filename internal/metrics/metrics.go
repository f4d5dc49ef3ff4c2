// Package metrics holds gmail-mcp's Prometheus metrics on a registry of its
// own, so tests and several servers in one process never share counters.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "gmail_mcp"

// Metrics is every metric the server exports. Labels are low-cardinality by
// construction: tool names, Gmail method names (see GmailMethod), status
// codes and fixed reason words, never ids or addresses.
type Metrics struct {
	Registry *prometheus.Registry

	ToolCalls   *prometheus.CounterVec   // tool, outcome (ok|error)
	ToolLatency *prometheus.HistogramVec // tool

	GmailCalls      *prometheus.CounterVec   // method, status; one per attempt (what Gmail saw)
	GmailLatency    *prometheus.HistogramVec // method; one per attempt
	GmailRetries    *prometheus.CounterVec   // method, reason
	GmailInFlight   prometheus.Gauge         // requests holding an in-flight slot
	GmailQuotaUnits *prometheus.CounterVec   // method; quota units spent

	LimiterWaits       *prometheus.CounterVec // kind: inflight|quota
	LimiterWaitSeconds prometheus.Histogram

	SessionsInFlight prometheus.Gauge
	HTTPRequests     *prometheus.CounterVec // path, code
}

// New builds the metrics on a fresh registry that also carries the Go runtime
// and process collectors.
func New() *Metrics {
	latency := prometheus.ExponentialBuckets(0.005, 2, 12) // 5 ms .. ~10 s
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		ToolCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "tool_calls_total",
			Help: "MCP tool calls by tool and outcome.",
		}, []string{"tool", "outcome"}),
		ToolLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "tool_call_duration_seconds",
			Help: "MCP tool call latency.", Buckets: latency,
		}, []string{"tool"}),
		GmailCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "gmail_requests_total",
			Help: "Gmail API HTTP attempts by method and status (\"error\" when no response).",
		}, []string{"method", "status"}),
		GmailLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "gmail_request_duration_seconds",
			Help: "Gmail API attempt latency, including reading the buffered body.", Buckets: latency,
		}, []string{"method"}),
		GmailRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "gmail_retries_total",
			Help: "Gmail API retries by method and reason.",
		}, []string{"method", "reason"}),
		GmailInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "gmail_in_flight",
			Help: "Gmail API requests currently in flight.",
		}),
		GmailQuotaUnits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "gmail_quota_units_total",
			Help: "Gmail per-user quota units spent, by method.",
		}, []string{"method"}),
		LimiterWaits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "limiter_waits_total",
			Help: "Gmail calls that had to wait, by limiter (inflight or quota).",
		}, []string{"kind"}),
		LimiterWaitSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "limiter_wait_seconds",
			Help: "Time Gmail calls spent waiting for a limiter.", Buckets: latency,
		}),
		SessionsInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "sessions_in_flight",
			Help: "Open MCP sessions.",
		}),
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_requests_total",
			Help: "HTTP requests served, by route and status code.",
		}, []string{"path", "code"}),
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.ToolCalls, m.ToolLatency,
		m.GmailCalls, m.GmailLatency, m.GmailRetries, m.GmailInFlight, m.GmailQuotaUnits,
		m.LimiterWaits, m.LimiterWaitSeconds,
		m.SessionsInFlight, m.HTTPRequests,
	)
	return m
}

// Handler serves this registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}
