package chat

import (
	"strings"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/routing"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// The sockets' side of routing (package routing): agents' windows and
// switches, the topics routing publishes on, the shopper's place in line.

// siteTopic is topic as the site spells it, "" when it is not one of the
// site's pre-chat topics (a shopper cannot invent one).
func siteTopic(site store.Site, topic string) string {
	if !site.Routing.PreChat.Enabled {
		return ""
	}
	for _, t := range site.Routing.PreChat.Topics {
		if strings.EqualFold(t, strings.TrimSpace(topic)) {
			return t
		}
	}
	return ""
}

// lastPage is where the shopper is now, nil when unknown.
func lastPage(v store.Visitor) *store.Page {
	if n := len(v.Pages); n > 0 {
		return &v.Pages[n-1]
	}
	return nil
}

// routingTopics are what an agent's socket follows for routing.
func routingTopics(agent store.Agent) []hub.Topic {
	if agent.Role == wire.RoleAdmin {
		return []hub.Topic{routing.AgentsTopic, routing.AdminsTopic}
	}
	return []hub.Topic{routing.AgentsTopic}
}

// agentRoutingFrame handles an agent's availability and active frames;
// false for other types. Any frame a person causes counts as input in
// that window (auto-away).
func (s *Service) agentRoutingFrame(c *conn, agent store.Agent, f wire.Frame) bool {
	switch f.Type {
	case wire.TypeAway:
		if _, err := s.router.SetAway(agent.ID, f.Away); err != nil {
			c.sendError(asWireError(s.storeError(err)))
		}
		s.router.Active(agent.ID, c)
		return true
	case wire.TypeActive:
		s.router.Active(agent.ID, c)
		return true
	case wire.TypeSend, wire.TypeStatus, wire.TypeSubscribe, wire.TypeTyping:
		s.router.Active(agent.ID, c)
	}
	return false
}

// Assign gives conv to an agent, a team or back to the line, as agent,
// with a note for the agents (manual assignment and transfer; see
// routing.Router.Assign).
func (s *Service) Assign(agent store.Agent, conv, toAgent, toTeam uint64, note string) (store.Conversation, error) {
	if _, err := s.ConversationFor(agent, conv); err != nil {
		return store.Conversation{}, err
	}
	// The router is called without the post lock: it may publish others.
	_, ev, err := s.router.Assign(conv, toAgent, toTeam, agent.Name, note)
	if err != nil {
		if we, ok := err.(*wire.Error); ok {
			return store.Conversation{}, we
		}
		return store.Conversation{}, s.storeError(err)
	}
	return s.routedByAgent(conv, ev)
}

// Escalate flags conv for the admins, as agent, with a note for them.
func (s *Service) Escalate(agent store.Agent, conv uint64, note string) (store.Conversation, error) {
	if _, err := s.ConversationFor(agent, conv); err != nil {
		return store.Conversation{}, err
	}
	_, ev, err := s.router.Escalate(conv, agent, note)
	if err != nil {
		return store.Conversation{}, s.storeError(err)
	}
	return s.routedByAgent(conv, ev)
}

// routedByAgent records an agent's routing action in the conversation and
// publishes it.
func (s *Service) routedByAgent(conv uint64, ev *store.RoutingEvent) (store.Conversation, error) {
	defer s.posting.lock(postKey{id: conv})()
	s.recordEvent(conv, ev)
	c, err := s.db.Conversation(conv)
	if err != nil {
		return c, s.storeError(err)
	}
	s.publishConversation(c)
	return c, nil
}

// recordEvent stores what routing did as an agents-only system message
// and publishes it; the caller holds the conversation's post lock.
func (s *Service) recordEvent(conv uint64, ev *store.RoutingEvent) {
	if ev == nil {
		return
	}
	a, err := s.db.AppendMessage(store.NewMessage{ConvID: conv, Author: store.Author{Kind: store.AuthorSystem}, Private: true, Event: ev})
	if err != nil {
		s.log.Error("routing: record event", "conv", conv, "err", err)
		return
	}
	site, _ := s.db.Site(a.Conversation.SiteID)
	v, _ := s.db.Visitor(a.Conversation.VisitorID)
	s.publishMessage(site, v, a)
}
