package web

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/search"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// Search result page sizes.
const (
	defaultSearchLimit = 20
	maxSearchLimit     = 50
	// contactConversations is how many of a matching contact's
	// conversations (newest first) a contact match lists.
	contactConversations = 3
)

var (
	errSearchDown       = &wire.Error{Code: wire.CodeUnavailable, Message: "search is not running on this server"}
	errSearchRestarting = &wire.Error{Code: wire.CodeUnavailable, Message: "search is starting again; try again in a moment"}
)

// searchRoutes registers the agents' search and the contact's history.
func (srv *Server) searchRoutes(api fiber.Router) {
	api.Get("/search", srv.searchConversations)
	api.Get("/contacts/:id/conversations", srv.contactConversations)
}

// siteScope is the sites a request may look at: the agent's sites, or the
// one named by ?site= when the agent works on it (else site_not_found, the
// same answer as for a site that does not exist).
func (srv *Server) siteScope(c *fiber.Ctx) ([]store.Site, error) {
	sites, err := srv.chat.SitesOf(currentSession(c).agent)
	if err != nil {
		return nil, err
	}
	if s := c.Query("site"); s != "" {
		id := chat.ParseID(s)
		i := slices.IndexFunc(sites, func(site store.Site) bool { return site.ID == id })
		if i < 0 {
			return nil, errSiteUnknown
		}
		return sites[i : i+1], nil
	}
	return sites, nil
}

// statusParam reads ?status=, empty for any.
func statusParam(c *fiber.Ctx) (string, error) {
	status := c.Query("status")
	if status != "" && status != wire.StatusOpen && status != wire.StatusPending && status != wire.StatusAwaiting && status != wire.StatusResolved {
		return "", badRequest("status must be open, pending, awaiting or resolved")
	}
	return status, nil
}

func (srv *Server) searchConversations(c *fiber.Ctx) error {
	if srv.search == nil {
		return errSearchDown
	}
	q := strings.TrimSpace(c.Query("q"))
	if q == "" {
		return badRequest("q: type what to search for")
	}
	if len(q) > wire.MaxSearchQuery {
		return badRequest(fmt.Sprintf("q: at most %d characters", wire.MaxSearchQuery))
	}
	limit := defaultSearchLimit
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxSearchLimit {
			return badRequest(fmt.Sprintf("limit must be a number from 1 to %d", maxSearchLimit))
		}
		limit = n
	}
	status, err := statusParam(c)
	if err != nil {
		return err
	}
	sites, err := srv.siteScope(c)
	if err != nil {
		return err
	}
	byID := make(map[uint64]store.Site, len(sites))
	ids := make([]uint64, 0, len(sites))
	for _, s := range sites {
		byID[s.ID] = s
		ids = append(ids, s.ID)
	}
	hits, err := srv.search.Search(search.Query{Text: q, Sites: ids})
	if errors.Is(err, search.ErrNoWords) {
		return badRequest("q: type at least one word (letters or digits)")
	}
	if errors.Is(err, search.ErrUnavailable) {
		return errSearchRestarting
	}
	if err != nil {
		return err
	}

	out := wire.SearchResults{Query: q, Results: []wire.SearchResult{}, Indexing: !srv.search.Ready()}
	seen := map[uint64]bool{}
	// add appends conv when it is in scope (checked again against the
	// store: the index may lag behind an erase by a moment) and not listed.
	add := func(conv store.Conversation, hit search.Hit) {
		site, ok := byID[conv.SiteID]
		if !ok || seen[conv.ID] || (status != "" && conv.Status != status) || len(out.Results) >= limit {
			return
		}
		seen[conv.ID] = true
		v, _ := srv.db.Visitor(conv.VisitorID)
		r := wire.SearchResult{Conversation: chat.ConversationForAgent(conv, site, v, false), Match: hit.Match, Snippet: hit.Snippet}
		if hit.Match == wire.MatchMessage {
			r.Seq = hit.Seq
		}
		out.Results = append(out.Results, r)
	}
	for _, hit := range hits {
		if len(out.Results) >= limit {
			break
		}
		switch hit.Match {
		case wire.MatchMessage:
			if conv, err := srv.db.Conversation(hit.Conv); err == nil {
				add(conv, hit)
			}
		case wire.MatchContact:
			convs, err := srv.db.ConversationsOfVisitor(hit.Visitor)
			if err != nil {
				return err
			}
			slices.Reverse(convs) // newest first
			for _, conv := range convs[:min(len(convs), contactConversations)] {
				add(conv, hit)
			}
		}
	}
	return c.JSON(out)
}

// contactConversations lists a contact's conversations, newest first, for
// the context panel's "previous conversations".
func (srv *Server) contactConversations(c *fiber.Ctx) error {
	id := chat.ParseID(c.Params("id"))
	v, err := srv.db.Visitor(id)
	if err != nil || !chat.CanSee(currentSession(c).agent, v.SiteID) {
		return errContactUnknown
	}
	site, err := srv.db.Site(v.SiteID)
	if err != nil {
		return err
	}
	convs, err := srv.db.ConversationsOfVisitor(id)
	if err != nil {
		return err
	}
	slices.Reverse(convs)
	out := wire.ConversationList{Conversations: []wire.Conversation{}}
	for _, conv := range convs {
		out.Conversations = append(out.Conversations, chat.ConversationForAgent(conv, site, v, false))
	}
	return c.JSON(out)
}

// flushSearch waits (a few seconds at most) for the index to catch up, so
// that an erase answers only when the erased texts cannot be found; a slow
// index is logged, the erase itself stands.
func (srv *Server) flushSearch() {
	if srv.search == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.search.Flush(ctx); err != nil {
		srv.log.Error("search index after erase", "err", err)
	}
}

// inboxFilter is what GET /conversations keeps besides status and site.
type inboxFilter struct {
	view   string
	agent  uint64
	teams  map[uint64]bool // the agent's teams (view=team)
	label  string
	reason string
}

// inboxFilter reads ?view= (all, the default; mine; unassigned; team: routed
// to one of the agent's teams), ?label= and ?reason=.
func (srv *Server) inboxFilter(c *fiber.Ctx) (inboxFilter, error) {
	agent := currentSession(c).agent
	f := inboxFilter{view: c.Query("view", wire.ViewAll), agent: agent.ID, label: c.Query("label"), reason: c.Query("reason")}
	switch f.view {
	case wire.ViewAll, wire.ViewMine, wire.ViewUnassigned:
	case wire.ViewTeam:
		teams, err := srv.teamsOf(agent)
		if err != nil {
			return f, err
		}
		f.teams = teams
	default:
		return f, badRequest("view must be all, mine, unassigned or team")
	}
	return f, nil
}

// teamsOf lists the teams agent is a member of, on their sites.
func (srv *Server) teamsOf(agent store.Agent) (map[uint64]bool, error) {
	sites, err := srv.chat.SitesOf(agent)
	if err != nil {
		return nil, err
	}
	out := map[uint64]bool{}
	for _, site := range sites {
		teams, err := srv.db.Teams(site.ID)
		if err != nil {
			return nil, err
		}
		for _, t := range teams {
			if slices.Contains(t.Members, agent.ID) {
				out[t.ID] = true
			}
		}
	}
	return out, nil
}

// keeps says whether conv passes the filter.
func (f inboxFilter) keeps(conv store.Conversation) bool {
	if f.label != "" && !slices.Contains(conv.Labels, f.label) || f.reason != "" && conv.Reason != f.reason {
		return false
	}
	switch f.view {
	case wire.ViewMine:
		return conv.Assignee == f.agent
	case wire.ViewUnassigned:
		return conv.Assignee == 0
	case wire.ViewTeam:
		return conv.Team != 0 && f.teams[conv.Team]
	default:
		return true
	}
}
