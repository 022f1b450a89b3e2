package web

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// Routing (docs/routing.md): agents' availability and capacity, manual
// assignment, transfer and escalation, teams and each site's rules.

var errTeamUnknown = &wire.Error{Code: wire.CodeNotFound, Message: "no team has this id"}

// routingRoutes registers routing's endpoints; they sit behind
// requireAgent (session and CSRF).
func (srv *Server) routingRoutes(api fiber.Router) {
	api.Get("/agents", srv.listAgents)
	api.Post("/me/availability", srv.setAvailability)
	api.Post("/conversations/:id/assign", srv.assignConversation)
	api.Post("/conversations/:id/escalate", srv.escalateConversation)
	api.Get("/sites/:id/teams", srv.listTeams)
	api.Patch("/admin/agents/:id", srv.requireAdmin, srv.patchAgent)
	api.Post("/admin/sites/:id/teams", srv.requireAdmin, srv.createTeam)
	api.Patch("/admin/teams/:id", srv.requireAdmin, srv.patchTeam)
	api.Delete("/admin/teams/:id", srv.requireAdmin, srv.deleteTeam)
	api.Get("/admin/sites/:id/routing", srv.requireAdmin, srv.getSiteRouting)
	api.Put("/admin/sites/:id/routing", srv.requireAdmin, srv.putSiteRouting)
}

func (srv *Server) listAgents(c *fiber.Ctx) error {
	return c.JSON(wire.AgentList{Agents: srv.chat.Router().Agents()})
}

func (srv *Server) setAvailability(c *fiber.Ctx) error {
	var req wire.AvailabilityRequest
	if err := c.BodyParser(&req); err != nil || req.Availability != wire.AvailabilityOnline && req.Availability != wire.AvailabilityAway {
		return badRequest(`the body must be JSON: {"availability": "online"} or "away"`)
	}
	if _, err := srv.chat.Router().SetAway(currentSession(c).agent.ID, req.Availability == wire.AvailabilityAway); err != nil {
		return err
	}
	return srv.listAgents(c)
}

func checkNote(note string) error {
	if utf8.RuneCountInString(note) > wire.MaxNoteRunes {
		return badRequest(fmt.Sprintf("a note has at most %d characters", wire.MaxNoteRunes))
	}
	return nil
}

// idField reads an optional id from a request body field ("" is 0).
func idField(name, s string) (uint64, error) {
	if s == "" {
		return 0, nil
	}
	id := chat.ParseID(s)
	if id == 0 {
		return 0, badRequest(name + " must be an id (a decimal number)")
	}
	return id, nil
}

func (srv *Server) assignConversation(c *fiber.Ctx) error {
	conv, err := srv.conversationParam(c)
	if err != nil {
		return err
	}
	var req wire.AssignRequest
	if err := c.BodyParser(&req); err != nil {
		return badRequest(`the body must be JSON: {"agent": "12"} or {"team": "3"}, with an optional "note"`)
	}
	toAgent, err := idField("agent", req.Agent)
	if err != nil {
		return err
	}
	toTeam, err := idField("team", req.Team)
	if err != nil {
		return err
	}
	if err := checkNote(req.Note); err != nil {
		return err
	}
	updated, err := srv.chat.Assign(currentSession(c).agent, conv.ID, toAgent, toTeam, req.Note)
	if err != nil {
		return err
	}
	return srv.conversationJSON(c, updated)
}

func (srv *Server) escalateConversation(c *fiber.Ctx) error {
	conv, err := srv.conversationParam(c)
	if err != nil {
		return err
	}
	var req wire.EscalateRequest
	if len(c.Body()) > 0 {
		if err := c.BodyParser(&req); err != nil {
			return badRequest(`the body must be JSON: {"note": "…"}`)
		}
	}
	if err := checkNote(req.Note); err != nil {
		return err
	}
	updated, err := srv.chat.Escalate(currentSession(c).agent, conv.ID, req.Note)
	if err != nil {
		return err
	}
	return srv.conversationJSON(c, updated)
}

func (srv *Server) conversationJSON(c *fiber.Ctx, conv store.Conversation) error {
	site, _ := srv.db.Site(conv.SiteID)
	v, _ := srv.db.Visitor(conv.VisitorID)
	return c.JSON(chat.ConversationForAgent(conv, site, v, false))
}

func (srv *Server) patchAgent(c *fiber.Ctx) error {
	id := chat.ParseID(c.Params("id"))
	var req wire.AgentChange
	if err := c.BodyParser(&req); err != nil || req.Capacity == nil {
		return badRequest(`the body must be JSON: {"capacity": 3}`)
	}
	if n := *req.Capacity; n < 1 || n > wire.MaxCapacity {
		return badRequest(fmt.Sprintf("capacity must be from 1 to %d conversations at once", wire.MaxCapacity))
	}
	if _, err := srv.db.Agent(id); id == 0 || errors.Is(err, store.ErrNotFound) {
		return &wire.Error{Code: wire.CodeNotFound, Message: "no agent has this id"}
	}
	if _, err := srv.chat.Router().SetCapacity(id, *req.Capacity); err != nil {
		return err
	}
	if _, err := srv.db.Audit(store.AuditEntry{AgentID: currentSession(c).agent.ID, Action: store.AuditAgentCapacity, Target: "agent:" + c.Params("id")}); err != nil {
		return err
	}
	return srv.listAgents(c)
}

func teamView(t store.Team) wire.Team {
	w := wire.Team{ID: idText(t.ID), Site: idText(t.SiteID), Name: t.Name, Members: []string{}}
	for _, m := range t.Members {
		w.Members = append(w.Members, idText(m))
	}
	return w
}

func idText(id uint64) string { return fmt.Sprint(id) }

func (srv *Server) listTeams(c *fiber.Ctx) error {
	site, err := srv.cannedSite(c) // a site the caller works on
	if err != nil {
		return err
	}
	teams, err := srv.db.Teams(site.ID)
	if err != nil {
		return err
	}
	out := wire.TeamList{Teams: []wire.Team{}}
	for _, t := range teams {
		out.Teams = append(out.Teams, teamView(t))
	}
	return c.JSON(out)
}

// applyTeam checks a team change and applies it to t.
func (srv *Server) applyTeam(t *store.Team, req wire.TeamChange) error {
	if req.Name != nil {
		name := strings.TrimSpace(*req.Name)
		if name == "" || utf8.RuneCountInString(name) > wire.MaxTeamNameRunes {
			return badRequest(fmt.Sprintf("a team's name has 1 to %d characters", wire.MaxTeamNameRunes))
		}
		t.Name = name
	}
	if req.Members != nil {
		t.Members = nil
		for _, s := range *req.Members {
			id := chat.ParseID(s)
			a, err := srv.db.Agent(id)
			if id == 0 || err != nil || !chat.CanSee(a, t.SiteID) {
				return badRequest(fmt.Sprintf("member %q is not an agent of this site", s))
			}
			if !slices.Contains(t.Members, id) {
				t.Members = append(t.Members, id)
			}
		}
	}
	return nil
}

func (srv *Server) saveTeam(c *fiber.Ctx, t store.Team) error {
	saved, err := srv.db.SaveTeam(currentSession(c).agent.ID, t)
	switch {
	case errors.Is(err, store.ErrTeamName):
		return badRequest("this site already has a team of that name")
	case errors.Is(err, store.ErrNotFound):
		return errTeamUnknown
	case err != nil:
		return err
	}
	if err := srv.chat.Router().TeamsChanged(); err != nil {
		return err
	}
	status := fiber.StatusOK
	if t.ID == 0 {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(teamView(saved))
}

func (srv *Server) createTeam(c *fiber.Ctx) error {
	site, err := srv.cannedSite(c)
	if err != nil {
		return err
	}
	var req wire.TeamChange
	if err := c.BodyParser(&req); err != nil || req.Name == nil {
		return badRequest(`the body must be JSON: {"name": "Sales", "members": ["2", "5"]}`)
	}
	if teams, err := srv.db.Teams(site.ID); err != nil {
		return err
	} else if len(teams) >= wire.MaxTeamsPerSite {
		return badRequest(fmt.Sprintf("a site has at most %d teams", wire.MaxTeamsPerSite))
	}
	t := store.Team{SiteID: site.ID}
	if err := srv.applyTeam(&t, req); err != nil {
		return err
	}
	return srv.saveTeam(c, t)
}

func (srv *Server) teamParam(c *fiber.Ctx) (store.Team, error) {
	id := chat.ParseID(c.Params("id"))
	t, err := srv.db.Team(id)
	if id == 0 || errors.Is(err, store.ErrNotFound) {
		return t, errTeamUnknown
	}
	return t, err
}

func (srv *Server) patchTeam(c *fiber.Ctx) error {
	t, err := srv.teamParam(c)
	if err != nil {
		return err
	}
	var req wire.TeamChange
	if err := c.BodyParser(&req); err != nil {
		return badRequest(`the body must be JSON: {"name": "Sales", "members": ["2", "5"]}`)
	}
	if err := srv.applyTeam(&t, req); err != nil {
		return err
	}
	return srv.saveTeam(c, t)
}

func (srv *Server) deleteTeam(c *fiber.Ctx) error {
	t, err := srv.teamParam(c)
	if err != nil {
		return err
	}
	if err := srv.db.DeleteTeam(currentSession(c).agent.ID, t.ID); err != nil {
		return err
	}
	if err := srv.chat.Router().TeamsChanged(); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func siteRoutingView(r store.SiteRouting) wire.SiteRouting {
	w := wire.SiteRouting{EscalateAfterSeconds: r.EscalateAfterSeconds, Rules: []wire.RoutingRule{}, PreChat: wire.PreChat{Enabled: r.PreChat.Enabled, Topics: r.PreChat.Topics}}
	for _, rule := range r.Rules {
		w.Rules = append(w.Rules, wire.RoutingRule{Field: rule.Field, Pattern: rule.Pattern, Team: idText(rule.Team)})
	}
	return w
}

func (srv *Server) getSiteRouting(c *fiber.Ctx) error {
	site, err := srv.cannedSite(c)
	if err != nil {
		return err
	}
	return c.JSON(siteRoutingView(site.Routing))
}

func (srv *Server) putSiteRouting(c *fiber.Ctx) error {
	site, err := srv.cannedSite(c)
	if err != nil {
		return err
	}
	var req wire.SiteRouting
	if err := c.BodyParser(&req); err != nil {
		return badRequest(`the body must be JSON: {"escalateAfterSeconds": 300, "rules": [{"field": "url", "pattern": "*/returns*", "team": "3"}], "preChat": {"enabled": true, "topics": ["Orders"]}}`)
	}
	r, err := srv.checkSiteRouting(site, req)
	if err != nil {
		return err
	}
	saved, err := srv.db.SetSiteRouting(currentSession(c).agent.ID, site.ID, r)
	if err != nil {
		return err
	}
	return c.JSON(siteRoutingView(saved.Routing))
}

// checkSiteRouting turns a request into settings, naming the first thing
// wrong.
func (srv *Server) checkSiteRouting(site store.Site, req wire.SiteRouting) (store.SiteRouting, error) {
	var r store.SiteRouting
	if req.EscalateAfterSeconds < 0 || req.EscalateAfterSeconds > wire.MaxEscalateAfterSeconds {
		return r, badRequest(fmt.Sprintf("escalateAfterSeconds must be from 0 (never) to %d", wire.MaxEscalateAfterSeconds))
	}
	r.EscalateAfterSeconds = req.EscalateAfterSeconds
	if len(req.PreChat.Topics) > wire.MaxTopics {
		return r, badRequest(fmt.Sprintf("the pre-chat form has at most %d topics", wire.MaxTopics))
	}
	r.PreChat.Enabled = req.PreChat.Enabled
	for _, t := range req.PreChat.Topics {
		t = strings.TrimSpace(t)
		if t == "" || utf8.RuneCountInString(t) > wire.MaxTopicRunes {
			return r, badRequest(fmt.Sprintf("a topic has 1 to %d characters", wire.MaxTopicRunes))
		}
		if slices.ContainsFunc(r.PreChat.Topics, func(o string) bool { return strings.EqualFold(o, t) }) {
			return r, badRequest(fmt.Sprintf("topic %q is listed twice", t))
		}
		r.PreChat.Topics = append(r.PreChat.Topics, t)
	}
	if len(req.Rules) > wire.MaxRules {
		return r, badRequest(fmt.Sprintf("a site has at most %d rules", wire.MaxRules))
	}
	for i, rule := range req.Rules {
		n := i + 1
		if rule.Field != wire.RuleURL && rule.Field != wire.RuleLang && rule.Field != wire.RuleTopic {
			return r, badRequest(fmt.Sprintf("rule %d: field must be url, lang or topic", n))
		}
		pattern := strings.TrimSpace(rule.Pattern)
		if pattern == "" || len(pattern) > wire.MaxRulePattern {
			return r, badRequest(fmt.Sprintf("rule %d: the pattern has 1 to %d characters", n, wire.MaxRulePattern))
		}
		if rule.Field == wire.RuleTopic && !slices.ContainsFunc(r.PreChat.Topics, func(o string) bool { return strings.EqualFold(o, pattern) }) {
			return r, badRequest(fmt.Sprintf("rule %d: topic %q is not one of the pre-chat topics", n, pattern))
		}
		team := chat.ParseID(rule.Team)
		t, err := srv.db.Team(team)
		if team == 0 || err != nil || t.SiteID != site.ID {
			return r, badRequest(fmt.Sprintf("rule %d: team %q is not a team of this site", n, rule.Team))
		}
		r.Rules = append(r.Rules, store.RoutingRule{Field: rule.Field, Pattern: pattern, Team: team})
	}
	return r, nil
}
