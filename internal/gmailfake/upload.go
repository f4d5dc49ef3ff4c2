package gmailfake

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// maxUpload is about Gmail's 35 MB limit on a message upload.
const maxUpload = 36 << 20

// uploadSession is a resumable upload waiting for its last chunk.
type uploadSession struct {
	meta []byte
	data []byte
	path string
}

// readBody returns the JSON metadata and the media (RFC 822 bytes) of a
// send or draft request, whatever its upload form: plain JSON, or one of
// uploadType=media|multipart|resumable. ok is false when it has already
// answered (an error, or an intermediate resumable step).
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (meta, media []byte, ok bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpload))
	if err != nil {
		writeAPIError(w, &apiError{Code: 413, Reason: "uploadTooLarge", Message: "Request payload size exceeds the limit."})
		return nil, nil, false
	}
	if !strings.HasPrefix(r.URL.Path, "/upload/") {
		return body, nil, true
	}
	switch ut := r.URL.Query().Get("uploadType"); ut {
	case "media":
		return nil, body, true
	case "multipart":
		meta, media, err := splitRelated(r.Header.Get("Content-Type"), body)
		if err != nil {
			writeAPIError(w, errInvalid("Invalid multipart request: "+err.Error()))
			return nil, nil, false
		}
		return meta, media, true
	case "resumable":
		return s.resumable(w, r, body)
	default:
		writeAPIError(w, errInvalid("Invalid upload type: "+ut))
		return nil, nil, false
	}
}

// splitRelated reads the multipart/related body the Go client sends: the
// JSON metadata part, then the media part.
func splitRelated(contentType string, body []byte) (meta, media []byte, err error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, nil, fmt.Errorf("content type: %w", err)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var parts [][]byte
	for {
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("part %d: %w", len(parts), err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, fmt.Errorf("part %d: %w", len(parts), err)
		}
		parts = append(parts, b)
	}
	if len(parts) != 2 {
		return nil, nil, fmt.Errorf("want 2 parts (metadata, media), got %d", len(parts))
	}
	return parts[0], parts[1], nil
}

// resumable implements Google's resumable upload protocol as the Go client
// speaks it: the first POST opens a session (Location header), later POSTs
// carry chunks with Content-Range; an incomplete step answers 200 with
// X-Http-Status-Code-Override: 308 because the client sends X-GUploader-No-308.
func (s *Server) resumable(w http.ResponseWriter, r *http.Request, body []byte) (meta, media []byte, ok bool) {
	id := r.URL.Query().Get("upload_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == "" {
		id = randomToken("up-")
		s.uploads[id] = &uploadSession{meta: body, path: r.URL.Path}
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		w.Header().Set("Location", fmt.Sprintf("%s://%s%s?uploadType=resumable&upload_id=%s", scheme, r.Host, r.URL.Path, id))
		w.WriteHeader(http.StatusOK)
		return nil, nil, false
	}
	up := s.uploads[id]
	if up == nil || up.path != r.URL.Path {
		writeAPIError(w, errNotFound())
		return nil, nil, false
	}
	start, total, err := parseContentRange(r.Header.Get("Content-Range"))
	if err != nil || start != len(up.data) {
		writeAPIError(w, errInvalid("Invalid Content-Range"))
		return nil, nil, false
	}
	up.data = append(up.data, body...)
	if total < 0 || len(up.data) < total {
		w.Header().Set("X-Http-Status-Code-Override", "308")
		if len(up.data) > 0 {
			w.Header().Set("Range", fmt.Sprintf("bytes=0-%d", len(up.data)-1))
		}
		w.WriteHeader(http.StatusOK)
		return nil, nil, false
	}
	delete(s.uploads, id)
	return up.meta, up.data, true
}

// parseContentRange reads "bytes a-b/total", "bytes a-b/*" or "bytes */total";
// total is -1 when unknown.
func parseContentRange(v string) (start, total int, err error) {
	spec, ok := strings.CutPrefix(v, "bytes ")
	rng, tot, ok2 := strings.Cut(spec, "/")
	if !ok || !ok2 {
		return 0, 0, fmt.Errorf("content-range %q", v)
	}
	total = -1
	if tot != "*" {
		if total, err = strconv.Atoi(tot); err != nil {
			return 0, 0, fmt.Errorf("content-range total: %w", err)
		}
	}
	if rng == "*" {
		return total, total, nil
	}
	a, _, _ := strings.Cut(rng, "-")
	start, err = strconv.Atoi(a)
	return start, total, err
}
