package web

import (
	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

func agentView(a store.Agent) wire.Agent { return chat.AgentView(a) }

func (srv *Server) listConversations(c *fiber.Ctx) error {
	status := c.Query("status")
	if status != "" && status != wire.StatusOpen && status != wire.StatusPending && status != wire.StatusResolved && status != wire.StatusAwaiting {
		return badRequest("status must be open, pending, awaiting or resolved")
	}
	filter, err := srv.inboxFilter(c)
	if err != nil {
		return err
	}
	sites, err := srv.siteScope(c)
	if err != nil {
		return err
	}
	out := wire.ConversationList{Conversations: []wire.Conversation{}}
	for _, site := range sites {
		convs, err := srv.db.ConversationsOfSite(site.ID, 200)
		if err != nil {
			return err
		}
		for _, conv := range convs {
			if status != "" && conv.Status != status || !filter.keeps(conv) {
				continue
			}
			v, _ := srv.db.Visitor(conv.VisitorID)
			out.Conversations = append(out.Conversations, chat.ConversationForAgent(conv, site, v, false))
		}
	}
	return c.JSON(out)
}

// conversationParam reads :id and checks the agent may see it.
func (srv *Server) conversationParam(c *fiber.Ctx) (store.Conversation, error) {
	id := chat.ParseID(c.Params("id"))
	if id == 0 {
		return store.Conversation{}, chat.ErrConversationNotFound
	}
	return srv.chat.ConversationFor(currentSession(c).agent, id)
}

func (srv *Server) getConversation(c *fiber.Ctx) error {
	conv, err := srv.conversationParam(c)
	if err != nil {
		return err
	}
	site, _ := srv.db.Site(conv.SiteID)
	v, _ := srv.db.Visitor(conv.VisitorID)
	msgs, err := srv.db.Messages(conv.ID, 0, 0)
	if err != nil {
		return err
	}
	return c.JSON(wire.ConversationDetail{Conversation: chat.ConversationForAgent(conv, site, v, true), Messages: chat.MessagesView(msgs)})
}

func (srv *Server) postMessage(c *fiber.Ctx) error {
	conv, err := srv.conversationParam(c)
	if err != nil {
		return err
	}
	var req wire.SendRequest
	if err := c.BodyParser(&req); err != nil {
		return badRequest("the body must be JSON: {\"cid\":…, \"body\":…}")
	}
	// The same checks as a WebSocket send frame.
	if err := wire.CheckMessage(req.CID, req.Body, req.Attachments); err != nil {
		return badRequest(err.Message)
	}
	post := srv.chat.PostAgentMessage
	if req.Private {
		post = srv.chat.PostAgentNote
	}
	a, err := post(currentSession(c).agent, conv.ID, req.CID, req.Body, req.Attachments, nil)
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if a.Duplicate {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(chat.MessageView(a.Message))
}

func (srv *Server) postStatus(c *fiber.Ctx) error {
	conv, err := srv.conversationParam(c)
	if err != nil {
		return err
	}
	var req wire.StatusRequest
	if err := c.BodyParser(&req); err != nil {
		return badRequest("the body must be JSON: {\"status\":\"resolved\"}")
	}
	if req.Status != wire.StatusOpen && req.Status != wire.StatusPending && req.Status != wire.StatusResolved && req.Status != wire.StatusAwaiting {
		return badRequest("status must be open, pending, awaiting (ask the shopper to confirm) or resolved")
	}
	updated, err := srv.chat.SetStatus(currentSession(c).agent, conv.ID, req.Status)
	if err != nil {
		return err
	}
	site, _ := srv.db.Site(updated.SiteID)
	v, _ := srv.db.Visitor(updated.VisitorID)
	return c.JSON(chat.ConversationForAgent(updated, site, v, false))
}

func (srv *Server) siteSettings(c *fiber.Ctx) error {
	site, err := srv.db.SiteByKey(c.Params("key"))
	if err != nil {
		return &wire.Error{Code: wire.CodeSiteNotFound, Message: "no site has this key"}
	}
	return c.JSON(wire.SiteSettings{Name: site.Name, Color: site.Color, Greeting: site.Greeting, Languages: site.Languages, PreChat: chat.PreChatView(site)})
}
