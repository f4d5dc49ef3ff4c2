package gmailfake

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// messageJSON is Gmail's Message resource.
type messageJSON struct {
	ID           string   `json:"id"`
	ThreadID     string   `json:"threadId"`
	LabelIDs     []string `json:"labelIds,omitempty"`
	Snippet      string   `json:"snippet,omitempty"`
	Payload      any      `json:"payload,omitempty"`
	SizeEstimate int      `json:"sizeEstimate,omitempty"`
	Raw          string   `json:"raw,omitempty"`
	HistoryID    string   `json:"historyId,omitempty"`
	InternalDate string   `json:"internalDate,omitempty"`
}

// partJSON is Gmail's MessagePart resource, as the "full" format returns it.
type partJSON struct {
	PartID   string      `json:"partId"`
	MimeType string      `json:"mimeType"`
	Filename string      `json:"filename"`
	Headers  []header    `json:"headers"`
	Body     bodyJSON    `json:"body"`
	Parts    []*partJSON `json:"parts,omitempty"`
}

// metadataJSON is the payload of the "metadata" format: no bodies, no parts.
type metadataJSON struct {
	MimeType string   `json:"mimeType"`
	Headers  []header `json:"headers"`
}

type bodyJSON struct {
	AttachmentID string `json:"attachmentId,omitempty"`
	Size         int    `json:"size"`
	Data         string `json:"data,omitempty"`
}

// Message formats of messages.get, threads.get and drafts.get.
const (
	formatFull     = "full"
	formatMetadata = "metadata"
	formatMinimal  = "minimal"
	formatRaw      = "raw"
)

// toJSON renders m in format; metadataHeaders limits the metadata format's
// headers (case-insensitively, in message order; none means all).
func (m *message) toJSON(format string, metadataHeaders []string) messageJSON {
	j := messageJSON{
		ID: m.id, ThreadID: m.threadID, LabelIDs: append([]string(nil), m.labels...), Snippet: m.snippet,
		SizeEstimate: len(m.raw), HistoryID: strconv.FormatUint(m.historyID, 10),
		InternalDate: strconv.FormatInt(m.internalDate.UnixMilli(), 10),
	}
	switch format {
	case formatRaw:
		j.Raw = base64.URLEncoding.EncodeToString(m.raw)
	case formatMetadata:
		j.Payload = metadataJSON{MimeType: m.tree.mimeType, Headers: pickHeaders(m.tree.headers, metadataHeaders)}
	case formatMinimal:
	default:
		j.Payload = partToJSON(m.id, m.tree)
	}
	return j
}

func pickHeaders(all []header, names []string) []header {
	out := []header{}
	for _, h := range all {
		if len(names) == 0 || containsFold(names, h.Name) {
			out = append(out, h)
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

func partToJSON(msgID string, n *node) *partJSON {
	p := &partJSON{PartID: n.partID, MimeType: n.mimeType, Filename: n.filename, Headers: n.headers}
	if p.Headers == nil {
		p.Headers = []header{}
	}
	if !strings.HasPrefix(n.mimeType, "multipart/") {
		p.Body.Size = len(n.data)
		if n.attachment {
			p.Body.AttachmentID = attachmentID(msgID, n.partID)
		} else if len(n.data) > 0 {
			p.Body.Data = base64.URLEncoding.EncodeToString(n.data)
		}
	}
	for _, c := range n.children {
		p.Parts = append(p.Parts, partToJSON(msgID, c))
	}
	return p
}

// attachmentPrefix makes ids look like Gmail's opaque attachment ids.
const attachmentPrefix = "ANGjdJ"

func attachmentID(msgID, partID string) string {
	return attachmentPrefix + base64.RawURLEncoding.EncodeToString([]byte(msgID+"/"+partID))
}

// findAttachment returns the part an attachment id names within m.
func (m *message) findAttachment(id string) *node {
	raw, ok := strings.CutPrefix(id, attachmentPrefix)
	if !ok {
		return nil
	}
	dec, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return nil
	}
	msgID, partID, ok := strings.Cut(string(dec), "/")
	if !ok || msgID != m.id {
		return nil
	}
	var find func(n *node) *node
	find = func(n *node) *node {
		if n.partID == partID && n.attachment {
			return n
		}
		for _, c := range n.children {
			if f := find(c); f != nil {
				return f
			}
		}
		return nil
	}
	return find(m.tree)
}
