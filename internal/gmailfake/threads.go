package gmailfake

import (
	"net/http"
	"slices"
	"strconv"
)

// threadLocked returns a thread's messages, oldest first.
func (a *Account) threadLocked(id string) []*message {
	var out []*message
	for _, m := range a.order {
		if m.threadID == id {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(x, y *message) int { return x.internalDate.Compare(y.internalDate) })
	return out
}

func threadHistory(msgs []*message) string {
	var h uint64
	for _, m := range msgs {
		h = max(h, m.historyID)
	}
	return strconv.FormatUint(h, 10)
}

func (s *Server) getThread(w http.ResponseWriter, r *http.Request, a *Account) {
	q := r.URL.Query()
	format, ok := formatParam(w, q, false)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if !validID.MatchString(id) {
		writeAPIError(w, errInvalid("Invalid id value"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	msgs := a.threadLocked(id)
	if len(msgs) == 0 {
		writeAPIError(w, errNotFound())
		return
	}
	out := make([]messageJSON, len(msgs))
	for i, m := range msgs {
		out[i] = m.toJSON(format, q["metadataHeaders"])
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "historyId": threadHistory(msgs), "messages": out})
}

// listThreads selects threads with at least one matching message, ordered by
// their newest matching message.
func (s *Server) listThreads(w http.ResponseWriter, r *http.Request, a *Account) {
	q := r.URL.Query()
	limit, offset, e := pageParams(q)
	if e != nil {
		writeAPIError(w, e)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	matches, e := a.selectLocked(q)
	if e != nil {
		writeAPIError(w, e)
		return
	}
	var ids []string
	for _, m := range matches {
		if !slices.Contains(ids, m.threadID) {
			ids = append(ids, m.threadID)
		}
	}
	from, to, next := page(len(ids), limit, offset)
	resp := map[string]any{"resultSizeEstimate": len(ids)}
	if to > from {
		var items []map[string]string
		for _, id := range ids[from:to] {
			msgs := a.threadLocked(id)
			items = append(items, map[string]string{"id": id, "snippet": msgs[len(msgs)-1].snippet, "historyId": threadHistory(msgs)})
		}
		resp["threads"] = items
	}
	if next != "" {
		resp["nextPageToken"] = next
	}
	writeJSON(w, http.StatusOK, resp)
}
