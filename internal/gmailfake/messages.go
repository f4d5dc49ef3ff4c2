package gmailfake

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// validID is the shape of Gmail message, thread and draft-message ids; other
// strings get 400 "Invalid id value" rather than 404.
var validID = regexp.MustCompile(`^[0-9a-fA-F]{1,32}$`)

// lookupLocked finds message id or writes Gmail's error for it.
func (a *Account) lookupLocked(w http.ResponseWriter, id string) *message {
	if !validID.MatchString(id) {
		writeAPIError(w, errInvalid("Invalid id value"))
		return nil
	}
	m := a.msgs[id]
	if m == nil {
		writeAPIError(w, errNotFound())
	}
	return m
}

// formatParam reads the format query parameter (default full), or writes
// Gmail's 400 for one it does not know; threads.get has no raw format.
func formatParam(w http.ResponseWriter, q url.Values, allowRaw bool) (string, bool) {
	f := q.Get("format")
	if f == "" {
		f = formatFull
	}
	if f != formatFull && f != formatMetadata && f != formatMinimal && (f != formatRaw || !allowRaw) {
		writeAPIError(w, errInvalid("Invalid value at 'format' ("+f+")"))
		return "", false
	}
	return f, true
}

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request, a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	threads := map[string]bool{}
	for _, m := range a.order {
		threads[m.threadID] = true
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"emailAddress": a.email, "messagesTotal": len(a.order), "threadsTotal": len(threads),
		"historyId": strconv.FormatUint(a.history, 10),
	})
}

func (s *Server) getMessage(w http.ResponseWriter, r *http.Request, a *Account) {
	q := r.URL.Query()
	format, ok := formatParam(w, q, true)
	if !ok {
		return
	}
	if metadataOnly(scopesOf(r)) && (format == formatFull || format == formatRaw) {
		writeAPIError(w, &apiError{Code: 403, Reason: "forbidden", Message: "Metadata scope doesn't allow format " + strings.ToUpper(format)})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := a.lookupLocked(w, r.PathValue("id"))
	if m == nil {
		return
	}
	writeJSON(w, http.StatusOK, m.toJSON(format, q["metadataHeaders"]))
}

func (s *Server) getAttachment(w http.ResponseWriter, r *http.Request, a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := a.lookupLocked(w, r.PathValue("id"))
	if m == nil {
		return
	}
	p := m.findAttachment(r.PathValue("attachmentId"))
	if p == nil {
		writeAPIError(w, errInvalid("Invalid attachment token"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"attachmentId": r.PathValue("attachmentId"), "size": len(p.data), "data": base64.URLEncoding.EncodeToString(p.data),
	})
}

// labelChange is the body of messages.modify and messages.batchModify.
type labelChange struct {
	IDs            []string `json:"ids"`
	AddLabelIDs    []string `json:"addLabelIds"`
	RemoveLabelIDs []string `json:"removeLabelIds"`
}

func (a *Account) checkLabelsLocked(ids ...[]string) *apiError {
	for _, list := range ids {
		for _, id := range list {
			if !a.labelExistsLocked(id) {
				return errInvalid("Invalid label: " + id)
			}
		}
	}
	return nil
}

func (a *Account) applyLocked(m *message, add, remove []string) {
	for _, l := range add {
		if !slices.Contains(m.labels, l) {
			m.labels = append(m.labels, l)
		}
	}
	m.labels = slices.DeleteFunc(m.labels, func(l string) bool { return slices.Contains(remove, l) })
	a.bumpLocked(m)
}

func (s *Server) modifyMessage(w http.ResponseWriter, r *http.Request, a *Account) {
	var in labelChange
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeAPIError(w, errInvalid("Invalid JSON payload received."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := a.lookupLocked(w, r.PathValue("id"))
	if m == nil {
		return
	}
	if e := a.checkLabelsLocked(in.AddLabelIDs, in.RemoveLabelIDs); e != nil {
		writeAPIError(w, e)
		return
	}
	a.applyLocked(m, in.AddLabelIDs, in.RemoveLabelIDs)
	writeJSON(w, http.StatusOK, m.toJSON(formatMinimal, nil))
}

// maxBatch is Gmail's limit on ids per batchModify call.
const maxBatch = 1000

func (s *Server) batchModify(w http.ResponseWriter, r *http.Request, a *Account) {
	var in labelChange
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeAPIError(w, errInvalid("Invalid JSON payload received."))
		return
	}
	switch {
	case len(in.IDs) == 0:
		writeAPIError(w, errInvalid("No message ids specified."))
		return
	case len(in.IDs) > maxBatch:
		writeAPIError(w, errInvalid("Too many messages in the request. Only 1000 messages are allowed."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := a.checkLabelsLocked(in.AddLabelIDs, in.RemoveLabelIDs); e != nil {
		writeAPIError(w, e)
		return
	}
	for _, id := range in.IDs {
		if !validID.MatchString(id) {
			writeAPIError(w, errInvalid("Invalid id value"))
			return
		}
	}
	// Gmail skips ids it does not know and still answers 204.
	for _, id := range in.IDs {
		if m := a.msgs[id]; m != nil {
			a.applyLocked(m, in.AddLabelIDs, in.RemoveLabelIDs)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) trashMessage(w http.ResponseWriter, r *http.Request, a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := a.lookupLocked(w, r.PathValue("id"))
	if m == nil {
		return
	}
	if !slices.Contains(m.labels, "TRASH") {
		m.hadInbox = slices.Contains(m.labels, "INBOX")
		a.applyLocked(m, []string{"TRASH"}, []string{"INBOX", "SPAM"})
	}
	writeJSON(w, http.StatusOK, m.toJSON(formatMinimal, nil))
}

func (s *Server) untrashMessage(w http.ResponseWriter, r *http.Request, a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := a.lookupLocked(w, r.PathValue("id"))
	if m == nil {
		return
	}
	if slices.Contains(m.labels, "TRASH") {
		var add []string
		if m.hadInbox {
			add = []string{"INBOX"}
		}
		a.applyLocked(m, add, []string{"TRASH"})
	}
	writeJSON(w, http.StatusOK, m.toJSON(formatMinimal, nil))
}

// deleteMessage is the permanent delete the real API offers; gmail-mcp must
// never call it, and tests prove that through Stats.
func (s *Server) deleteMessage(w http.ResponseWriter, r *http.Request, a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := a.lookupLocked(w, r.PathValue("id"))
	if m == nil {
		return
	}
	a.deleteLocked(m.id)
	w.WriteHeader(http.StatusNoContent)
}
