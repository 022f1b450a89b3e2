package web

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// The conversation tools' REST side (docs/agents.md): labels, complaint
// reason and follow-up promise of a conversation, and a site's label
// suggestions and reasons. Each change is also published to the agents'
// inboxes and, for what the shopper sees, to the widget.

func (srv *Server) convoRoutes(api fiber.Router) {
	api.Put("/conversations/:id/labels", srv.putLabels)
	api.Put("/conversations/:id/reason", srv.putReason)
	api.Put("/conversations/:id/promise", srv.putPromise)
	api.Post("/conversations/:id/promise/kept", srv.keepPromise)
	api.Get("/sites/:id/labels", srv.labelOptions)
}

// conversationChange decodes the body into req, runs change for the
// conversation :id and answers its new summary.
func (srv *Server) conversationChange(c *fiber.Ctx, req any, example string, change func(store.Agent, uint64) (store.Conversation, error)) error {
	conv, err := srv.conversationParam(c)
	if err != nil {
		return err
	}
	if req != nil {
		if err := json.Unmarshal(c.Body(), req); err != nil {
			return badRequest("the body must be JSON: " + example)
		}
	}
	updated, err := change(currentSession(c).agent, conv.ID)
	if err != nil {
		return err
	}
	site, _ := srv.db.Site(updated.SiteID)
	v, _ := srv.db.Visitor(updated.VisitorID)
	return c.JSON(chat.ConversationForAgent(updated, site, v, false))
}

func (srv *Server) putLabels(c *fiber.Ctx) error {
	var req wire.LabelsRequest
	return srv.conversationChange(c, &req, `{"labels":["vip","exchange"]}`, func(a store.Agent, id uint64) (store.Conversation, error) {
		return srv.chat.SetLabels(a, id, req.Labels)
	})
}

func (srv *Server) putReason(c *fiber.Ctx) error {
	var req wire.ReasonRequest
	return srv.conversationChange(c, &req, `{"reason":"delivery"}`, func(a store.Agent, id uint64) (store.Conversation, error) {
		return srv.chat.SetReason(a, id, req.Reason)
	})
}

func (srv *Server) putPromise(c *fiber.Ctx) error {
	var req wire.PromiseRequest
	return srv.conversationChange(c, &req, `{"what":"the tracking number","due":1767225600000,"channel":"email"}`, func(a store.Agent, id uint64) (store.Conversation, error) {
		return srv.chat.SetPromise(a, id, req)
	})
}

func (srv *Server) keepPromise(c *fiber.Ctx) error {
	return srv.conversationChange(c, nil, "", srv.chat.KeepPromise)
}

func (srv *Server) labelOptions(c *fiber.Ctx) error {
	site, err := srv.cannedSite(c)
	if err != nil {
		return err
	}
	labels := site.Labels
	if labels == nil {
		labels = []string{}
	}
	return c.JSON(wire.LabelOptions{Labels: labels, Reasons: chat.SiteReasons(site)})
}

// applyConvoSettings checks and applies the conversation tools' site
// settings of ch (sites.go calls it).
func applyConvoSettings(s *store.Site, ch wire.SiteChange) *wire.Error {
	if ch.Reasons != nil {
		var reasons []string
		for _, r := range *ch.Reasons {
			r = strings.Join(strings.Fields(r), " ")
			if r == "" || utf8.RuneCountInString(r) > wire.MaxLabelRunes {
				return badRequest(fmt.Sprintf("reasons: %q must have 1 to %d characters", r, wire.MaxLabelRunes))
			}
			reasons = append(reasons, r)
		}
		if len(reasons) > wire.MaxReasons {
			return badRequest(fmt.Sprintf("reasons: at most %d", wire.MaxReasons))
		}
		s.Reasons = reasons
	}
	if a := ch.AutoAck; a != nil {
		for lang, text := range a.Texts {
			if !slices.Contains(supportedLangs, lang) {
				return badRequest(fmt.Sprintf("autoAck.texts: %q is not one of en, fr, it, es, de", lang))
			}
			if utf8.RuneCountInString(text) > wire.MaxAckRunes {
				return badRequest(fmt.Sprintf("autoAck.texts.%s: at most %d characters", lang, wire.MaxAckRunes))
			}
		}
		s.AutoAck = store.AutoAck{On: a.On, Texts: a.Texts}
	}
	if h := ch.ConfirmHours; h != nil {
		if *h < 0 || *h > chat.MaxConfirmHours {
			return badRequest(fmt.Sprintf("confirmHours: 1 to %d (0: the default, %d)", chat.MaxConfirmHours, chat.DefaultConfirmHours))
		}
		s.ConfirmHours = *h
	}
	return nil
}
