package chat

import (
	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// inboxSize is how many recent conversations per site a welcome carries.
const inboxSize = 200

// AgentSession is who is on an agent WebSocket, checked before the upgrade.
type AgentSession struct {
	Agent store.Agent
	// SessionHash identifies the session, so a logout can close its sockets.
	SessionHash string
}

// ServeAgent runs one agent's WebSocket until it closes.
func (s *Service) ServeAgent(ws socket, as AgentSession) {
	s.serve(ws, func(c *conn) { s.runAgent(c, as) })
}

func (s *Service) runAgent(c *conn, as AgentSession) {
	if _, ok := s.readHello(c); !ok {
		return
	}
	agent := as.Agent
	sites, err := s.SitesOf(agent)
	if err != nil {
		c.sendError(asWireError(s.storeError(err)))
		return
	}
	c.hold()
	topics := []hub.Topic{hub.SessionTopic(as.SessionHash)}
	for _, site := range sites {
		topics = append(topics, hub.SiteTopic(site.ID))
	}
	topics = append(topics, routingTopics(agent)...)
	for _, t := range topics {
		s.hub.Subscribe(t, c)
	}
	defer func() {
		for _, t := range topics {
			s.hub.Unsubscribe(t, c)
		}
	}()
	welcome := wire.Frame{Type: wire.TypeWelcome, Agent: new(AgentView(agent)), Conversations: []wire.Conversation{}, Agents: s.router.Agents()}
	for _, site := range sites {
		convs, err := s.db.ConversationsOfSite(site.ID, inboxSize)
		if err != nil {
			c.sendError(asWireError(s.storeError(err)))
			return
		}
		for _, conv := range convs {
			v, _ := s.db.Visitor(conv.VisitorID)
			welcome.Conversations = append(welcome.Conversations, ConversationForAgent(conv, site, v, false))
		}
	}
	c.sendFrame(welcome)
	c.endHold()
	s.router.Connect(agent, c)
	defer s.router.Disconnect(agent.ID, c)
	posts := newAgentPosts()
	defer posts.flush() // the last acks go out before the socket closes

	for {
		f, ok, err := c.readFrame()
		if !ok {
			return
		}
		if err != nil {
			c.sendError(asWireError(err))
			continue
		}
		if f.Type != wire.TypeSend && f.Type != wire.TypeTyping {
			posts.flush() // what the agent does next comes after its replies
		}
		if s.agentRoutingFrame(c, agent, f) {
			continue
		}
		conv := ParseID(f.Conv)
		switch f.Type {
		case wire.TypeSubscribe:
			topic, ok := s.agentSubscribe(c, agent, conv, f.Seq)
			if !ok {
				continue
			}
			topics = append(topics, topic)
		case wire.TypeSend:
			post := s.PostAgentMessage
			if f.Private {
				post = s.PostAgentNote
			}
			posts.post(conv, func() {
				// Not corked (batch.go): posts in flight overlap, and
				// their corks would hold the writer back for as long.
				if _, err := post(agent, conv, f.CID, f.Body, f.Attachments, c.ack); err != nil {
					c.sendSendError(f.CID, err)
				}
			})
		case wire.TypeStatus:
			if _, err := s.SetStatus(agent, conv, f.Status); err != nil {
				c.sendError(asWireError(err))
			}
		case wire.TypeRead:
			if err := s.MarkReadByAgent(agent, conv, f.Seq); err != nil {
				c.sendError(asWireError(err))
			}
		case wire.TypeTyping:
			if cv, err := s.ConversationFor(agent, conv); err == nil {
				s.relayTyping(cv, agentAuthor(agent), f.Typing)
			}
		default:
			c.sendError(&wire.Error{Code: wire.CodeBadFrame, Message: "frame type " + quote(f.Type) + " is not for agents"})
		}
	}
}

// agentSubscribe follows a conversation: its detail, the replay after seq,
// synced, then live messages.
func (s *Service) agentSubscribe(c *conn, agent store.Agent, conv, after uint64) (hub.Topic, bool) {
	cv, err := s.ConversationFor(agent, conv)
	if err != nil {
		c.sendError(asWireError(err))
		return "", false
	}
	site, _ := s.db.Site(cv.SiteID)
	v, _ := s.db.Visitor(cv.VisitorID)
	c.hold()
	topic := hub.ConversationTopic(conv)
	s.hub.Subscribe(topic, c)
	c.sendFrame(wire.Frame{Type: wire.TypeConversation, Conversations: []wire.Conversation{ConversationForAgent(cv, site, v, true)}})
	ok := s.replayConversation(c, conv, after)
	c.endHold()
	return topic, ok
}
