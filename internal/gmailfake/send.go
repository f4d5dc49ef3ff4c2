package gmailfake

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"strings"
	"time"
)

// messageIn is the part of Gmail's Message resource a client sends.
type messageIn struct {
	Raw      string `json:"raw"`
	ThreadID string `json:"threadId"`
}

// decodeRaw accepts base64url as Gmail documents it, and standard base64,
// padded or not, as Gmail tolerates.
func decodeRaw(s string) ([]byte, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "=")
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// rawFrom takes the message bytes from the media upload or the raw field.
func rawFrom(in messageIn, media []byte) ([]byte, *apiError) {
	if media != nil {
		return media, nil
	}
	if in.Raw == "" {
		return nil, errInvalid("'raw' RFC822 payload message string or uploading message via /upload/* URL required")
	}
	raw, err := decodeRaw(in.Raw)
	if err != nil {
		return nil, errInvalid("Invalid value for ByteString: " + truncate(in.Raw, 40))
	}
	return raw, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// checkRecipients applies Gmail's send-time checks on the message headers.
func checkRecipients(raw []byte) *apiError {
	h, _ := splitHeader(raw)
	count := 0
	for _, name := range []string{"To", "Cc", "Bcc"} {
		for _, f := range h {
			if !strings.EqualFold(f.Name, name) || strings.TrimSpace(f.Value) == "" {
				continue
			}
			list, err := mail.ParseAddressList(f.Value)
			if err != nil {
				return errInvalid("Invalid " + name + " header")
			}
			count += len(list)
		}
	}
	if count == 0 {
		return errInvalid("Recipient address required")
	}
	return nil
}

// prepareSent is what Gmail stores of a sent message: no Bcc header, and a
// From, Date and Message-ID when the client left them out.
func (a *Account) prepareSent(raw []byte, now time.Time) []byte {
	h, _ := splitHeader(raw)
	var extra bytes.Buffer
	if headerValue(h, "From") == "" {
		fmt.Fprintf(&extra, "From: %s\r\n", a.email)
	}
	if headerValue(h, "Date") == "" {
		fmt.Fprintf(&extra, "Date: %s\r\n", now.Format(time.RFC1123Z))
	}
	if headerValue(h, "Message-ID") == "" {
		fmt.Fprintf(&extra, "Message-ID: <%s@mail.gmail.com>\r\n", randomToken("CAF"))
	}
	return append(extra.Bytes(), removeHeader(raw, "Bcc")...)
}

// removeHeader drops every field named name (with its folded lines) from the
// top-level header block, leaving all other bytes as they were.
func removeHeader(raw []byte, name string) []byte {
	return editHeader(raw, name, nil)
}

// editHeader rewrites the top-level fields named name: each becomes
// replacement (nil drops it), folded lines included.
func editHeader(raw []byte, name string, replacement []byte) []byte {
	var out bytes.Buffer
	dropping := false
	rest := raw
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		line := rest
		if i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		trimmed := bytes.TrimRight(line, "\r\n")
		if len(trimmed) == 0 { // end of the header block
			out.Write(line)
			out.Write(rest)
			break
		}
		if trimmed[0] == ' ' || trimmed[0] == '\t' {
			if !dropping {
				out.Write(line)
			}
			continue
		}
		field, _, _ := bytes.Cut(trimmed, []byte(":"))
		dropping = strings.EqualFold(strings.TrimSpace(string(field)), name)
		if !dropping {
			out.Write(line)
		} else {
			out.Write(replacement)
		}
	}
	return out.Bytes()
}

// sendLocked checks and stores a message as sent and records it in Sent().
func (a *Account) sendLocked(raw []byte, threadID string) (*message, *apiError) {
	if e := checkRecipients(raw); e != nil {
		return nil, e
	}
	now := a.srv.now()
	m := a.storeLocked(a.prepareSent(raw, now), []string{"SENT"}, threadID, now)
	a.sent = append(a.sent, SentMessage{ID: m.id, ThreadID: m.threadID, Raw: bytes.Clone(raw)})
	return m, nil
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, a *Account) {
	meta, media, ok := s.readBody(w, r)
	if !ok {
		return
	}
	var in messageIn
	if len(bytes.TrimSpace(meta)) > 0 {
		if err := json.Unmarshal(meta, &in); err != nil {
			writeAPIError(w, errInvalid("Invalid JSON payload received."))
			return
		}
	}
	raw, e := rawFrom(in, media)
	if e != nil {
		writeAPIError(w, e)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := a.sendLocked(raw, in.ThreadID)
	if e != nil {
		writeAPIError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, messageJSON{ID: m.id, ThreadID: m.threadID, LabelIDs: m.labels})
}
