package gmailfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

type userLabel struct {
	id, name string
}

// systemLabels are Gmail's own labels in the order labels.list returns them.
var systemLabels = []string{
	"CHAT", "SENT", "INBOX", "IMPORTANT", "TRASH", "DRAFT", "SPAM",
	"CATEGORY_FORUMS", "CATEGORY_UPDATES", "CATEGORY_PERSONAL", "CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL",
	"STARRED", "UNREAD",
}

// hiddenSystemLabels carry no visibility fields in Gmail's answers.
var visibleSystemLabels = map[string]bool{"SENT": true, "INBOX": true, "TRASH": true, "DRAFT": true, "SPAM": true, "STARRED": true, "UNREAD": true, "IMPORTANT": true, "CHAT": true}

// labelJSON is Gmail's Label resource; counts only in labels.get.
type labelJSON struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	MessageListVisibility string `json:"messageListVisibility,omitempty"`
	LabelListVisibility   string `json:"labelListVisibility,omitempty"`
	Type                  string `json:"type"`
	MessagesTotal         *int   `json:"messagesTotal,omitempty"`
	MessagesUnread        *int   `json:"messagesUnread,omitempty"`
	ThreadsTotal          *int   `json:"threadsTotal,omitempty"`
	ThreadsUnread         *int   `json:"threadsUnread,omitempty"`
}

// CreateLabel creates a user label (or returns the id of the one with that
// name) and returns its id, like "Label_1".
func (a *Account) CreateLabel(name string) string {
	a.srv.mu.Lock()
	defer a.srv.mu.Unlock()
	if l := a.labelByNameLocked(name); l != nil {
		return l.id
	}
	return a.createLabelLocked(name).id
}

func (a *Account) createLabelLocked(name string) *userLabel {
	l := &userLabel{id: fmt.Sprintf("Label_%d", len(a.labels)+1), name: name}
	a.labels = append(a.labels, l)
	return l
}

func (a *Account) labelByNameLocked(name string) *userLabel {
	for _, l := range a.labels {
		if strings.EqualFold(l.name, name) {
			return l
		}
	}
	return nil
}

func (a *Account) labelExistsLocked(id string) bool {
	if slices.Contains(systemLabels, id) {
		return true
	}
	return slices.ContainsFunc(a.labels, func(l *userLabel) bool { return l.id == id })
}

// labelIDForName resolves a label: as search's label: operator does, by id,
// by name, with "-" or " " standing for "/" and case ignored.
func (a *Account) labelIDForNameLocked(name string) string {
	norm := func(s string) string {
		return strings.NewReplacer("/", "-", " ", "-", "_", "-").Replace(strings.ToLower(s))
	}
	for _, id := range systemLabels {
		if norm(id) == norm(name) {
			return id
		}
	}
	for _, l := range a.labels {
		if l.id == name || norm(l.name) == norm(name) {
			return l.id
		}
	}
	return ""
}

func (a *Account) labelJSONLocked(id string, counts bool) (labelJSON, bool) {
	j := labelJSON{ID: id, Name: id, Type: "system"}
	if slices.Contains(systemLabels, id) {
		if visibleSystemLabels[id] {
			j.MessageListVisibility, j.LabelListVisibility = "hide", "labelShow"
			if id == "UNREAD" || id == "IMPORTANT" || id == "CHAT" {
				j.MessageListVisibility, j.LabelListVisibility = "", ""
			}
		}
	} else {
		i := slices.IndexFunc(a.labels, func(l *userLabel) bool { return l.id == id })
		if i < 0 {
			return j, false
		}
		j = labelJSON{ID: id, Name: a.labels[i].name, Type: "user", MessageListVisibility: "show", LabelListVisibility: "labelShow"}
	}
	if counts {
		mt, mu, tt, tu := a.countsLocked(id)
		j.MessagesTotal, j.MessagesUnread, j.ThreadsTotal, j.ThreadsUnread = &mt, &mu, &tt, &tu
	}
	return j, true
}

func (a *Account) countsLocked(id string) (msgs, msgsUnread, threads, threadsUnread int) {
	seen, unread := map[string]bool{}, map[string]bool{}
	for _, m := range a.order {
		if !slices.Contains(m.labels, id) {
			continue
		}
		msgs++
		seen[m.threadID] = true
		if slices.Contains(m.labels, "UNREAD") {
			msgsUnread++
			unread[m.threadID] = true
		}
	}
	return msgs, msgsUnread, len(seen), len(unread)
}

func (s *Server) listLabels(w http.ResponseWriter, r *http.Request, a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []labelJSON
	for _, id := range systemLabels {
		j, _ := a.labelJSONLocked(id, false)
		out = append(out, j)
	}
	for _, l := range a.labels {
		j, _ := a.labelJSONLocked(l.id, false)
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"labels": out})
}

func (s *Server) getLabel(w http.ResponseWriter, r *http.Request, a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := a.labelJSONLocked(r.PathValue("id"), true)
	if !ok {
		writeAPIError(w, errNotFound())
		return
	}
	writeJSON(w, http.StatusOK, j)
}

func (s *Server) createLabel(w http.ResponseWriter, r *http.Request, a *Account) {
	var in labelJSON
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeAPIError(w, errInvalid("Invalid JSON payload received."))
		return
	}
	name := strings.TrimSpace(in.Name)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case name == "" || a.labelIDForNameLocked(name) != "" && slices.Contains(systemLabels, a.labelIDForNameLocked(name)):
		writeAPIError(w, errInvalid("Invalid label name"))
		return
	case a.labelByNameLocked(name) != nil:
		writeAPIError(w, &apiError{Code: 409, Reason: "duplicate", Message: "Label name exists or conflicts", Status: "ALREADY_EXISTS"})
		return
	}
	l := a.createLabelLocked(name)
	j, _ := a.labelJSONLocked(l.id, false)
	writeJSON(w, http.StatusOK, j)
}
