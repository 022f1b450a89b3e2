package chat

import (
	"net/url"
	"strconv"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// This file turns stored records into what clients see.

func idString(id uint64) string { return strconv.FormatUint(id, 10) }

// ParseID reads a decimal id; 0 means invalid.
func ParseID(s string) uint64 {
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0
	}
	return id
}

// MessageView is a stored message as clients see it.
func MessageView(m store.Message) wire.Message {
	a := wire.Author{Kind: m.Author.Kind, Name: m.Author.Name}
	if m.Author.ID != 0 {
		a.ID = idString(m.Author.ID)
	}
	w := wire.Message{Conv: idString(m.ConvID), Seq: m.Seq, CID: m.CID, Author: a, Body: m.Body, At: m.At.UnixMilli(), Private: m.Private}
	if e := m.Event; e != nil {
		w.Event = &wire.RoutingEvent{Kind: e.Kind, AgentName: e.AgentName, TeamName: e.TeamName, By: e.By, Note: e.Note}
		if e.Agent != 0 {
			w.Event.Agent = idString(e.Agent)
		}
		if e.Team != 0 {
			w.Event.Team = idString(e.Team)
		}
	}
	for _, at := range m.Attachments {
		w.Attachments = append(w.Attachments, AttachmentView(at))
	}
	return w
}

// AttachmentView is an upload as clients see it. The URL is a path on this
// server: the widget's frame and the agents' app are both served from it.
func AttachmentView(a store.Attachment) wire.Attachment {
	return wire.Attachment{ID: a.ID, Name: a.Name, Type: a.Type, Size: a.Size, URL: "/api/v1/uploads/" + a.ID + "/" + url.PathEscape(a.Name)}
}

// MessagesView converts a slice of messages.
func MessagesView(ms []store.Message) []wire.Message {
	out := make([]wire.Message, len(ms))
	for i, m := range ms {
		out[i] = MessageView(m)
	}
	return out
}

// ProductView converts a product.
func ProductView(p *store.Product) *wire.Product {
	if p == nil {
		return nil
	}
	w := wire.Product(*p)
	return &w
}

// ProductFromWire converts what the loader sent.
func ProductFromWire(p *wire.Product) *store.Product {
	if p == nil || *p == (wire.Product{}) {
		return nil
	}
	s := store.Product(*p)
	return &s
}

// PageFromWire converts a page context.
func PageFromWire(p *wire.PageContext) *store.Page {
	if p == nil {
		return nil
	}
	return &store.Page{URL: p.URL, Title: p.Title, Lang: p.Lang, Referrer: p.Referrer, Product: ProductFromWire(p.Product)}
}

// VisitorView converts a visitor.
func VisitorView(v store.Visitor) *wire.Visitor {
	return &wire.Visitor{ID: idString(v.ID), Name: v.Name, Email: v.Email, Attributes: v.Attributes, Verified: v.Verified, ExternalID: v.ExternalID}
}

// ConversationForVisitor is the summary a shopper sees: no agent-side data,
// and seqs that never count the agents' private notes.
func ConversationForVisitor(c store.Conversation) wire.Conversation {
	w := conversationCommon(c)
	w.LastSeq = visibleSeq(c)
	w.ReadByAgents = min(c.AgentReadSeq, w.LastSeq)
	return w
}

// conversationCommon is what both sides see.
func conversationCommon(c store.Conversation) wire.Conversation {
	w := wire.Conversation{
		ID: idString(c.ID), Site: idString(c.SiteID), Status: c.Status, LastSeq: c.LastSeq,
		Preview: c.Preview, CreatedAt: c.CreatedAt.UnixMilli(), UpdatedAt: c.UpdatedAt.UnixMilli(),
		Promise: PromiseView(c.Promise),
	}
	if !c.ConfirmBy.IsZero() {
		w.ConfirmBy = c.ConfirmBy.UnixMilli()
	}
	return w
}

// ConversationForAgent is the summary agents see, with the visitor, the
// product context and, when withPages, the pages seen.
func ConversationForAgent(c store.Conversation, site store.Site, v store.Visitor, withPages bool) wire.Conversation {
	w := conversationCommon(c)
	w.SiteName = site.Name
	w.Labels, w.Reason, w.Resolution, w.FirstContact, w.Reopens = c.Labels, c.Reason, c.Resolution, c.FirstContact, c.Reopens
	w.ReadByVisitor, w.ReadByAgents = c.VisitorReadSeq, c.AgentReadSeq
	if c.ProposedBy != 0 {
		w.ProposedBy = idString(c.ProposedBy)
	}
	w.Unread = c.UnreadByAgents
	if c.Assignee != 0 {
		w.Assignee = idString(c.Assignee)
	}
	w.Visitor = VisitorView(v)
	w.Product = ProductView(c.Product)
	if w.Product == nil {
		w.Product = ProductView(v.Product())
	}
	w.Topic = c.Topic
	w.Escalated = !c.EscalatedAt.IsZero()
	if c.Team != 0 {
		w.Team = idString(c.Team)
	}
	if !c.QueuedAt.IsZero() {
		w.QueuedAt = c.QueuedAt.UnixMilli()
	}
	if withPages {
		for _, p := range v.Pages {
			w.Pages = append(w.Pages, wire.PageContext{URL: p.URL, Title: p.Title, Lang: p.Lang, Referrer: p.Referrer, Product: ProductView(p.Product)})
		}
	}
	return w
}

// AgentView converts an agent.
func AgentView(a store.Agent) wire.Agent {
	return wire.Agent{ID: idString(a.ID), Email: a.Email, Name: a.Name, Role: a.Role}
}
