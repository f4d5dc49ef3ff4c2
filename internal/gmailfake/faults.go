package gmailfake

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is an injected failure. Faults apply in the order injected to the
// API and token requests they match; each hits Times requests (0 means 1).
type Fault struct {
	Method     string // match the HTTP method; empty matches any
	PathSuffix string // match the end of the URL path, e.g. "/messages/send" or "/token"; empty matches any

	Times int

	// Status, Body and RetryAfter make the answer. Body defaults to Google's
	// error JSON for Status (the OAuth error shape on /token).
	Status     int
	Body       string
	RetryAfter string // Retry-After header value

	Delay time.Duration // sleep before answering (cut short by request cancellation)

	// ResetConnection closes the TCP connection instead of answering: with no
	// response at all, or mid-body when Status or ApplyAfterHandling gives a
	// body to start sending.
	ResetConnection bool
	// MalformedJSON answers 200 with truncated JSON (the real answer cut in
	// half with ApplyAfterHandling, else a cut-off list).
	MalformedJSON bool
	// ApplyAfterHandling performs the real operation first and then answers
	// with the fault, e.g. a send that succeeded but answered 503.
	ApplyAfterHandling bool
}

type faultState struct {
	Fault
	left int
}

// InjectFault adds f after the faults already waiting.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	left := f.Times
	if left <= 0 {
		left = 1
	}
	s.faults = append(s.faults, &faultState{Fault: f, left: left})
}

// matchFault takes one hit from the first waiting fault that matches r.
func (s *Server) matchFault(r *http.Request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Method == "" || strings.EqualFold(f.Method, r.Method)) && strings.HasSuffix(r.URL.Path, f.PathSuffix) {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
			hit := f.Fault
			return &hit
		}
	}
	return nil
}

// bufferedWriter captures the real answer for ApplyAfterHandling.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }
func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}
func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

func (s *Server) serveFault(w *recordingWriter, r *http.Request, f *Fault) {
	var real *bufferedWriter
	if f.ApplyAfterHandling {
		real = &bufferedWriter{header: http.Header{}}
		s.mux.ServeHTTP(real, r)
	}
	if sleep(r.Context(), f.Delay) != nil {
		return
	}
	status, body, ctype := f.Status, []byte(f.Body), "application/json; charset=UTF-8"
	switch {
	case f.MalformedJSON:
		status, body = http.StatusOK, []byte(`{"messages":[{"id":"18f0c0ffee","threadId":`)
		if real != nil {
			body = real.body.Bytes()[:real.body.Len()/2]
		}
	case status != 0 && f.Body == "":
		body = defaultFaultBody(r.URL.Path, status)
	case status == 0 && real != nil:
		status, body = real.status, real.body.Bytes()
		ctype = real.header.Get("Content-Type")
	}
	if f.ResetConnection {
		resetConnection(w, status, ctype, body)
		return
	}
	if status == 0 {
		status = http.StatusInternalServerError
		body = defaultFaultBody(r.URL.Path, status)
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func defaultFaultBody(path string, status int) []byte {
	if path == "/token" {
		e := defaultOAuthError(status)
		return fmt.Appendf(nil, `{"error":%q,"error_description":%q}`, e.Code, e.Description)
	}
	return defaultAPIError(status).body()
}

// resetConnection hijacks the connection and resets it (SO_LINGER 0): at
// once, or after the headers and half the body when there is a body.
func resetConnection(w http.ResponseWriter, status int, ctype string, body []byte) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil { // HTTP/2: aborting the handler resets the stream
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	if status != 0 && len(body) > 0 {
		writePartial(buf, status, ctype, body)
	}
}

func writePartial(buf *bufio.ReadWriter, status int, ctype string, body []byte) {
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %s\r\n\r\n",
		status, http.StatusText(status), ctype, strconv.Itoa(len(body)))
	_, _ = buf.Write(body[:len(body)/2])
	_ = buf.Flush()
}
