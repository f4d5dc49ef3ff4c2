package gmailfake

import (
	"net/http"
	"strings"
)

// apiHandler serves one Gmail method for the authenticated account.
type apiHandler func(w http.ResponseWriter, r *http.Request, a *Account)

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", s.handleToken)
	mux.HandleFunc("GET /o/oauth2/auth", s.handleAuthorize)
	mux.HandleFunc("GET /o/oauth2/v2/auth", s.handleAuthorize)
	mux.HandleFunc("GET /o/oauth2/approve", s.handleApprove)
	mux.HandleFunc("POST /batch/gmail/v1", s.handleBatch)
	mux.HandleFunc("POST /o/oauth2/approve", s.handleApprove)

	const u = "/gmail/v1/users/{userId}"
	api := func(pattern string, n need, h apiHandler) {
		method, path, _ := strings.Cut(pattern, " ")
		mux.Handle(method+" "+u+path, s.api(n, h))
	}
	api("GET /profile", needAny, s.getProfile)
	api("GET /messages", needRead, s.listMessages)
	api("GET /messages/{id}", needRead, s.getMessage)
	api("GET /messages/{id}/attachments/{attachmentId}", needRead, s.getAttachment)
	api("POST /messages/send", needSend, s.sendMessage)
	api("POST /messages/{id}/trash", needModify, s.trashMessage)
	api("POST /messages/{id}/untrash", needModify, s.untrashMessage)
	api("POST /messages/{id}/modify", needModify, s.modifyMessage)
	api("POST /messages/batchModify", needModify, s.batchModify)
	api("DELETE /messages/{id}", needFull, s.deleteMessage)
	api("GET /threads", needRead, s.listThreads)
	api("GET /threads/{id}", needRead, s.getThread)
	api("GET /labels", needLabels, s.listLabels)
	api("GET /labels/{id}", needLabels, s.getLabel)
	api("POST /labels", needLabels, s.createLabel)
	api("GET /drafts", needCompose, s.listDrafts)
	api("POST /drafts", needCompose, s.createDraft)
	api("GET /drafts/{id}", needCompose, s.getDraft)
	api("PUT /drafts/{id}", needCompose, s.updateDraft)
	api("DELETE /drafts/{id}", needCompose, s.deleteDraft)
	api("POST /drafts/send", needCompose, s.sendDraft)

	// Media uploads: the Go client switches to these when .Media is set.
	mux.Handle("POST /upload"+u+"/messages/send", s.api(needSend, s.sendMessage))
	mux.Handle("POST /upload"+u+"/drafts", s.api(needCompose, s.createDraft))
	mux.Handle("PUT /upload"+u+"/drafts/{id}", s.api(needCompose, s.updateDraft))
	mux.Handle("POST /upload"+u+"/drafts/send", s.api(needCompose, s.sendDraft))
	return mux
}

// api checks the access token, its scopes and the userId, then serves h.
func (s *Server) api(n need, h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info, _ := r.Context().Value(requestInfoKey{}).(*requestInfo)
		if info == nil || info.account == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
			writeAPIError(w, errUnauthenticated())
			return
		}
		if user := r.PathValue("userId"); user != "me" && !strings.EqualFold(user, info.account.email) {
			e := errForbiddenUser()
			e.Message = "Delegation denied for " + info.account.email
			writeAPIError(w, e)
			return
		}
		if !n.allowedBy(info.scopes) {
			writeAPIError(w, errInsufficientScope())
			return
		}
		h(w, r, info.account)
	})
}

func scopesOf(r *http.Request) []string {
	if info, _ := r.Context().Value(requestInfoKey{}).(*requestInfo); info != nil {
		return info.scopes
	}
	return nil
}
