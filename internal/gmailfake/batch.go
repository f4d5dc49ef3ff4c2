package gmailfake

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
)

// maxBatchParts is Google's limit on calls in one batch request.
const maxBatchParts = 100

// handleBatch serves POST /batch/gmail/v1 as Google does: the body is
// multipart/mixed, each part (Content-Type: application/http) one whole
// HTTP request line + headers + body for the Gmail API; the answer is
// multipart/mixed with one application/http part per call, each carrying the
// call's whole HTTP response and Content-ID "<response-" + the request
// part's Content-ID + ">". Inner calls inherit the batch's credentials, run
// after its one injected latency and are not counted in Stats on their own:
// the batch is one request on the wire. Injected faults match inner calls as
// they match single requests (a ResetConnection fault fails just its call, 500).
func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/mixed" || params["boundary"] == "" {
		writeAPIError(w, errInvalid("Invalid batch request: the Content-Type must be multipart/mixed with a boundary"))
		return
	}
	type call struct {
		contentID string
		req       *http.Request
	}
	var calls []call
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			writeAPIError(w, errInvalid("Invalid batch request: "+err.Error()))
			return
		}
		if len(calls) == maxBatchParts {
			writeAPIError(w, errInvalid(fmt.Sprintf("Too many requests in batch; the limit is %d", maxBatchParts)))
			return
		}
		inner, err := readInnerRequest(p)
		if err != nil {
			writeAPIError(w, errInvalid("Invalid batch request part: "+err.Error()))
			return
		}
		calls = append(calls, call{contentID: strings.Trim(p.Header.Get("Content-ID"), "<>"), req: inner.WithContext(r.Context())})
	}

	boundary := batchBoundary()
	var out bytes.Buffer
	mw := multipart.NewWriter(&out)
	if err := mw.SetBoundary(boundary); err != nil {
		writeAPIError(w, &apiError{Code: 500, Reason: "backendError", Message: "fake: " + err.Error()})
		return
	}
	for _, c := range calls {
		rec := httptest.NewRecorder()
		switch f := s.matchFault(c.req); {
		case !strings.HasPrefix(c.req.URL.Path, "/gmail/v1/"):
			writeAPIError(rec, errNotFound())
		case f != nil:
			f.ResetConnection = false // one call in a batch cannot cut the connection: it fails alone
			s.serveFault(&recordingWriter{ResponseWriter: rec}, c.req, f)
		default:
			s.mux.ServeHTTP(rec, c.req)
		}
		h := textproto.MIMEHeader{"Content-Type": {"application/http"}}
		if c.contentID != "" {
			h.Set("Content-ID", "<response-"+c.contentID+">")
		}
		part, _ := mw.CreatePart(h) // writes to a bytes.Buffer: cannot fail
		writeInnerResponse(part, rec)
	}
	_ = mw.Close()
	w.Header().Set("Content-Type", "multipart/mixed; boundary="+boundary)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out.Bytes())
}

// readInnerRequest reads one part's HTTP request. Google accepts a request
// line without the protocol version ("GET /gmail/v1/..."); so does this.
func readInnerRequest(p io.Reader) (*http.Request, error) {
	br := bufio.NewReader(p)
	line, err := br.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return nil, fmt.Errorf("no request line: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if f := strings.Fields(line); len(f) == 2 {
		line += " HTTP/1.1"
	}
	rest, _ := io.ReadAll(br)
	req, err := http.ReadRequest(bufio.NewReader(io.MultiReader(strings.NewReader(line+"\r\n"), bytes.NewReader(rest))))
	if err != nil {
		return nil, err
	}
	if req.URL.IsAbs() { // "GET https://gmail.googleapis.com/gmail/v1/..." is allowed too
		req.URL.Scheme, req.URL.Host = "", ""
	}
	return req, nil
}

// writeInnerResponse renders a recorded answer as an HTTP/1.1 response.
func writeInnerResponse(w io.Writer, rec *httptest.ResponseRecorder) {
	res := rec.Result()
	body := rec.Body.Bytes()
	fmt.Fprintf(w, "HTTP/1.1 %d %s\r\n", res.StatusCode, http.StatusText(res.StatusCode))
	res.Header.Set("Content-Length", fmt.Sprint(len(body)))
	_ = res.Header.Write(w)
	_, _ = io.WriteString(w, "\r\n")
	_, _ = w.Write(body)
}

// batchBoundary is a fresh boundary in Google's style ("batch_…").
func batchBoundary() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "batch_" + hex.EncodeToString(b[:])
}
