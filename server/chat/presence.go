package chat

import (
	"encoding/json"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// Typing indicators and seen receipts: relayed live, never stored (the read
// positions themselves are stored by MarkRead). The other side of the
// conversation gets them: a shopper's go to the agents viewing it, an
// agent's go to the shopper's tabs and to the other agents viewing it.

// relayTyping tells the other side that author is (or stopped) typing.
func (s *Service) relayTyping(c store.Conversation, author wire.Author, typing bool) {
	s.publishPresence(c, author, wire.Frame{Type: wire.TypeTyping, Conv: idString(c.ID), Typing: typing, Author: &author})
}

// relayRead tells the other side that author has seen the conversation up
// to seq.
func (s *Service) relayRead(c store.Conversation, author wire.Author, seq uint64) {
	s.publishPresence(c, author, wire.Frame{Type: wire.TypeRead, Conv: idString(c.ID), Seq: seq, Author: &author})
}

func (s *Service) publishPresence(c store.Conversation, author wire.Author, f wire.Frame) {
	data, err := json.Marshal(f)
	if err != nil {
		s.log.Error("encode presence", "err", err)
		return
	}
	ev := hub.Event{Data: data}
	s.hub.Publish(hub.ConversationTopic(c.ID), ev)
	if author.Kind == wire.AuthorAgent {
		s.hub.Publish(hub.VisitorTopic(c.VisitorID), ev)
	}
}

func visitorAuthor(v store.Visitor) wire.Author {
	return wire.Author{Kind: wire.AuthorVisitor, ID: idString(v.ID), Name: v.Name}
}

func agentAuthor(a store.Agent) wire.Author {
	return wire.Author{Kind: wire.AuthorAgent, ID: idString(a.ID), Name: a.Name}
}
