package chat

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// Errors the REST layer maps to its catalogue.
var (
	ErrConversationNotFound = &wire.Error{Code: wire.CodeConversationNotFound, Message: "no such conversation"}
	ErrUnavailable          = &wire.Error{Code: wire.CodeUnavailable, Message: "the server is restarting; try again in a moment"}
)

// Acker acknowledges a committed message to its sender. Posting calls it
// after the commit and before the fan-out, so a sender sees its ack first.
type Acker func(store.Appended)

// PostVisitorMessage stores a shopper's message (starting a conversation if
// conv is 0) with the shopper's uploads listed in attachments, acks it, then
// tells everyone concerned. The returned Appended says whether it was a
// resend.
func (s *Service) PostVisitorMessage(site store.Site, v store.Visitor, conv uint64, cid, body string, attachments []string, ack Acker) (store.Appended, error) {
	return s.postVisitor(site, v, conv, cid, body, attachments, "", ack)
}

// postVisitor is PostVisitorMessage with the pre-chat topic, kept on a
// conversation the message starts.
func (s *Service) postVisitor(site store.Site, v store.Visitor, conv uint64, cid, body string, attachments []string, topic string, ack Acker) (store.Appended, error) {
	if conv != 0 {
		c, err := s.db.Conversation(conv)
		if err != nil || c.VisitorID != v.ID {
			return store.Appended{}, ErrConversationNotFound
		}
		defer s.posting.lock(postKey{id: conv})()
	} else {
		// The store will pick the visitor's open conversation (or start
		// one): hold the visitor, then the conversation it will most likely
		// pick, so that this publish is ordered with an agent's in it.
		defer s.posting.lock(postKey{visitor: true, id: v.ID})()
		if open := s.openConversationOf(v.ID); open != 0 {
			defer s.posting.lock(postKey{id: open})()
		}
	}
	handed := time.Now()
	a, err := s.db.AppendMessage(store.NewMessage{
		ConvID: conv, SiteID: site.ID, VisitorID: v.ID, CID: cid,
		Author: store.Author{Kind: store.AuthorVisitor, ID: v.ID, Name: v.Name},
		Body:   body, Product: v.Product(), Attachments: attachments,
		Acknowledgement: acknowledgement(site, v), Topic: topic,
	})
	s.stages.record(StageCommit, time.Since(handed))
	if err != nil {
		return a, s.storeError(err)
	}
	if ack != nil {
		ack(a)
	}
	if !a.Duplicate {
		// Routed before it is published: the inboxes learn of a new
		// conversation together with who has it.
		if a.Created || a.Reopened {
			if c, err := s.router.Route(a.Conversation.ID, lastPage(v)); err == nil {
				a.Conversation = c
			}
		} else {
			s.router.Observe(a.Conversation)
		}
		s.publishMessage(site, v, a)
		if a.Acknowledgement != nil {
			s.publishMessage(site, v, store.Appended{Message: *a.Acknowledgement, Conversation: a.Conversation})
		}
		if a.Reopened {
			s.publishToVisitor(a.Conversation)
		}
	}
	return a, nil
}

// PostAgentMessage stores an agent's reply to conv, with the agent's uploads
// listed in attachments, after checking the agent may answer it, acks it,
// then fans it out.
func (s *Service) PostAgentMessage(agent store.Agent, conv uint64, cid, body string, attachments []string, ack Acker) (store.Appended, error) {
	return s.postAgent(agent, conv, cid, body, attachments, false, ack)
}

// PostAgentNote stores an agents' private note on conv: like a reply, but
// shown only to agents (never replayed nor sent to the shopper, left out of
// contact exports).
func (s *Service) PostAgentNote(agent store.Agent, conv uint64, cid, body string, attachments []string, ack Acker) (store.Appended, error) {
	return s.postAgent(agent, conv, cid, body, attachments, true, ack)
}

func (s *Service) postAgent(agent store.Agent, conv uint64, cid, body string, attachments []string, private bool, ack Acker) (store.Appended, error) {
	c, err := s.ConversationFor(agent, conv)
	if err != nil {
		return store.Appended{}, err
	}
	defer s.posting.lock(postKey{id: c.ID})()
	a, err := s.db.AppendMessage(store.NewMessage{
		ConvID: c.ID, CID: cid,
		Author: store.Author{Kind: store.AuthorAgent, ID: agent.ID, Name: agent.Name},
		Body:   body, Attachments: attachments, Private: private,
	})
	if err != nil {
		return a, s.storeError(err)
	}
	if ack != nil {
		ack(a)
	}
	if !a.Duplicate {
		site, _ := s.db.Site(c.SiteID)
		v, _ := s.db.Visitor(c.VisitorID)
		s.publishMessage(site, v, a)
		if !private {
			s.replyPosted(a)
		}
		s.router.Observe(a.Conversation)
		// The first agent to answer an unassigned conversation takes it.
		if !private && a.Conversation.Assignee == 0 {
			if taken, ok := s.router.Take(agent.ID, c.ID); ok {
				s.publishSummary(taken, site, v)
			}
		}
	}
	return a, nil
}

// openConversationOf is the conversation a message without conversation id
// from this visitor would join: the newest one not resolved, or 0.
func (s *Service) openConversationOf(visitorID uint64) uint64 {
	convs, _ := s.db.ConversationsOfVisitor(visitorID)
	for i := len(convs) - 1; i >= 0; i-- {
		if convs[i].Status != store.StatusResolved {
			return convs[i].ID
		}
	}
	return 0
}

// ConversationFor returns conv if agent may see it. A conversation outside
// the agent's scope is reported as not found, not forbidden: ids leak nothing.
func (s *Service) ConversationFor(agent store.Agent, conv uint64) (store.Conversation, error) {
	c, err := s.db.Conversation(conv)
	if err != nil || !CanSee(agent, c.SiteID) {
		return store.Conversation{}, ErrConversationNotFound
	}
	return c, nil
}

// CanSee says whether agent works on site.
func CanSee(agent store.Agent, site uint64) bool {
	return agent.Role == wire.RoleAdmin || slices.Contains(agent.Sites, site)
}

// SitesOf lists the sites an agent works on.
func (s *Service) SitesOf(agent store.Agent) ([]store.Site, error) {
	all, err := s.db.Sites()
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(site store.Site) bool { return !CanSee(agent, site.ID) }), nil
}

// SetStatus resolves or reopens a conversation as agent.
func (s *Service) SetStatus(agent store.Agent, conv uint64, status string) (store.Conversation, error) {
	cv, err := s.ConversationFor(agent, conv)
	if err != nil {
		return store.Conversation{}, err
	}
	var c store.Conversation
	if status == store.StatusAwaiting {
		c, err = s.propose(agent, cv)
	} else {
		c, err = s.db.SetStatus(conv, status)
	}
	if err != nil {
		return c, s.storeError(err)
	}
	s.router.StatusChanged(conv)
	s.publishConversation(c)
	s.publishToVisitor(c)
	return c, nil
}

// MarkReadByAgent clears the agents' unread count up to seq.
func (s *Service) MarkReadByAgent(agent store.Agent, conv, seq uint64) error {
	if _, err := s.ConversationFor(agent, conv); err != nil {
		return err
	}
	before, _ := s.db.Conversation(conv)
	c, err := s.db.MarkRead(conv, true, seq)
	if err != nil {
		return s.storeError(err)
	}
	s.publishConversation(c)
	if c.AgentReadSeq > before.AgentReadSeq {
		s.relayRead(c, agentAuthor(agent), c.AgentReadSeq)
	}
	return nil
}

// publishMessage fans a committed message out: to the conversation's
// viewers, to the visitor's tabs, and a summary to the site's inboxes.
func (s *Service) publishMessage(site store.Site, v store.Visitor, a store.Appended) {
	m := MessageView(a.Message)
	data, err := json.Marshal(wire.Frame{Type: wire.TypeMessage, Conv: m.Conv, Message: &m})
	if err != nil {
		s.log.Error("encode message", "err", err)
		return
	}
	ev := hub.Event{Conv: a.Message.ConvID, Seq: a.Message.Seq, Data: data, AgentsOnly: m.Private}
	s.hub.Publish(hub.ConversationTopic(a.Message.ConvID), ev)
	if !m.Private {
		s.hub.Publish(hub.VisitorTopic(a.Conversation.VisitorID), ev)
	}
	s.publishSummary(a.Conversation, site, v)
}

func (s *Service) publishConversation(c store.Conversation) {
	site, _ := s.db.Site(c.SiteID)
	v, _ := s.db.Visitor(c.VisitorID)
	s.publishSummary(c, site, v)
}

// publishDetail sends the full conversation (pages seen included) to the
// agents viewing it, when the shopper moves or says who they are.
func (s *Service) publishDetail(c store.Conversation) {
	site, _ := s.db.Site(c.SiteID)
	v, _ := s.db.Visitor(c.VisitorID)
	data, err := json.Marshal(wire.Frame{Type: wire.TypeConversation, Conversations: []wire.Conversation{ConversationForAgent(c, site, v, true)}})
	if err != nil {
		s.log.Error("encode conversation", "err", err)
		return
	}
	s.publishSummary(c, site, v)
	s.hub.Publish(hub.ConversationTopic(c.ID), hub.Event{Data: data})
}

func (s *Service) publishSummary(c store.Conversation, site store.Site, v store.Visitor) {
	data, err := json.Marshal(wire.Frame{Type: wire.TypeConversation, Conversations: []wire.Conversation{ConversationForAgent(c, site, v, false)}})
	if err != nil {
		s.log.Error("encode conversation", "err", err)
		return
	}
	s.hub.Publish(hub.SiteTopic(c.SiteID), hub.Event{Conv: c.ID, Summary: true, Data: data})
}

// storeError maps a store error to the wire catalogue; unknown errors are
// logged and become "internal".
func (s *Service) storeError(err error) error {
	switch {
	case errors.Is(err, store.ErrUploadUnavailable):
		return &wire.Error{Code: wire.CodeUploadNotFound, Message: "an attachment is not one of your uploads waiting to be sent (unknown, already sent, or expired after a day); upload the file again"}
	case errors.Is(err, store.ErrNotFound):
		return ErrConversationNotFound
	case errors.Is(err, store.ErrWrongStatus):
		return errWrongStatus
	case errors.Is(err, store.ErrClosed):
		return ErrUnavailable
	}
	ref := strings.ToLower(strings.ReplaceAll(s.now().Format("150405.000000"), ".", ""))
	s.log.Error("store", "err", err, "ref", ref)
	return &wire.Error{Code: wire.CodeInternal, Message: "something went wrong on our side (ref " + ref + ")"}
}
