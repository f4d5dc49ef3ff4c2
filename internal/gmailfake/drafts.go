package gmailfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
)

type draft struct {
	id  string
	msg *message
}

// draftIn is the part of Gmail's Draft resource a client sends.
type draftIn struct {
	ID      string    `json:"id"`
	Message messageIn `json:"message"`
}

type draftJSON struct {
	ID      string      `json:"id"`
	Message messageJSON `json:"message"`
}

func (a *Account) draftLocked(id string) *draft {
	i := slices.IndexFunc(a.drafts, func(d *draft) bool { return d.id == id })
	if i < 0 {
		return nil
	}
	return a.drafts[i]
}

// createDraftLocked stores raw as a draft message.
func (a *Account) createDraftLocked(raw []byte, threadID string) *draft {
	return a.addDraftLocked(a.storeLocked(raw, []string{"DRAFT"}, threadID, a.srv.now()))
}

// addDraftLocked makes the stored message m a draft; Gmail draft ids look like "r5…".
func (a *Account) addDraftLocked(m *message) *draft {
	d := &draft{id: fmt.Sprintf("r%d", 5000000000000000000+a.seq), msg: m}
	a.drafts = append(a.drafts, d)
	return d
}

// removeDraftLocked deletes the draft and its message.
func (a *Account) removeDraftLocked(d *draft) {
	a.deleteLocked(d.msg.id)
	a.drafts = slices.DeleteFunc(a.drafts, func(x *draft) bool { return x == d })
}

// threadFor is the thread a new version of the draft belongs to: the one the
// client names, else the draft's own when it is a reply (a draft that starts
// a conversation is its own thread, and its replacement gets a new one).
func (d *draft) threadFor(requested string) string {
	if requested == "" && d.msg.threadID != d.msg.id {
		return d.msg.threadID
	}
	return requested
}

func (d *draft) short() draftJSON {
	return draftJSON{ID: d.id, Message: messageJSON{ID: d.msg.id, ThreadID: d.msg.threadID, LabelIDs: d.msg.labels}}
}

// readDraft reads a Draft resource from any upload form.
func (s *Server) readDraft(w http.ResponseWriter, r *http.Request) (draftIn, []byte, bool) {
	meta, media, ok := s.readBody(w, r)
	var in draftIn
	if !ok {
		return in, nil, false
	}
	if len(bytes.TrimSpace(meta)) > 0 {
		if err := json.Unmarshal(meta, &in); err != nil {
			writeAPIError(w, errInvalid("Invalid JSON payload received."))
			return in, nil, false
		}
	}
	return in, media, true
}

// readDraftMessage reads a Draft resource that must carry its message, and
// that message's RFC 822 bytes.
func (s *Server) readDraftMessage(w http.ResponseWriter, r *http.Request) (draftIn, []byte, bool) {
	in, media, ok := s.readDraft(w, r)
	if !ok {
		return in, nil, false
	}
	raw, e := rawFrom(in.Message, media)
	if e != nil {
		writeAPIError(w, e)
		return in, nil, false
	}
	return in, raw, true
}

func (s *Server) createDraft(w http.ResponseWriter, r *http.Request, a *Account) {
	in, raw, ok := s.readDraftMessage(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, a.createDraftLocked(raw, in.Message.ThreadID).short())
}

func (s *Server) listDrafts(w http.ResponseWriter, r *http.Request, a *Account) {
	limit, offset, e := pageParams(r.URL.Query())
	if e != nil {
		writeAPIError(w, e)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	newest := slices.Clone(a.drafts)
	slices.Reverse(newest)
	from, to, next := page(len(newest), limit, offset)
	resp := map[string]any{"resultSizeEstimate": len(newest)}
	if to > from {
		items := make([]map[string]any, 0, to-from)
		for _, d := range newest[from:to] {
			items = append(items, map[string]any{"id": d.id, "message": idPair{d.msg.id, d.msg.threadID}})
		}
		resp["drafts"] = items
	}
	if next != "" {
		resp["nextPageToken"] = next
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) getDraft(w http.ResponseWriter, r *http.Request, a *Account) {
	q := r.URL.Query()
	format, ok := formatParam(w, q, true)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := a.draftLocked(r.PathValue("id"))
	if d == nil {
		writeAPIError(w, errNotFound())
		return
	}
	writeJSON(w, http.StatusOK, draftJSON{ID: d.id, Message: d.msg.toJSON(format, q["metadataHeaders"])})
}

// updateDraft replaces the draft's message; like Gmail, the message gets a new id.
func (s *Server) updateDraft(w http.ResponseWriter, r *http.Request, a *Account) {
	in, raw, ok := s.readDraftMessage(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := a.draftLocked(r.PathValue("id"))
	if d == nil {
		writeAPIError(w, errNotFound())
		return
	}
	thread := d.threadFor(in.Message.ThreadID)
	a.deleteLocked(d.msg.id)
	d.msg = a.storeLocked(raw, []string{"DRAFT"}, thread, a.srv.now())
	writeJSON(w, http.StatusOK, d.short())
}

func (s *Server) deleteDraft(w http.ResponseWriter, r *http.Request, a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := a.draftLocked(r.PathValue("id"))
	if d == nil {
		writeAPIError(w, errNotFound())
		return
	}
	a.removeDraftLocked(d)
	w.WriteHeader(http.StatusNoContent)
}

// sendDraft sends a draft (optionally updated in the same call): the sent
// message replaces the draft's, which loses DRAFT and gains SENT.
func (s *Server) sendDraft(w http.ResponseWriter, r *http.Request, a *Account) {
	in, media, ok := s.readDraft(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := a.draftLocked(in.ID)
	if d == nil {
		writeAPIError(w, errNotFound())
		return
	}
	raw := d.msg.raw
	if media != nil || in.Message.Raw != "" {
		var e *apiError
		if raw, e = rawFrom(in.Message, media); e != nil {
			writeAPIError(w, e)
			return
		}
	}
	if e := checkRecipients(raw); e != nil {
		writeAPIError(w, e)
		return
	}
	thread := d.threadFor(in.Message.ThreadID)
	a.removeDraftLocked(d)
	m, e := a.sendLocked(raw, thread)
	if e != nil {
		writeAPIError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, messageJSON{ID: m.id, ThreadID: m.threadID, LabelIDs: m.labels})
}
