package gmail

import (
	"container/list"
	"slices"
	"sync"
	"time"

	"github.com/gmail-mcp/gmail-mcp/internal/mail"
)

// contentCache is an LRU of message content bounded by bytes.
//
// A Gmail message's content (payload tree, snippet, thread, dates, size) never
// changes once it exists; its labels do. So an entry keeps the content for as
// long as it fits and the labels with the time they were last seen whole.
// Label sets are refreshed for free by every answer that carries them (List,
// Thread, Modify, Trash, a minimal get), and label changes made through this
// Mailbox are applied to the entry at once. Message decides from labelsAt
// whether the labels are fresh enough to answer with no Gmail call.
//
// Entries are shared: callers get a copy of the Message struct and of its
// label slice, but the Part tree and bodies are the cached ones and must be
// treated as read-only. A nil *contentCache is a disabled cache.
type contentCache struct {
	mu    sync.Mutex
	max   int64
	used  int64
	order *list.List // of *cacheEntry, most recently used first
	byID  map[string]*list.Element
}

type cacheEntry struct {
	msg      *mail.Message // content; LabelIDs nil, labels live below
	labels   []string
	labelsAt time.Time
	size     int64
}

func newContentCache(maxBytes int64) *contentCache {
	return &contentCache{max: maxBytes, order: list.New(), byID: make(map[string]*list.Element)}
}

// get returns a copy of the cached message with its labels as last seen.
func (c *contentCache) get(id string) (msg *mail.Message, labelsAt time.Time, ok bool) {
	if c == nil {
		return nil, time.Time{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[id]
	if !ok {
		return nil, time.Time{}, false
	}
	c.order.MoveToFront(el)
	e := el.Value.(*cacheEntry)
	cp := *e.msg
	cp.LabelIDs = slices.Clone(e.labels)
	return &cp, e.labelsAt, true
}

// put stores m's content and its labels as seen at at. A message larger than
// the whole cache is not kept.
func (c *contentCache) put(m *mail.Message, at time.Time) {
	if c == nil || m == nil || m.ID == "" {
		return
	}
	size := messageBytes(m)
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[m.ID]; ok {
		e := el.Value.(*cacheEntry)
		e.labels, e.labelsAt = slices.Clone(m.LabelIDs), at
		c.order.MoveToFront(el)
		return
	}
	if size > c.max {
		return
	}
	for c.used+size > c.max {
		c.removeLocked(c.order.Back())
	}
	content := *m
	content.LabelIDs = nil
	c.byID[m.ID] = c.order.PushFront(&cacheEntry{msg: &content, labels: slices.Clone(m.LabelIDs), labelsAt: at, size: size})
	c.used += size
}

// setLabels records the whole label set of a cached message, seen at at.
func (c *contentCache) setLabels(id string, labels []string, at time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		e := el.Value.(*cacheEntry)
		e.labels, e.labelsAt = slices.Clone(labels), at
	}
}

// changeLabels applies a label change Gmail accepted for ids. It leaves
// labelsAt alone: only the delta is known, not the whole current set.
func (c *contentCache) changeLabels(ids, add, remove []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		el, ok := c.byID[id]
		if !ok {
			continue
		}
		e := el.Value.(*cacheEntry)
		labels := slices.DeleteFunc(slices.Clone(e.labels), func(l string) bool { return slices.Contains(remove, l) })
		for _, l := range add {
			if !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
		}
		e.labels = labels
	}
}

// forget drops id, e.g. once Gmail says it no longer exists.
func (c *contentCache) forget(id string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[id]; ok {
		c.removeLocked(el)
	}
}

func (c *contentCache) removeLocked(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry)
	delete(c.byID, e.msg.ID)
	c.used -= e.size
}

// stats reports the entry count and bytes in use.
func (c *contentCache) stats() (entries int, bytes int64) {
	if c == nil {
		return 0, 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.byID), c.used
}

// messageBytes approximates the memory a cached message holds: bodies and
// header text dominate; a fixed overhead covers structs and short strings.
func messageBytes(m *mail.Message) int64 {
	const overhead = 256
	n := int64(overhead + len(m.ID) + len(m.ThreadID) + len(m.Snippet))
	var walk func(p *mail.Part)
	walk = func(p *mail.Part) {
		if p == nil {
			return
		}
		n += int64(overhead/2 + len(p.PartID) + len(p.MIMEType) + len(p.Filename) + len(p.AttachmentID) + len(p.Body))
		for _, h := range p.Headers {
			n += int64(len(h.Name) + len(h.Value) + 32)
		}
		for _, c := range p.Parts {
			walk(c)
		}
	}
	walk(m.Payload)
	return n
}
