package chat

import (
	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/routing"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// The sockets' side of routing (package routing): agents' windows and
// switches, the topics routing publishes on, the shopper's place in line.

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

// Assign gives conv to an agent, a team or back to the line, as agent
// (manual assignment and transfer; see routing.Router.Assign).
func (s *Service) Assign(agent store.Agent, conv, toAgent, toTeam uint64) (store.Conversation, error) {
	if _, err := s.ConversationFor(agent, conv); err != nil {
		return store.Conversation{}, err
	}
	c, err := s.router.Assign(conv, toAgent, toTeam)
	if err != nil {
		if we, ok := err.(*wire.Error); ok {
			return c, we
		}
		return c, s.storeError(err)
	}
	return c, nil
}

// Escalate flags conv for the admins, as agent, with a note for them.
func (s *Service) Escalate(agent store.Agent, conv uint64, note string) (store.Conversation, error) {
	if _, err := s.ConversationFor(agent, conv); err != nil {
		return store.Conversation{}, err
	}
	c, err := s.router.Escalate(conv, &agent, note)
	if err != nil {
		return c, s.storeError(err)
	}
	return c, nil
}
