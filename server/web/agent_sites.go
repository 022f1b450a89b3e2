package web

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// Agents' accounts and which sites each works on (admins only). An agent
// sees only their sites' conversations, contacts, search results and canned
// replies: every handler scopes by chat.CanSee from the stored agent.

var errAgentUnknown = &wire.Error{Code: wire.CodeNotFound, Message: "no agent has this id"}

func (srv *Server) agentAccountRoutes(api fiber.Router) {
	api.Get("/admin/agents", srv.requireAdmin, srv.listAgentAccounts)
	api.Post("/admin/agents", srv.requireAdmin, srv.createAgentAccount)
	api.Put("/admin/agents/:id/sites", srv.requireAdmin, srv.putAgentSites)
}

func agentAccountView(a store.Agent) wire.AgentAccount {
	w := wire.AgentAccount{ID: fmt.Sprint(a.ID), Email: a.Email, Name: a.Name, Role: a.Role, Sites: []string{}}
	for _, s := range a.Sites {
		w.Sites = append(w.Sites, fmt.Sprint(s))
	}
	return w
}

func (srv *Server) listAgentAccounts(c *fiber.Ctx) error {
	agents, err := srv.db.Agents()
	if err != nil {
		return err
	}
	out := wire.AgentAccountList{Agents: []wire.AgentAccount{}}
	for _, a := range agents {
		out.Agents = append(out.Agents, agentAccountView(a))
	}
	return c.JSON(out)
}

// siteIDs reads site ids, each of which must exist.
func (srv *Server) siteIDs(ids []string) ([]uint64, error) {
	out := make([]uint64, 0, len(ids))
	for _, s := range ids {
		id := chat.ParseID(s)
		if _, err := srv.db.Site(id); id == 0 || err != nil {
			return nil, &wire.Error{Code: wire.CodeSiteNotFound, Message: fmt.Sprintf("sites: no site has the id %q", s)}
		}
		out = append(out, id)
	}
	return out, nil
}

func (srv *Server) createAgentAccount(c *fiber.Ctx) error {
	var req wire.NewAgent
	if err := c.BodyParser(&req); err != nil {
		return badRequest(`the body must be JSON: {"email":…, "name":…, "password":…, "role":"agent", "sites":["1"]}`)
	}
	email := strings.TrimSpace(req.Email)
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email || len(email) > 254 {
		return badRequest("email: enter an address like ann@example.com")
	}
	name := strings.TrimSpace(req.Name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return badRequest("name must have 1 to 100 characters")
	}
	if len(req.Password) < wire.MinPasswordLength || len(req.Password) > 200 {
		return badRequest(fmt.Sprintf("password: at least %d characters", wire.MinPasswordLength))
	}
	role := req.Role
	if role == "" {
		role = wire.RoleAgent
	}
	if role != wire.RoleAgent && role != wire.RoleAdmin {
		return badRequest("role must be agent or admin")
	}
	sites, err := srv.siteIDs(req.Sites)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(req.Password)
	if err != nil {
		return err
	}
	a, err := srv.db.CreateAgentAs(currentSession(c).agent.ID, store.Agent{Email: email, Name: name, Role: role, Sites: sites, PasswordHash: hash})
	if errors.Is(err, store.ErrConflict) {
		return badRequest("email: an agent with this email already exists")
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(agentAccountView(a))
}

// putAgentSites sets the sites an agent works on, then closes the agent's
// open connections (4004): they reconnect at once and get an inbox of their
// new scope, and stop receiving the sites they left.
func (srv *Server) putAgentSites(c *fiber.Ctx) error {
	id := chat.ParseID(c.Params("id"))
	if _, err := srv.db.Agent(id); id == 0 || err != nil {
		return errAgentUnknown
	}
	var req wire.AgentSites
	if err := c.BodyParser(&req); err != nil || req.Sites == nil {
		return badRequest(`the body must be JSON: {"sites": ["1", "2"]} (every site the agent works on)`)
	}
	sites, err := srv.siteIDs(req.Sites)
	if err != nil {
		return err
	}
	a, err := srv.db.SetAgentSites(currentSession(c).agent.ID, id, sites)
	if errors.Is(err, store.ErrNotFound) {
		return errAgentUnknown
	}
	if err != nil {
		return err
	}
	srv.chat.Router().AgentChanged(a) // routing gives conversations by site
	hashes, err := srv.db.SessionHashesOf(id)
	if err != nil {
		return err
	}
	for _, h := range hashes {
		srv.hub.Publish(hub.SessionTopic(h), hub.Event{CloseCode: wire.CloseScopeChanged})
	}
	return c.JSON(agentAccountView(a))
}
