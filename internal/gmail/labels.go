package gmail

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	gmailapi "google.golang.org/api/gmail/v1"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// labelNamesTTL is how long the id↔name list serves ResolveLabel: names
// change rarely, and a miss refetches anyway.
const labelNamesTTL = 30 * time.Second

// labelGetCost is the quota units of one labels.get.
const labelGetCost = 1

const (
	labelListFields = "labels(id,name,type)"
	labelFields     = "id,name,type,messagesTotal,messagesUnread,threadsTotal,threadsUnread"
)

// labelAliases are the names Gmail's web UI shows for system labels whose
// ids differ from those names.
var labelAliases = map[string]string{
	"drafts":    mail.LabelDraft,
	"sent mail": mail.LabelSent,
	"bin":       mail.LabelTrash,
	"junk":      mail.LabelSpam,
}

// systemLabelIDs are Gmail's system labels, whose names are their ids in
// every mailbox: resolving one needs no Gmail call. (Gmail refuses user
// labels with these names.)
var systemLabelIDs = map[string]bool{
	mail.LabelInbox: true, mail.LabelSent: true, mail.LabelDraft: true, mail.LabelSpam: true,
	mail.LabelTrash: true, mail.LabelUnread: true, mail.LabelStarred: true, mail.LabelImportant: true,
	"CHAT": true, "CATEGORY_PERSONAL": true, "CATEGORY_SOCIAL": true, "CATEGORY_PROMOTIONS": true,
	"CATEGORY_UPDATES": true, "CATEGORY_FORUMS": true,
}

// systemLabel resolves a system label's id, name or web-UI alias offline.
func systemLabel(want string) (mail.Label, bool) {
	id := strings.ToUpper(want)
	if alias, ok := labelAliases[strings.ToLower(want)]; ok {
		id = alias
	}
	if !systemLabelIDs[id] {
		return mail.Label{}, false
	}
	return mail.Label{ID: id, Name: id, Type: mail.LabelSystem}, true
}

// labelCache holds the last id↔name list (no counts).
type labelCache struct {
	mu     sync.Mutex
	labels []mail.Label
	at     time.Time
}

func (c *labelCache) get(now time.Time) ([]mail.Label, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.labels, c.labels != nil && now.Sub(c.at) < labelNamesTTL
}

func (c *labelCache) set(labels []mail.Label, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.labels, c.at = labels, at
}

// Labels returns every label, system ones first, with counts: 1 labels.list
// (which has no counts) + the labels.get of each label, batched (2 round
// trips for up to 50 labels) or fanned out.
func (m *Mailbox) Labels(ctx context.Context) ([]mail.Label, error) {
	names, err := m.fetchLabelNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*mail.Label, len(names))
	query := url.Values{"fields": {labelFields}, "prettyPrint": {"false"}}.Encode()
	err = m.fetchEach(ctx, len(names),
		func(i int) batchCall {
			return batchCall{path: "labels/" + url.PathEscape(names[i].ID) + "?" + query, cost: labelGetCost}
		},
		func(ctx context.Context, i int) error {
			gl, err := m.svc.Users.Labels.Get(me, names[i].ID).Fields(labelFields).Context(ctx).Do()
			if isNotFound(err) {
				return nil // deleted since the list
			}
			if err != nil {
				return m.fail(err, read("label with id "+names[i].ID))
			}
			l := toLabel(gl)
			out[i] = &l
			return nil
		},
		func(i int, body []byte) error {
			var gl gmailapi.Label
			if err := json.Unmarshal(body, &gl); err != nil {
				return badAnswer(fmt.Errorf("label %s: %w", names[i].ID, err))
			}
			l := toLabel(&gl)
			out[i] = &l
			return nil
		})
	if err != nil {
		return nil, m.fail(err, read("labels"))
	}
	labels := make([]mail.Label, 0, len(out))
	for _, l := range out {
		if l != nil {
			labels = append(labels, *l)
		}
	}
	return labels, nil
}

// ResolveLabel finds a label by id or name, case-insensitively ("inbox" →
// INBOX, "projects/apollo" → the user's "Projects/Apollo"); the web UI's names
// for system labels ("Sent Mail", "Drafts", "Bin") work too. The answer has no
// counts. 0 Gmail calls for a system label, or while the name list is
// younger than 30 s, else 1 labels.list; an unknown name refetches once, so a label created elsewhere
// is found. KindNotFound lists the names that exist.
func (m *Mailbox) ResolveLabel(ctx context.Context, nameOrID string) (mail.Label, error) {
	want := strings.TrimSpace(nameOrID)
	if want == "" {
		return mail.Label{}, mail.Errorf(mail.KindInvalid, "a label name or id is required")
	}
	if l, ok := systemLabel(want); ok {
		return l, nil // list_emails of INBOX costs no labels.list
	}
	labels, fresh := m.labels.get(m.now())
	if !fresh {
		var err error
		if labels, err = m.fetchLabelNames(ctx); err != nil {
			return mail.Label{}, err
		}
	}
	if l, ok := findLabel(labels, want); ok {
		return l, nil
	}
	if fresh { // the cached list may predate the label
		var err error
		if labels, err = m.fetchLabelNames(ctx); err != nil {
			return mail.Label{}, err
		}
		if l, ok := findLabel(labels, want); ok {
			return l, nil
		}
	}
	return mail.Label{}, mail.Errorf(mail.KindNotFound,
		fmt.Sprintf("no label %q; the labels are: %s", want, labelNames(labels)))
}

func findLabel(labels []mail.Label, want string) (mail.Label, bool) {
	if id, ok := labelAliases[strings.ToLower(want)]; ok {
		want = id
	}
	for _, l := range labels {
		if strings.EqualFold(l.ID, want) || strings.EqualFold(l.Name, want) {
			return l, true
		}
	}
	return mail.Label{}, false
}

func labelNames(labels []mail.Label) string {
	const most = 60 // keep the error short for a mailbox with hundreds of labels
	names := make([]string, 0, min(len(labels), most))
	for i, l := range labels {
		if i == most {
			names = append(names, fmt.Sprintf("and %d more", len(labels)-most))
			break
		}
		names = append(names, l.Name)
	}
	return strings.Join(names, ", ")
}

// fetchLabelNames lists labels (1 call), sorts them and refreshes the cache.
func (m *Mailbox) fetchLabelNames(ctx context.Context) ([]mail.Label, error) {
	resp, err := m.svc.Users.Labels.List(me).Fields(labelListFields).Context(ctx).Do()
	if err != nil {
		return nil, m.fail(err, read("labels"))
	}
	labels := make([]mail.Label, 0, len(resp.Labels))
	for _, gl := range resp.Labels {
		labels = append(labels, toLabel(gl))
	}
	sortLabels(labels)
	m.labels.set(labels, m.now())
	return labels, nil
}

// sortLabels puts system labels first in Gmail's order, then user labels by name.
func sortLabels(labels []mail.Label) {
	slices.SortStableFunc(labels, func(a, b mail.Label) int {
		if a.Type != b.Type {
			if a.Type == mail.LabelSystem {
				return -1
			}
			if b.Type == mail.LabelSystem {
				return 1
			}
		}
		if a.Type == mail.LabelSystem {
			return 0
		}
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}

func toLabel(gl *gmailapi.Label) mail.Label {
	t := mail.LabelUser
	if gl.Type == "system" {
		t = mail.LabelSystem
	}
	return mail.Label{
		ID:             gl.Id,
		Name:           gl.Name,
		Type:           t,
		MessagesTotal:  int(gl.MessagesTotal),
		MessagesUnread: int(gl.MessagesUnread),
		ThreadsTotal:   int(gl.ThreadsTotal),
		ThreadsUnread:  int(gl.ThreadsUnread),
	}
}
