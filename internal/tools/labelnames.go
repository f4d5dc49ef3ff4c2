package tools

import (
	"context"
	"strings"
)

// labelNames maps label ids to the names a person knows them by. System ids
// (INBOX, STARRED, CATEGORY_UPDATES…) already are names; user ids (Label_12)
// are looked up through ResolveLabel, whose cached id↔name list makes this
// free while it is fresh (list_emails has just refreshed it) and one
// labels.list otherwise. Names are a courtesy: after the first failed lookup
// (a label deleted since, Gmail unavailable) the remaining ids stay ids, so
// this never costs more than two Gmail calls nor fails the tool.
func labelNames(ctx context.Context, d *Deps, ids ...[]string) map[string]string {
	names := map[string]string{}
	for _, set := range ids {
		for _, id := range set {
			if _, done := names[id]; done {
				continue
			}
			names[id] = id
			if !strings.HasPrefix(id, "Label_") {
				continue
			}
			l, err := d.Mailbox.ResolveLabel(ctx, id)
			if err != nil {
				d.Logger.Debug("label name lookup failed; showing ids", "label", id, "err", err)
				return names
			}
			if l.ID == id && l.Name != "" {
				names[id] = l.Name
			}
		}
	}
	return names
}

// namesOf returns the names of ids, in order, never nil.
func namesOf(names map[string]string, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if n, ok := names[id]; ok {
			out = append(out, n)
		} else {
			out = append(out, id)
		}
	}
	return out
}
