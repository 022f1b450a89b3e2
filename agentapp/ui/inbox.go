package ui

import (
	"sort"

	"github.com/comptoir/comptoir/wire"
)

// MergeConversation returns rows with c inserted, or in place of the row with
// the same id, newest activity first. A summary older than the row already
// held (a late frame after a reconnect) is ignored, and fields a summary left
// out (visitor, product, pages) keep their known values, so a terse live
// update never blanks the context panel.
func MergeConversation(rows []wire.Conversation, c wire.Conversation) []wire.Conversation {
	for i := range rows {
		if rows[i].ID != c.ID {
			continue
		}
		old := rows[i]
		if c.LastSeq < old.LastSeq || (c.LastSeq == old.LastSeq && c.UpdatedAt < old.UpdatedAt) {
			return rows
		}
		if c.Visitor == nil {
			c.Visitor = old.Visitor
		}
		if c.Product == nil {
			c.Product = old.Product
		}
		if c.Pages == nil {
			c.Pages = old.Pages
		}
		out := append([]wire.Conversation(nil), rows...)
		out[i] = c
		SortInbox(out)
		return out
	}
	out := append(append([]wire.Conversation(nil), rows...), c)
	SortInbox(out)
	return out
}

// ReplaceInbox returns fresh (a welcome's full inbox) sorted, with the
// context fields a summary left out taken from the rows held before, so a
// reconnection does not blank what the agent was looking at.
func ReplaceInbox(held, fresh []wire.Conversation) []wire.Conversation {
	out := make([]wire.Conversation, 0, len(fresh))
	for _, c := range fresh {
		if old, ok := FindConversation(held, c.ID); ok {
			if c.Visitor == nil {
				c.Visitor = old.Visitor
			}
			if c.Product == nil {
				c.Product = old.Product
			}
			if c.Pages == nil {
				c.Pages = old.Pages
			}
		}
		out = append(out, c)
	}
	SortInbox(out)
	return out
}

// SortInbox orders rows by latest activity, newest first; ties by id so that
// the order is stable between renders.
func SortInbox(rows []wire.Conversation) {
	sort.SliceStable(rows, func(a, b int) bool {
		if rows[a].UpdatedAt != rows[b].UpdatedAt {
			return rows[a].UpdatedAt > rows[b].UpdatedAt
		}
		return rows[a].ID > rows[b].ID
	})
}

// UnreadTotal is the sum of unread counts, for the document title.
func UnreadTotal(rows []wire.Conversation) uint64 {
	var n uint64
	for _, c := range rows {
		n += c.Unread
	}
	return n
}

// FindConversation returns the row with id, if held.
func FindConversation(rows []wire.Conversation, id string) (wire.Conversation, bool) {
	for _, c := range rows {
		if c.ID == id {
			return c, true
		}
	}
	return wire.Conversation{}, false
}

// VisitorLabel is how a conversation's shopper is named: their name, else
// their email, else "Visitor #id".
func VisitorLabel(l Lang, c wire.Conversation) string {
	if v := c.Visitor; v != nil {
		if v.Name != "" {
			return v.Name
		}
		if v.Email != "" {
			return v.Email
		}
		if v.ID != "" {
			return l.F(KVisitorN, v.ID)
		}
	}
	return l.F(KVisitorN, c.ID)
}
