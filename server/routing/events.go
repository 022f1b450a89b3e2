package routing

import (
	"errors"
	"strings"
	"time"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// What happens to the router: agents' windows and switches, conversations
// created, answered, resolved, assigned by hand and escalated, and time
// passing (Check).

// Errors of manual assignment.
var (
	ErrAgentUnknown = &wire.Error{Code: wire.CodeNotFound, Message: "no agent with this id works on the conversation's site"}
	ErrTeamUnknown  = &wire.Error{Code: wire.CodeNotFound, Message: "no team with this id on the conversation's site"}
)

// change runs fn under the lock, settles, and tells what changed.
func (r *Router) change(drain bool, fn func(fx *effects)) {
	fx := &effects{}
	r.mu.Lock()
	fn(fx)
	r.settle(fx, drain)
	r.mu.Unlock()
	r.emit(fx)
}

func (r *Router) agent(rec store.Agent) *agentState {
	a := r.agents[rec.ID]
	if a == nil {
		a = &agentState{windows: map[any]time.Time{}}
		r.agents[rec.ID] = a
	}
	a.rec = rec
	return a
}

// Connect records an open window of agent's app (w identifies it).
func (r *Router) Connect(agent store.Agent, w any) {
	r.change(true, func(*effects) { r.agent(agent).windows[w] = r.now() })
}

// Disconnect records that window w of agent closed.
func (r *Router) Disconnect(agent uint64, w any) {
	r.change(false, func(*effects) {
		a := r.agents[agent]
		if a == nil {
			return
		}
		delete(a.windows, w)
		if len(a.windows) == 0 {
			a.closedAt = r.now()
		}
	})
}

// Active records input in window w of agent's app. It costs one map write
// unless it brings the agent back from idle.
func (r *Router) Active(agent uint64, w any) {
	r.mu.Lock()
	a := r.agents[agent]
	if a == nil {
		r.mu.Unlock()
		return
	}
	if _, open := a.windows[w]; !open {
		r.mu.Unlock()
		return
	}
	now := r.now()
	was := r.availability(a, now)
	a.windows[w] = now
	back := was != r.availability(a, now)
	r.mu.Unlock()
	if back {
		r.change(true, func(*effects) {})
	}
}

// SetAway sets agent's own switch (stored: it holds across reconnects).
func (r *Router) SetAway(agent uint64, away bool) (store.Agent, error) {
	return r.updateAgent(agent, func(a *store.Agent) { a.Away = away })
}

// SetCapacity sets how many open conversations agent takes at once.
func (r *Router) SetCapacity(agent uint64, n int) (store.Agent, error) {
	return r.updateAgent(agent, func(a *store.Agent) { a.Capacity = n })
}

func (r *Router) updateAgent(agent uint64, edit func(*store.Agent)) (store.Agent, error) {
	var rec store.Agent
	var err error
	r.change(true, func(*effects) {
		rec, err = r.db.UpdateAgent(agent, "", func(a *store.Agent) error { edit(a); return nil })
		if err == nil {
			r.agent(rec)
		}
	})
	return rec, err
}

// AgentChanged refreshes what the router knows of an agent (sites, name).
func (r *Router) AgentChanged(a store.Agent) {
	r.change(true, func(*effects) { r.agent(a) })
}

// Route places a conversation a shopper just started or reopened: back to
// the agent who had it if they are available with room, else to the next
// available agent of its pool in round robin, else in line. page is where
// the shopper is, for the site's rules. The caller publishes the returned
// conversation (it may hold the conversation's post lock).
//
// The decision is taken under the lock and written after it (so that many
// new conversations share one commit instead of one fsync each under the
// lock): meanwhile the conversation counts in its agent's load and is
// told to no one (r.placing), and it is told once written.
func (r *Router) Route(conv uint64, page *store.Page) (store.Conversation, error) {
	c, err := r.db.Conversation(conv)
	if err != nil || c.Status == store.StatusResolved {
		return c, err
	}
	site, _ := r.db.Site(c.SiteID)

	r.mu.Lock()
	p := pool{c.SiteID, r.ruleTeam(site, c, page)}
	r.dropConv(c.ID) // not counted in the loads it is routed by
	now, loads := r.now(), r.loads()
	agent := uint64(0)
	if c.Assignee != 0 && r.routable(c.Assignee, p, loads, now) {
		agent = c.Assignee
	} else if a, ok := r.pick(p, loads, now, 0); ok {
		agent = a
	}
	placed := c
	placed.Team, placed.TransferredFrom = p.team, 0
	if agent != 0 {
		placed.Assignee, placed.QueuedAt = agent, time.Time{}
	} else if placed.Assignee = 0; placed.QueuedAt.IsZero() {
		placed.QueuedAt = now
	}
	r.placing[c.ID] = true
	r.putConv(placed)
	r.mu.Unlock()

	var out store.Conversation
	if agent != 0 {
		out, err = r.db.AssignConversation(c.ID, agent, p.team)
	} else {
		out, err = r.db.QueueConversation(c.ID, p.team, 0)
	}
	r.changeShared(func() {
		if err != nil {
			r.storeFailed("route", c.ID, err)
			out = c
		}
		r.convs[c.ID] = out
		r.setPlacing(c.ID, false)
	})
	return out, err
}

// changeShared is change for Route: fn runs under the lock, but one
// settle serves every change made while the previous one ran. Settling
// looks at the whole line, so when thousands of shoppers start at once,
// settling once per conversation would cost more than routing them. A
// conversation put in line may meet an agent freed meanwhile: it drains.
func (r *Router) changeShared(fn func()) {
	r.mu.Lock()
	fn()
	r.unsettled = true
	if r.settling {
		r.mu.Unlock() // the running settle goes round again for this change
		return
	}
	r.settling = true
	for r.unsettled {
		r.unsettled = false
		fx := &effects{}
		r.settle(fx, true)
		r.mu.Unlock()
		r.emit(fx)
		r.mu.Lock()
	}
	r.settling = false
	r.mu.Unlock()
}

// Take gives an unassigned conversation to the agent who answers it. The
// caller publishes the returned conversation when changed is true.
//
// As in Route, the decision is taken under the lock and written after it:
// an agent's first reply to a conversation in line must not hold every
// shopper's message up for an fsync.
func (r *Router) Take(agent uint64, conv uint64) (out store.Conversation, changed bool) {
	c, err := r.db.Conversation(conv)
	if err != nil || c.Assignee != 0 || c.Status == store.StatusResolved {
		return out, false
	}
	r.mu.Lock()
	before, known := r.convs[conv]
	if r.placing[conv] || known && before.Assignee != 0 {
		r.mu.Unlock() // being placed, or given meanwhile
		return out, false
	}
	placed := c
	if known {
		placed = before
	}
	placed.Assignee, placed.QueuedAt, placed.TransferredFrom = agent, time.Time{}, 0
	r.placing[conv] = true
	r.putConv(placed)
	r.mu.Unlock()

	out, err = r.db.AssignConversation(c.ID, agent, c.Team)
	r.changeShared(func() {
		switch {
		case err != nil:
			r.storeFailed("take", c.ID, err)
			if known {
				r.convs[conv] = before
			} else {
				delete(r.convs, conv)
			}
		default:
			r.convs[conv], changed = out, true
		}
		r.setPlacing(conv, false)
	})
	return out, changed
}

// Observe follows a message appended to c: whether its shopper now waits
// for an answer (escalation). Only that field is taken: routing's own
// fields are written under the router's lock and c may be older.
//
// It is on every message's path, so it does not wait for the router's
// lock (held while a change settles the whole line): the observation is
// kept aside and taken in by Check, the one reader of AwaitingSince.
func (r *Router) Observe(c store.Conversation) {
	r.obsMu.Lock()
	if was, ok := r.observed[c.ID]; !ok || c.LastSeq >= was.LastSeq {
		r.observed[c.ID] = observation{c.LastSeq, c.AwaitingSince}
	}
	r.obsMu.Unlock()
}

// observation is what Observe keeps of a conversation.
type observation struct {
	LastSeq       uint64
	AwaitingSince time.Time
}

// takeObserved applies the observations newer than what the router knows
// (r.mu held).
func (r *Router) takeObserved() {
	r.obsMu.Lock()
	seen := r.observed
	r.observed = map[uint64]observation{}
	r.obsMu.Unlock()
	for id, o := range seen {
		if known, ok := r.convs[id]; ok && o.LastSeq > known.LastSeq {
			known.AwaitingSince, known.LastSeq = o.AwaitingSince, o.LastSeq
			r.convs[id] = known // neither its place nor its load changes
		}
	}
}

// StatusChanged follows a conversation whose status changed: a resolved
// or pending one frees its agent, and the line moves.
func (r *Router) StatusChanged(conv uint64) {
	r.change(true, func(*effects) {
		c, err := r.db.Conversation(conv)
		if err != nil || c.Status == store.StatusResolved {
			r.dropConv(conv)
			return
		}
		r.putConv(c)
	})
}

// Forget drops conversations that no longer exist (erased).
func (r *Router) Forget(convs ...uint64) {
	r.change(true, func(*effects) {
		for _, c := range convs {
			r.dropConv(c)
		}
	})
}

// Assign is a manual assignment by an agent: to agent toAgent, or else to
// the next available member of team toTeam (or of the whole site when 0),
// or else in that pool's line. The agent who had it is not picked again.
// The caller publishes the returned conversation and records the event.
func (r *Router) Assign(conv, toAgent, toTeam uint64, by, note string) (out store.Conversation, ev *store.RoutingEvent, err error) {
	r.change(true, func(fx *effects) {
		var c store.Conversation
		if c, err = r.db.Conversation(conv); err != nil {
			return
		}
		if toTeam != 0 {
			if t, ok := r.teams[toTeam]; !ok || t.SiteID != c.SiteID {
				err = ErrTeamUnknown
				return
			}
		}
		p := pool{c.SiteID, toTeam}
		if toAgent != 0 {
			a := r.agents[toAgent]
			if a == nil || !r.canTake(a.rec, pool{site: c.SiteID}) {
				err = ErrAgentUnknown
				return
			}
			out, err = r.db.AssignConversation(c.ID, toAgent, toTeam)
		} else if agent, ok := r.pick(p, r.loads(), r.now(), c.Assignee); ok {
			out, err = r.db.AssignConversation(c.ID, agent, toTeam)
		} else {
			out, err = r.db.QueueConversation(c.ID, toTeam, c.Assignee)
		}
		if err != nil {
			return
		}
		if out.Status == store.StatusResolved {
			r.dropConv(c.ID)
		} else {
			r.putConv(out)
		}
		ev = r.Event(store.EventTransferred, out, by, note)
		if toTeam != 0 {
			ev.Team, ev.TeamName = toTeam, r.teams[toTeam].Name
		}
	})
	return out, ev, err
}

// Escalate flags a conversation for the admins and tells their apps; by is
// the agent who asked. The caller publishes the returned conversation and
// records the event.
func (r *Router) Escalate(conv uint64, by store.Agent, note string) (out store.Conversation, ev *store.RoutingEvent, err error) {
	r.change(false, func(fx *effects) {
		if out, _, err = r.db.EscalateConversation(conv); err != nil {
			return
		}
		r.escalated(fx, out, &by, note)
		ev = r.Event(store.EventEscalated, out, by.Name, note)
	})
	return out, ev, err
}

// escalated tells the admins; by nil: the site's waiting limit passed.
func (r *Router) escalated(fx *effects, c store.Conversation, by *store.Agent, note string) {
	if _, ok := r.convs[c.ID]; ok {
		r.putConv(c)
	}
	author := wire.Author{Kind: wire.AuthorSystem}
	if by != nil {
		author = wire.Author{Kind: wire.AuthorAgent, ID: id(by.ID), Name: by.Name}
	}
	fx.frame(AdminsTopic, wire.Frame{Type: wire.TypeEscalation, Conv: id(c.ID), Note: note, Author: &author})
}

// Check applies what time decides: agents idle or gone for long enough
// become away or offline, and conversations whose shopper has waited for
// an answer longer than their site's limit are escalated. The daemon calls
// it every few seconds; tests call it after moving their clock.
func (r *Router) Check() {
	r.change(true, func(fx *effects) {
		now := r.now()
		r.takeObserved()
		r.prune()
		limits := map[uint64]time.Duration{}
		for _, c := range r.convs {
			if c.Status != store.StatusOpen || c.AwaitingSince.IsZero() || !c.EscalatedAt.IsZero() {
				continue
			}
			limit, ok := limits[c.SiteID]
			if !ok {
				site, _ := r.db.Site(c.SiteID)
				limit = time.Duration(site.Routing.EscalateAfterSeconds) * time.Second
				limits[c.SiteID] = limit
			}
			if limit <= 0 || now.Sub(c.AwaitingSince) < limit {
				continue
			}
			updated, escalated, err := r.db.EscalateConversation(c.ID)
			if err != nil {
				r.storeFailed("escalate", c.ID, err)
				continue
			}
			if escalated {
				r.escalated(fx, updated, nil, "")
				fx.convs = append(fx.convs, routed{c.ID, r.Event(store.EventEscalated, updated, "", "")})
			}
		}
	})
}

// prune drops conversations erased since they were routed, so that they
// hold neither an agent's capacity nor a place in line.
func (r *Router) prune() {
	for id, c := range r.convs {
		if c.Status != store.StatusOpen || (c.Assignee == 0 && c.QueuedAt.IsZero()) {
			continue
		}
		if _, err := r.db.Conversation(id); errors.Is(err, store.ErrNotFound) {
			r.dropConv(id)
		}
	}
}

// ResendQueue tells a shopper who just connected their conversations'
// places in line.
//
// It looks only at the visitor's own conversations (read from the store,
// outside the lock): every shopper's welcome calls it, and walking
// everyone told a place (10,000 in line) for each of 10,000 shoppers
// reconnecting at once held the lock for seconds.
func (r *Router) ResendQueue(visitor uint64) {
	if r.db == nil {
		return
	}
	mine, err := r.db.ConversationsOfVisitor(visitor)
	if err != nil {
		r.opts.Log.Error("routing: resend queue", "visitor", visitor, "err", err)
		return
	}
	fx := &effects{}
	r.mu.Lock()
	for _, m := range mine {
		place, told := r.told[m.ID]
		if c, ok := r.convs[m.ID]; ok && told && c.VisitorID == visitor && place.Position > 0 {
			r.tellVisitor(fx, c, place)
		}
	}
	r.mu.Unlock()
	r.emit(fx)
}

// ruleTeam is the team the site's first matching rule names, 0 for none.
func (r *Router) ruleTeam(site store.Site, c store.Conversation, page *store.Page) uint64 {
	for _, rule := range site.Routing.Rules {
		if t, ok := r.teams[rule.Team]; !ok || t.SiteID != site.ID {
			continue // the team was deleted
		}
		if RuleMatches(rule, c.Topic, page) {
			return rule.Team
		}
	}
	return 0
}

// RuleMatches says whether a rule matches a conversation with this
// pre-chat topic whose shopper is on page.
func RuleMatches(rule store.RoutingRule, topic string, page *store.Page) bool {
	switch rule.Field {
	case store.RuleTopic:
		return topic != "" && strings.EqualFold(topic, rule.Pattern)
	case store.RuleLang:
		if page == nil || page.Lang == "" {
			return false
		}
		lang, want := strings.ToLower(page.Lang), strings.ToLower(rule.Pattern)
		return lang == want || strings.HasPrefix(lang, want+"-")
	case store.RuleURL:
		return page != nil && page.URL != "" && Glob(strings.ToLower(rule.Pattern), strings.ToLower(page.URL))
	}
	return false
}

// Glob matches s against pattern, where * stands for any run of
// characters (slashes included) and everything else for itself.
func Glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(s, part)
		if i < 0 {
			return false
		}
		s = s[i+len(part):]
	}
	return strings.HasSuffix(s, last)
}

// TeamsChanged rereads the teams after an admin changed them.
func (r *Router) TeamsChanged() error {
	teams, err := r.db.Teams(0)
	if err != nil {
		return err
	}
	r.change(true, func(*effects) {
		r.teams = map[uint64]store.Team{}
		for _, t := range teams {
			r.teams[t.ID] = t
		}
	})
	return nil
}
