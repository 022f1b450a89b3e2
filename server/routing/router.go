// Package routing decides who answers a conversation: the agents'
// availability (their own switch and their app windows), their capacity,
// round robin among the free ones, the line of shoppers waiting when none
// is free (with its usual wait), teams and a site's routing rules, manual
// assignment and transfer, and escalation to the admins. docs/routing.md
// tells the whole story.
//
// The router keeps in memory what it decides from (the unresolved
// conversations and the agents' windows) and writes every decision to the
// store before telling anyone, so a restart rebuilds the same state from
// the store (the agents are offline until their apps reconnect).
package routing

import (
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// Options tune the router. Zero values take the defaults.
type Options struct {
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// IdleAfter: an agent none of whose windows saw input for this long
	// is away. Default 10 minutes.
	IdleAfter time.Duration
	// OfflineAfter: an agent with no window open for this long is offline
	// (before that, away: a reload or a short drop changes little).
	// Default 5 minutes.
	OfflineAfter time.Duration
	Log          *slog.Logger
	// TellQueueEvery: shoppers in line are told their place at most this
	// often (the first change after a quiet spell at once). Default 1 s;
	// negative: at every change.
	TellQueueEvery time.Duration
}

// Defaults of Options and of the usual wait.
const (
	DefaultIdleAfter    = 10 * time.Minute
	DefaultOfflineAfter = 5 * time.Minute
	// DefaultTellQueueEvery is Options.TellQueueEvery's default.
	DefaultTellQueueEvery = time.Second
	// MinWaitSamples is how many recorded waits a site needs before the
	// shopper is told the usual wait.
	MinWaitSamples = 3
	// UsualWaitPercentile: "usually under N minutes" holds for this share
	// of the recent waits.
	UsualWaitPercentile = 0.8
)

// Publish tells the agents' inboxes that conversation id changed, and
// records ev in it when not nil (an agents-only event line). The chat
// service provides it; the router calls it without holding its own lock.
type Publish func(id uint64, ev *store.RoutingEvent)

// AgentsTopic reaches every agent's app (availability and load of agents).
const AgentsTopic hub.Topic = "routing:agents"

// AdminsTopic reaches every admin's app (escalations).
const AdminsTopic hub.Topic = "routing:admins"

// Router routes conversations. Its methods are safe for concurrent use.
type Router struct {
	db      *store.DB
	hub     *hub.Hub
	publish Publish
	opts    Options

	mu     sync.Mutex
	agents map[uint64]*agentState
	convs  map[uint64]store.Conversation // unresolved conversations
	teams  map[uint64]store.Team
	// last is the agent who got the previous conversation of a pool.
	last map[pool]uint64
	// told is the place in line each waiting shopper was last told.
	told map[uint64]wire.QueueInfo
	// waits caches each site's usual wait in minutes (0: not enough data).
	waits map[uint64]int
	// placing are conversations Route has decided on but not yet written:
	// they count in loads, and are not in line nor told about (Route).
	placing map[uint64]bool
	// settling is true while changeShared settles; unsettled says a
	// change came meanwhile and it must settle again.
	settling, unsettled bool

	// line is the conversations waiting, in order; queued their entries'
	// times; load counts each agent's open conversations and counted
	// whose load each conversation is in. All kept by sync (line.go).
	line    []waitingEntry
	queued  map[uint64]time.Time
	load    map[uint64]int
	counted map[uint64]uint64
	// lineChanged says the places in line may have changed since they
	// were last told; toldAt is when they were, and tellPending that a
	// later telling is scheduled (tellQueueSoon).
	lineChanged, tellPending bool
	toldAt                   time.Time

	// observed are Observe's observations, kept under their own lock
	// until Check takes them in.
	obsMu    sync.Mutex
	observed map[uint64]observation
}

// pool is who competes for the same agents: a site, or one of its teams.
type pool struct{ site, team uint64 }

type agentState struct {
	rec store.Agent
	// windows are the agent's open app windows and when each last saw input.
	windows map[any]time.Time
	// closedAt is when the last window closed.
	closedAt time.Time
	// shown is the status last sent to the apps.
	shown wire.AgentStatus
}

// New builds a router over db and rebuilds its state from the store.
func New(db *store.DB, h *hub.Hub, publish Publish, o Options) (*Router, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.IdleAfter <= 0 {
		o.IdleAfter = DefaultIdleAfter
	}
	if o.OfflineAfter <= 0 {
		o.OfflineAfter = DefaultOfflineAfter
	}
	if o.TellQueueEvery == 0 {
		o.TellQueueEvery = DefaultTellQueueEvery
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	r := &Router{
		db: db, hub: h, publish: publish, opts: o,
		agents: map[uint64]*agentState{}, convs: map[uint64]store.Conversation{},
		teams: map[uint64]store.Team{}, last: map[pool]uint64{},
		told: map[uint64]wire.QueueInfo{}, waits: map[uint64]int{}, placing: map[uint64]bool{},
		observed: map[uint64]observation{},
		queued:   map[uint64]time.Time{}, load: map[uint64]int{}, counted: map[uint64]uint64{},
	}
	if db == nil {
		return r, nil // a service without a store, in tests of connections alone
	}
	agents, err := db.Agents()
	if err != nil {
		return r, err
	}
	for _, a := range agents {
		r.agents[a.ID] = &agentState{rec: a, windows: map[any]time.Time{}}
	}
	convs, err := db.UnresolvedConversations()
	if err != nil {
		return r, err
	}
	for _, c := range convs {
		r.putConv(c)
	}
	teams, err := db.Teams(0)
	if err != nil {
		return r, err
	}
	for _, t := range teams {
		r.teams[t.ID] = t
	}
	now := r.now()
	for _, a := range r.agents {
		a.shown = r.statusOf(a, r.loads(), now)
	}
	return r, nil
}

func (r *Router) now() time.Time { return r.opts.Now() }

// Start runs Check every interval until the returned stop is called.
func (r *Router) Start(interval time.Duration) (stop func()) {
	t := time.NewTicker(interval)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				r.Check()
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { t.Stop(); close(done) }) }
}

// effects are what a change must tell once the router's lock is released:
// publishing takes the chat service's locks, which a caller of the router
// may hold in the other order.
type effects struct {
	convs  []routed
	events []topicEvent
}

// routed is a conversation routing changed, and the event line to add.
type routed struct {
	id uint64
	ev *store.RoutingEvent
}

type topicEvent struct {
	topic hub.Topic
	data  []byte
}

func (r *Router) emit(fx *effects) {
	for _, ev := range fx.events {
		r.hub.Publish(ev.topic, hub.Event{Data: ev.data})
	}
	if r.publish != nil {
		for _, c := range fx.convs {
			r.publish(c.id, c.ev)
		}
	}
}

// frame encodes f for topic.
func (fx *effects) frame(topic hub.Topic, f wire.Frame) {
	data, err := json.Marshal(f)
	if err != nil {
		return
	}
	fx.events = append(fx.events, topicEvent{topic, data})
}

// settle is the end of every change, under the lock: give waiting
// conversations to free agents, then queue the frames that tell shoppers
// their place and agents who is available.
func (r *Router) settle(fx *effects, drain bool) {
	now := r.now()
	if drain {
		r.drain(fx, now)
	}
	r.tellQueueSoon(fx, now)
	r.tellAgents(fx, now)
}

// capacity is an agent's capacity, the default when unset.
func capacity(a store.Agent) int {
	if a.Capacity > 0 {
		return a.Capacity
	}
	return wire.DefaultCapacity
}

// loads counts each agent's open conversations (kept by sync; callers
// only read it).
func (r *Router) loads() map[uint64]int { return r.load }

// availability is an agent's effective availability at now.
func (r *Router) availability(a *agentState, now time.Time) string {
	if len(a.windows) == 0 {
		if a.closedAt.IsZero() || now.Sub(a.closedAt) >= r.opts.OfflineAfter {
			return wire.AvailabilityOffline
		}
		return wire.AvailabilityAway
	}
	if a.rec.Away {
		return wire.AvailabilityAway
	}
	for _, input := range a.windows {
		if now.Sub(input) < r.opts.IdleAfter {
			return wire.AvailabilityOnline
		}
	}
	return wire.AvailabilityAway
}

func (r *Router) statusOf(a *agentState, loads map[uint64]int, now time.Time) wire.AgentStatus {
	s := wire.AgentStatus{
		ID: id(a.rec.ID), Name: a.rec.Name, Role: a.rec.Role, Availability: r.availability(a, now),
		Away: a.rec.Away, Load: loads[a.rec.ID], Capacity: capacity(a.rec),
	}
	if a.rec.Role != wire.RoleAdmin {
		for _, site := range a.rec.Sites {
			s.Sites = append(s.Sites, id(site))
		}
	}
	return s
}

// tellAgents sends the statuses that changed since last told.
func (r *Router) tellAgents(fx *effects, now time.Time) {
	loads := r.loads()
	var changed []wire.AgentStatus
	for _, a := range r.sortedAgents() {
		s := r.statusOf(a, loads, now)
		if !sameStatus(s, a.shown) {
			a.shown = s
			changed = append(changed, s)
		}
	}
	if len(changed) > 0 {
		fx.frame(AgentsTopic, wire.Frame{Type: wire.TypeAgents, Agents: changed})
	}
}

func sameStatus(a, b wire.AgentStatus) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Role == b.Role && a.Availability == b.Availability &&
		a.Away == b.Away && a.Load == b.Load && a.Capacity == b.Capacity && slices.Equal(a.Sites, b.Sites)
}

func (r *Router) sortedAgents() []*agentState {
	out := make([]*agentState, 0, len(r.agents))
	for _, a := range r.agents {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *agentState) int { return cmp.Compare(a.rec.ID, b.rec.ID) })
	return out
}

// Agents is every agent's status, in id order (the agent welcome). It
// rereads the agents, so new ones and changed names are listed.
func (r *Router) Agents() []wire.AgentStatus {
	recs, err := r.db.Agents()
	if err != nil {
		r.opts.Log.Error("routing: agents", "err", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rec := range recs {
		r.agent(rec)
	}
	loads, now := r.loads(), r.now()
	var out []wire.AgentStatus
	for _, a := range r.sortedAgents() {
		out = append(out, r.statusOf(a, loads, now))
	}
	return out
}

// canTake says whether agent a works on site and, for a team, is in it.
func (r *Router) canTake(a store.Agent, p pool) bool {
	if a.Role != wire.RoleAdmin && !slices.Contains(a.Sites, p.site) {
		return false
	}
	if p.team == 0 {
		return true
	}
	t, ok := r.teams[p.team]
	if !ok {
		return true // the team was deleted: the whole site takes its conversations
	}
	return t.SiteID == p.site && slices.Contains(t.Members, a.ID)
}

// pick chooses the next agent of pool p, in round robin: the first
// available agent with spare capacity after the one who got the previous
// conversation, in id order, wrapping around. except is skipped (a
// transfer does not go back to whom it came from).
func (r *Router) pick(p pool, loads map[uint64]int, now time.Time, except uint64) (uint64, bool) {
	var free []uint64
	for _, a := range r.agents {
		if a.rec.ID == except || !r.canTake(a.rec, p) {
			continue
		}
		if r.availability(a, now) != wire.AvailabilityOnline || loads[a.rec.ID] >= capacity(a.rec) {
			continue
		}
		free = append(free, a.rec.ID)
	}
	if len(free) == 0 {
		return 0, false
	}
	slices.Sort(free)
	chosen := free[0]
	if i, _ := slices.BinarySearch(free, r.last[p]+1); i < len(free) {
		chosen = free[i]
	}
	r.last[p] = chosen
	return chosen, true
}

// routable says whether the agent would get a conversation of pool p now.
func (r *Router) routable(agent uint64, p pool, loads map[uint64]int, now time.Time) bool {
	a := r.agents[agent]
	return a != nil && r.canTake(a.rec, p) && r.availability(a, now) == wire.AvailabilityOnline && loads[agent] < capacity(a.rec)
}

// inLine is what the line needs of a waiting conversation.
type inLine struct {
	queuedAt                          time.Time
	ID, SiteID, Team, TransferredFrom uint64
}

// waiting lists the conversations in line, first come first (a copy:
// the caller may change the line while it walks it).
func (r *Router) waiting() []inLine {
	line := make([]inLine, 0, len(r.line))
	for _, e := range r.line {
		c := r.convs[e.id]
		line = append(line, inLine{c.QueuedAt, c.ID, c.SiteID, c.Team, c.TransferredFrom})
	}
	return line
}

// drain gives waiting conversations to free agents, first come first; a
// conversation no free agent can take (its team is busy) does not hold up
// the ones behind it.
func (r *Router) drain(fx *effects, now time.Time) {
	if len(r.line) == 0 || !r.anyRoom(now) {
		return
	}
	loads := r.loads()
	for _, c := range r.waiting() {
		agent, ok := r.pick(pool{c.SiteID, c.Team}, loads, now, c.TransferredFrom)
		if !ok {
			continue
		}
		updated, err := r.db.AssignConversation(c.ID, agent, c.Team)
		if errors.Is(err, store.ErrNotFound) {
			r.dropConv(c.ID) // erased
			continue
		}
		if err != nil {
			r.storeFailed("assign from the queue", c.ID, err)
			continue
		}
		r.putConv(updated)        // counts in the agent's load
		delete(r.waits, c.SiteID) // a new wait was recorded
		fx.convs = append(fx.convs, routed{c.ID, nil})
		if !r.anyRoom(now) {
			return
		}
	}
}

// tellQueueSoon tells the places in line if they may have changed, at
// most once per Options.TellQueueEvery: when the line moves at every
// change (agents taking conversations from a line of thousands), each
// shopper gets one frame with their latest place instead of one per step.
// A change within the interval is told by a timer at its end.
func (r *Router) tellQueueSoon(fx *effects, now time.Time) {
	if !r.lineChanged {
		return
	}
	every := r.opts.TellQueueEvery
	if every < 0 || r.toldAt.IsZero() || now.Sub(r.toldAt) >= every {
		r.tellQueue(fx)
		r.toldAt, r.lineChanged = now, false
		return
	}
	if !r.tellPending {
		r.tellPending = true
		time.AfterFunc(every-now.Sub(r.toldAt), r.tellQueueLater)
	}
}

// tellQueueLater tells what changed since the places were last told.
func (r *Router) tellQueueLater() {
	fx := &effects{}
	r.mu.Lock()
	r.tellPending = false
	if r.lineChanged {
		r.tellQueue(fx)
		r.toldAt, r.lineChanged = r.now(), false
	}
	r.mu.Unlock()
	r.emit(fx)
}

// tellQueue tells each waiting shopper their place when it changed, and
// position 0 to those no longer waiting.
func (r *Router) tellQueue(fx *effects) {
	places := map[uint64]wire.QueueInfo{}
	ahead := map[pool]int{}
	for _, c := range r.waiting() {
		p := pool{c.SiteID, c.Team}
		ahead[p]++
		place, about := ToldPlace(ahead[p])
		places[c.ID] = wire.QueueInfo{Position: place, Approximate: about, UsualWaitMinutes: r.usualWait(c.SiteID)}
	}
	for conv, was := range r.told {
		if _, still := places[conv]; !still && was.Position != 0 {
			if c, ok := r.convs[conv]; ok {
				r.tellVisitor(fx, c, wire.QueueInfo{})
			} else if c, err := r.db.Conversation(conv); err == nil {
				r.tellVisitor(fx, c, wire.QueueInfo{})
			}
			delete(r.told, conv)
		}
	}
	for conv, place := range places {
		if r.told[conv] != place {
			r.told[conv] = place
			r.tellVisitor(fx, r.convs[conv], place)
		}
	}
}

// ExactPlaces is how many places at the head of the line are told
// exactly; further back, ToldPlace rounds.
const ExactPlaces = 20

// ToldPlace is the place in line a shopper at place is told, and whether
// it is rounded. The first ExactPlaces exactly; further back, rounded up
// to one significant figure (30 … 100, 200 … 1,000, 2,000 …), so the
// shopper is never told a better place than theirs. When the head of the
// line leaves, everyone behind moves up one: told exactly, 10,000 shoppers
// in line were 10,000 frames at once (a burst of socket writes that held
// every other message on the server ~100 ms, docs/benchmarks.md); rounded,
// a few dozen change. A far place is a rough figure to a shopper anyway.
func ToldPlace(place int) (told int, approximate bool) {
	if place <= ExactPlaces {
		return place, false
	}
	step := 10
	for step*10 < place {
		step *= 10
	}
	return (place + step - 1) / step * step, true
}

func (r *Router) tellVisitor(fx *effects, c store.Conversation, q wire.QueueInfo) {
	fx.frame(hub.VisitorTopic(c.VisitorID), wire.Frame{Type: wire.TypeQueue, Conv: id(c.ID), Queue: &q})
}

// usualWait is the site's usual wait in line in whole minutes, rounded
// up: most recent shoppers (UsualWaitPercentile) waited less. 0 until the
// site has MinWaitSamples waits.
func (r *Router) usualWait(site uint64) int {
	if m, ok := r.waits[site]; ok {
		return m
	}
	waits, err := r.db.RecentWaits(site)
	if err != nil {
		r.opts.Log.Error("routing: recent waits", "site", site, "err", err)
	}
	m := UsualWait(waits)
	r.waits[site] = m
	return m
}

// UsualWait turns recent waits into "usually under N minutes": N is the
// UsualWaitPercentile of the waits, rounded up to a whole minute (at least
// 1); 0 with fewer than MinWaitSamples waits.
func UsualWait(waits []time.Duration) int {
	if len(waits) < MinWaitSamples {
		return 0
	}
	sorted := slices.Clone(waits)
	slices.Sort(sorted)
	i := int(math.Ceil(UsualWaitPercentile*float64(len(sorted)))) - 1
	return max(1, int(math.Ceil(sorted[max(0, i)].Minutes())))
}

func (r *Router) storeFailed(what string, conv uint64, err error) {
	r.opts.Log.Error("routing: "+what, "conv", conv, "err", err)
}

func id(n uint64) string { return strconv.FormatUint(n, 10) }

// Event describes what happened to c, with the names of its agent and
// team as they are now; by is who acted ("" for routing itself).
func (r *Router) Event(kind string, c store.Conversation, by, note string) *store.RoutingEvent {
	ev := &store.RoutingEvent{Kind: kind, Agent: c.Assignee, Team: c.Team, By: by, Note: note}
	if a := r.agents[c.Assignee]; a != nil {
		ev.AgentName = a.rec.Name
	}
	if t, ok := r.teams[c.Team]; ok {
		ev.TeamName = t.Name
	}
	return ev
}
