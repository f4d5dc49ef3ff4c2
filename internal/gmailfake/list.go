package gmailfake

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// List paging limits of messages.list, threads.list and drafts.list.
const (
	defaultMaxResults = 100
	maxMaxResults     = 500
)

// pageParams reads maxResults and pageToken; the token is an opaque offset.
func pageParams(q url.Values) (limit, offset int, e *apiError) {
	limit = defaultMaxResults
	if v := q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, errInvalid("Invalid value at 'max_results' (TYPE_UINT32), \"" + v + "\"")
		}
		if n > 0 {
			limit = min(n, maxMaxResults)
		}
	}
	if tok := q.Get("pageToken"); tok != "" {
		dec, err := base64.RawURLEncoding.DecodeString(tok)
		n, err2 := strconv.Atoi(strings.TrimPrefix(string(dec), "page:"))
		if err != nil || err2 != nil || n < 0 || !strings.HasPrefix(string(dec), "page:") {
			return 0, 0, errInvalid("Invalid pageToken")
		}
		offset = n
	}
	return limit, offset, nil
}

func pageToken(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("page:" + strconv.Itoa(offset)))
}

// page cuts one page out of n results and the token for the next.
func page(n, limit, offset int) (from, to int, next string) {
	from = min(offset, n)
	to = min(from+limit, n)
	if to < n {
		next = pageToken(to)
	}
	return from, to, next
}

// selectLocked returns the messages a list or search selects, newest first.
func (a *Account) selectLocked(q url.Values) ([]*message, *apiError) {
	labels := q["labelIds"]
	if e := a.checkLabelsLocked(labels); e != nil {
		return nil, e
	}
	query := q.Get("q")
	withSpamTrash := q.Get("includeSpamTrash") == "true" || includesSpamTrash(query) ||
		slices.Contains(labels, "SPAM") || slices.Contains(labels, "TRASH")
	filter := parseQuery(query)
	c := &evalCtx{a: a, now: a.srv.now()}
	var out []*message
	for _, m := range a.order {
		if !withSpamTrash && (hasLabel(m, "SPAM") || hasLabel(m, "TRASH")) {
			continue
		}
		if !slices.ContainsFunc(labels, func(l string) bool { return !hasLabel(m, l) }) && filter.match(c, m) {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(x, y *message) int {
		if c := y.internalDate.Compare(x.internalDate); c != 0 {
			return c
		}
		return strings.Compare(y.id, x.id)
	})
	return out, nil
}

type idPair struct {
	ID       string `json:"id"`
	ThreadID string `json:"threadId"`
}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request, a *Account) {
	q := r.URL.Query()
	limit, offset, e := pageParams(q)
	if e == nil && q.Get("q") != "" && metadataOnly(scopesOf(r)) {
		e = &apiError{Code: 403, Reason: "forbidden", Message: "Metadata scope does not support 'q' parameter"}
	}
	if e != nil {
		writeAPIError(w, e)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all, e := a.selectLocked(q)
	if e != nil {
		writeAPIError(w, e)
		return
	}
	from, to, next := page(len(all), limit, offset)
	resp := map[string]any{"resultSizeEstimate": len(all)}
	if to > from {
		items := make([]idPair, 0, to-from)
		for _, m := range all[from:to] {
			items = append(items, idPair{m.id, m.threadID})
		}
		resp["messages"] = items
	}
	if next != "" {
		resp["nextPageToken"] = next
	}
	writeJSON(w, http.StatusOK, resp)
}
