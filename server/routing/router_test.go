package routing

import (
	"encoding/json"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// clock is the injected clock of these tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// recorder is a hub subscriber keeping the frames it is given.
type recorder struct {
	mu     sync.Mutex
	frames []wire.Frame
}

func (r *recorder) Deliver(ev hub.Event) {
	var f wire.Frame
	if json.Unmarshal(ev.Data, &f) == nil {
		r.mu.Lock()
		r.frames = append(r.frames, f)
		r.mu.Unlock()
	}
}

// take returns the frames of type typ received so far and forgets all.
func (r *recorder) take(typ string) []wire.Frame {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []wire.Frame
	for _, f := range r.frames {
		if f.Type == typ {
			out = append(out, f)
		}
	}
	r.frames = nil
	return out
}

type fixture struct {
	t      *testing.T
	dir    string
	db     *store.DB
	hub    *hub.Hub
	clock  *clock
	r      *Router
	site   store.Site
	pushed []uint64 // conversations the router asked to publish
	events []store.RoutingEvent
	mu     sync.Mutex
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), hub: hub.New(), clock: &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}}
	f.open()
	var err error
	if f.site, err = f.db.CreateSite(store.Site{Key: "k", Name: "Shop"}); err != nil {
		t.Fatal(err)
	}
	f.newRouter()
	return f
}

func (f *fixture) open() {
	db, err := store.Open(f.dir, store.Options{Now: f.clock.now})
	if err != nil {
		f.t.Fatal(err)
	}
	f.db = db
	f.t.Cleanup(func() {
		if err := db.Check(); err != nil {
			f.t.Errorf("bbolt check: %v", err)
		}
		db.Close()
	})
}

func (f *fixture) newRouter() {
	r, err := New(f.db, f.hub, func(id uint64, ev *store.RoutingEvent) {
		f.mu.Lock()
		f.pushed = append(f.pushed, id)
		if ev != nil {
			f.events = append(f.events, *ev)
		}
		f.mu.Unlock()
	}, Options{Now: f.clock.now, TellQueueEvery: -1}) // places told at every change; line_test.go tests the interval
	if err != nil {
		f.t.Fatal(err)
	}
	f.r = r
}

func (f *fixture) agent(name string, capacity int, role string) store.Agent {
	f.t.Helper()
	a, err := f.db.CreateAgent(store.Agent{Email: name + "@shop.test", Name: name, Role: role, Sites: []uint64{f.site.ID}, Capacity: capacity})
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

// online opens a window of a's app; the window's key is returned.
func (f *fixture) online(a store.Agent) any {
	w := new(int)
	f.r.Connect(a, w)
	return w
}

// start makes a shopper start a conversation and routes it, as the chat
// service does after the commit.
func (f *fixture) start(page *store.Page) store.Conversation {
	f.t.Helper()
	v, err := f.db.CreateVisitor(f.site.ID, "tok"+strconv.Itoa(int(f.clock.now().UnixNano())), store.VisitorUpdate{Page: page})
	if err != nil {
		f.t.Fatal(err)
	}
	a, err := f.db.AppendMessage(store.NewMessage{SiteID: f.site.ID, VisitorID: v.ID, CID: "c1", Author: store.Author{Kind: store.AuthorVisitor, ID: v.ID}, Body: "hello"})
	if err != nil {
		f.t.Fatal(err)
	}
	f.r.Observe(a.Conversation)
	c, err := f.r.Route(a.Conversation.ID, page)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) resolve(c store.Conversation) {
	f.t.Helper()
	if _, err := f.db.SetStatus(c.ID, store.StatusResolved); err != nil {
		f.t.Fatal(err)
	}
	f.r.StatusChanged(c.ID)
}

func (f *fixture) conv(id uint64) store.Conversation {
	f.t.Helper()
	c, err := f.db.Conversation(id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// listen records what the visitor of c is told.
func (f *fixture) listen(c store.Conversation) *recorder {
	rec := &recorder{}
	f.hub.Subscribe(hub.VisitorTopic(c.VisitorID), rec)
	return rec
}

func (f *fixture) status(a store.Agent) wire.AgentStatus {
	for _, s := range f.r.Agents() {
		if s.ID == id(a.ID) {
			return s
		}
	}
	f.t.Fatalf("agent %d not listed", a.ID)
	return wire.AgentStatus{}
}

func TestRoundRobin(t *testing.T) {
	t.Run("takes turns among available agents, skipping full and away ones", func(t *testing.T) {
		f := newFixture(t)
		ann := f.agent("ann", 1, wire.RoleAgent)
		bob := f.agent("bob", 3, wire.RoleAgent)
		cat := f.agent("cat", 3, wire.RoleAgent)
		f.online(ann)
		f.online(bob)
		f.online(cat)
		if _, err := f.r.SetAway(bob.ID, true); err != nil {
			t.Fatal(err)
		}
		want := []uint64{ann.ID, cat.ID, cat.ID, cat.ID}
		for i, w := range want {
			if got := f.start(nil).Assignee; got != w {
				t.Fatalf("conversation %d went to agent %d, want %d", i+1, got, w)
			}
		}
		// Everyone available is full: the next one waits in line.
		c := f.start(nil)
		if c.Assignee != 0 || c.QueuedAt.IsZero() {
			t.Fatalf("fifth conversation: assignee %d, queued at %v; want it in line", c.Assignee, c.QueuedAt)
		}
		if s := f.status(cat); s.Load != 3 || s.Capacity != 3 || s.Availability != wire.AvailabilityOnline {
			t.Errorf("cat's status: %+v", s)
		}
		if s := f.status(bob); s.Availability != wire.AvailabilityAway || !s.Away {
			t.Errorf("bob's status: %+v", s)
		}
	})
	t.Run("alternates between two free agents", func(t *testing.T) {
		f := newFixture(t)
		ann := f.agent("ann", 5, wire.RoleAgent)
		bob := f.agent("bob", 5, wire.RoleAgent)
		f.online(ann)
		f.online(bob)
		var got []uint64
		for range 4 {
			got = append(got, f.start(nil).Assignee)
		}
		if want := []uint64{ann.ID, bob.ID, ann.ID, bob.ID}; !equal(got, want) {
			t.Fatalf("assignees %v, want %v", got, want)
		}
	})
	t.Run("offline agents and agents of other sites get nothing", func(t *testing.T) {
		f := newFixture(t)
		f.agent("ann", 3, wire.RoleAgent) // never connects
		other, _ := f.db.CreateSite(store.Site{Key: "other", Name: "Other"})
		elsewhere, _ := f.db.CreateAgent(store.Agent{Email: "e@x.test", Name: "E", Role: wire.RoleAgent, Sites: []uint64{other.ID}})
		f.online(elsewhere)
		if c := f.start(nil); c.Assignee != 0 {
			t.Fatalf("assigned to %d, want nobody", c.Assignee)
		}
	})
}

func equal(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestQueue(t *testing.T) {
	f := newFixture(t)
	ann := f.agent("ann", 1, wire.RoleAgent)
	f.online(ann)
	first := f.start(nil)
	second := f.start(nil)
	l2 := f.listen(second)
	third := f.start(nil)
	l3 := f.listen(third)
	f.r.ResendQueue(second.VisitorID)
	f.r.ResendQueue(third.VisitorID)
	if q := l2.take(wire.TypeQueue); len(q) != 1 || q[0].Queue.Position != 1 || q[0].Conv != id(second.ID) || q[0].Queue.UsualWaitMinutes != 0 {
		t.Fatalf("second shopper told %+v, want position 1 and no usual wait (no wait recorded yet)", q)
	}
	if q := l3.take(wire.TypeQueue); len(q) != 1 || q[0].Queue.Position != 2 {
		t.Fatalf("third shopper told %+v, want position 2", q)
	}

	t.Run("resolving frees the agent for the first in line", func(t *testing.T) {
		f.clock.add(90 * time.Second)
		f.resolve(first)
		if c := f.conv(second.ID); c.Assignee != ann.ID || !c.QueuedAt.IsZero() {
			t.Fatalf("second: assignee %d, queued %v; want ann's", c.Assignee, c.QueuedAt)
		}
		if q := l2.take(wire.TypeQueue); len(q) != 1 || q[0].Queue.Position != 0 {
			t.Fatalf("second shopper told %+v, want position 0 (no longer waiting)", q)
		}
		if q := l3.take(wire.TypeQueue); len(q) != 1 || q[0].Queue.Position != 1 {
			t.Fatalf("third shopper told %+v, want position 1", q)
		}
		if waits, _ := f.db.RecentWaits(f.site.ID); len(waits) != 1 || waits[0] != 90*time.Second {
			t.Fatalf("recorded waits %v, want [1m30s]", waits)
		}
		if !contains(f.pushed, second.ID) {
			t.Error("the assignment from the line was not published to the inboxes")
		}
		if len(f.events) != 0 {
			t.Errorf("events %+v: an assignment from the line adds no event line", f.events)
		}
	})
	t.Run("a pending conversation frees its agent too", func(t *testing.T) {
		if _, err := f.db.SetStatus(second.ID, store.StatusPending); err != nil {
			t.Fatal(err)
		}
		f.r.StatusChanged(second.ID)
		if c := f.conv(third.ID); c.Assignee != ann.ID {
			t.Fatalf("third: assignee %d, want ann", c.Assignee)
		}
	})
	t.Run("the line survives a restart", func(t *testing.T) {
		fourth := f.start(nil)
		f.newRouter() // as after a restart: nobody online
		if c := f.conv(fourth.ID); c.Assignee != 0 || c.QueuedAt.IsZero() {
			t.Fatalf("fourth: %+v", c)
		}
		f.resolve(third)
		if c := f.conv(fourth.ID); c.Assignee != 0 {
			t.Fatal("given to an agent who is offline since the restart")
		}
		f.online(ann)
		if c := f.conv(fourth.ID); c.Assignee != ann.ID {
			t.Fatalf("fourth: assignee %d once ann is back, want ann", c.Assignee)
		}
	})
	t.Run("raising capacity drains the line", func(t *testing.T) {
		fifth := f.start(nil)
		if fifth.Assignee != 0 {
			t.Fatal("ann is full; the fifth should wait")
		}
		if _, err := f.r.SetCapacity(ann.ID, 2); err != nil {
			t.Fatal(err)
		}
		if c := f.conv(fifth.ID); c.Assignee != ann.ID {
			t.Fatalf("fifth: assignee %d after capacity 2, want ann", c.Assignee)
		}
	})
}

func contains(ids []uint64, id uint64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func TestUsualWait(t *testing.T) {
	m := time.Minute
	for _, tc := range []struct {
		name  string
		waits []time.Duration
		want  int
	}{
		{"no data says nothing", nil, 0},
		{"two waits are not enough", []time.Duration{m, m}, 0},
		{"short waits round up to a minute", []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second}, 1},
		{"most waits under 3 minutes", []time.Duration{m, 2 * m, 150 * time.Second, 2 * m, 20 * m}, 3},
		{"a long tail beyond the 80th percentile is left out", []time.Duration{m, m, m, m, m, m, m, m, 30 * m, 40 * m}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := UsualWait(tc.waits); got != tc.want {
				t.Fatalf("UsualWait(%v) = %d, want %d", tc.waits, got, tc.want)
			}
		})
	}

	t.Run("told to the shopper from real waits, kept across a restart", func(t *testing.T) {
		f := newFixture(t)
		ann := f.agent("ann", 1, wire.RoleAgent)
		f.online(ann)
		busy := f.start(nil)
		for _, wait := range []time.Duration{2 * time.Minute, 150 * time.Second, 3 * time.Minute} {
			c := f.start(nil)
			f.clock.add(wait)
			f.resolve(busy) // c gets ann after waiting wait
			busy = f.conv(c.ID)
			if busy.Assignee != ann.ID {
				t.Fatal("not drained")
			}
		}
		f.newRouter()
		c := f.start(nil)
		l := f.listen(c)
		f.r.ResendQueue(c.VisitorID)
		if q := l.take(wire.TypeQueue); len(q) != 1 || q[0].Queue.Position != 1 || q[0].Queue.UsualWaitMinutes != 3 {
			t.Fatalf("told %+v, want position 1, usually under 3 minutes", q)
		}
	})
}

func TestAvailability(t *testing.T) {
	f := newFixture(t)
	ann := f.agent("ann", 3, wire.RoleAgent)
	agents := &recorder{}
	f.hub.Subscribe(AgentsTopic, agents)
	if s := f.status(ann); s.Availability != wire.AvailabilityOffline {
		t.Fatalf("before any window: %s, want offline", s.Availability)
	}
	w1 := f.online(ann)
	w2 := f.online(ann)
	if got := agents.take(wire.TypeAgents); len(got) != 1 || got[0].Agents[0].Availability != wire.AvailabilityOnline {
		t.Fatalf("agents frames %+v, want one saying ann is online", got)
	}

	t.Run("away when every window is idle", func(t *testing.T) {
		f.clock.add(9 * time.Minute)
		f.r.Active(ann.ID, w2)
		f.clock.add(9 * time.Minute)
		f.r.Check()
		if s := f.status(ann); s.Availability != wire.AvailabilityOnline {
			t.Fatalf("one window active 9 min ago: %s, want online", s.Availability)
		}
		f.clock.add(time.Minute)
		f.r.Check()
		if s := f.status(ann); s.Availability != wire.AvailabilityAway || s.Away {
			t.Fatalf("both windows idle 10 min: %+v, want away (not by her switch)", s)
		}
		if got := agents.take(wire.TypeAgents); len(got) != 1 || got[0].Agents[0].Availability != wire.AvailabilityAway {
			t.Fatalf("agents frames %+v, want one saying ann is away", got)
		}
		if c := f.start(nil); c.Assignee != 0 {
			t.Fatal("an idle agent was given a conversation")
		}
	})
	t.Run("input brings her back and she gets who waited", func(t *testing.T) {
		f.r.Active(ann.ID, w1)
		if s := f.status(ann); s.Availability != wire.AvailabilityOnline {
			t.Fatalf("after input: %s", s.Availability)
		}
		if s := f.status(ann); s.Load != 1 {
			t.Fatalf("load %d, want the waiting conversation", s.Load)
		}
	})
	t.Run("away a while after the last window closed, then offline", func(t *testing.T) {
		f.r.Active(ann.ID, w2)
		f.r.Disconnect(ann.ID, w1)
		if s := f.status(ann); s.Availability != wire.AvailabilityOnline {
			t.Fatalf("one window left: %s", s.Availability)
		}
		f.r.Disconnect(ann.ID, w2)
		if s := f.status(ann); s.Availability != wire.AvailabilityAway {
			t.Fatalf("all closed just now: %s, want away", s.Availability)
		}
		f.clock.add(DefaultOfflineAfter)
		f.r.Check()
		if s := f.status(ann); s.Availability != wire.AvailabilityOffline {
			t.Fatalf("closed for 5 min: %s, want offline", s.Availability)
		}
	})
	t.Run("her own switch holds across windows", func(t *testing.T) {
		if _, err := f.r.SetAway(ann.ID, true); err != nil {
			t.Fatal(err)
		}
		f.newRouter()
		f.online(ann)
		if s := f.status(ann); s.Availability != wire.AvailabilityAway || !s.Away {
			t.Fatalf("after restart and reconnect: %+v, want away by her switch", s)
		}
	})
}

func TestEscalation(t *testing.T) {
	f := newFixture(t)
	if _, err := f.db.SetSiteRouting(0, f.site.ID, store.SiteRouting{EscalateAfterSeconds: 300}); err != nil {
		t.Fatal(err)
	}
	admins := &recorder{}
	f.hub.Subscribe(AdminsTopic, admins)
	ann := f.agent("ann", 3, wire.RoleAgent)
	f.online(ann)
	c := f.start(nil) // assigned to ann, nobody answers

	f.clock.add(299 * time.Second)
	f.r.Check()
	if f.conv(c.ID).EscalatedAt.IsZero() == false || len(admins.take(wire.TypeEscalation)) != 0 {
		t.Fatal("escalated before the limit")
	}
	f.clock.add(time.Second)
	f.r.Check()
	if f.conv(c.ID).EscalatedAt.IsZero() {
		t.Fatal("not escalated once the shopper waited 5 minutes")
	}
	got := admins.take(wire.TypeEscalation)
	if len(got) != 1 || got[0].Conv != id(c.ID) || got[0].Author.Kind != wire.AuthorSystem {
		t.Fatalf("admins told %+v, want one escalation by the system", got)
	}
	if n := len(f.events); n == 0 || f.events[n-1].Kind != store.EventEscalated || f.events[n-1].By != "" {
		t.Fatalf("events %+v, want the waiting limit's escalation last", f.events)
	}
	f.r.Check()
	if len(admins.take(wire.TypeEscalation)) != 0 {
		t.Fatal("escalated twice")
	}

	t.Run("an answered shopper is not waiting", func(t *testing.T) {
		d := f.start(nil)
		a, err := f.db.AppendMessage(store.NewMessage{ConvID: d.ID, CID: "r", Author: store.Author{Kind: store.AuthorAgent, ID: ann.ID}, Body: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		f.r.Observe(a.Conversation)
		f.clock.add(time.Hour)
		f.r.Check()
		if !f.conv(d.ID).EscalatedAt.IsZero() {
			t.Fatal("an answered conversation was escalated")
		}
	})
	t.Run("an agent escalates with a note", func(t *testing.T) {
		e := f.start(nil)
		_, ev, err := f.r.Escalate(e.ID, ann, "angry customer, refund over my limit")
		if err != nil || ev.Kind != store.EventEscalated || ev.By != "ann" || ev.Note != "angry customer, refund over my limit" {
			t.Fatalf("event %+v, %v", ev, err)
		}
		got := admins.take(wire.TypeEscalation)
		if len(got) != 1 || got[0].Note != "angry customer, refund over my limit" || got[0].Author.Name != "ann" {
			t.Fatalf("admins told %+v", got)
		}
		if f.conv(e.ID).EscalatedAt.IsZero() {
			t.Fatal("not marked")
		}
	})
	t.Run("resolving clears the mark", func(t *testing.T) {
		f.resolve(c)
		if !f.conv(c.ID).EscalatedAt.IsZero() {
			t.Fatal("still escalated")
		}
	})
}

func TestTransfer(t *testing.T) {
	f := newFixture(t)
	ann := f.agent("ann", 3, wire.RoleAgent)
	bob := f.agent("bob", 3, wire.RoleAgent)
	cat := f.agent("cat", 3, wire.RoleAgent)
	for _, a := range []store.Agent{ann, bob, cat} {
		f.online(a)
	}
	sales, err := f.db.SaveTeam(0, store.Team{SiteID: f.site.ID, Name: "Sales", Members: []uint64{ann.ID, cat.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.r.TeamsChanged(); err != nil {
		t.Fatal(err)
	}
	c := f.start(nil) // ann
	if c.Assignee != ann.ID {
		t.Fatalf("assignee %d", c.Assignee)
	}
	t.Run("to an agent", func(t *testing.T) {
		got, _, err := f.r.Assign(c.ID, bob.ID, 0, "ann", "")
		if err != nil || got.Assignee != bob.ID {
			t.Fatalf("assign to bob: %+v %v", got, err)
		}
	})
	t.Run("to a team goes to a free member other than who had it", func(t *testing.T) {
		if _, _, err := f.r.Assign(c.ID, ann.ID, 0, "bob", ""); err != nil {
			t.Fatal(err)
		}
		got, ev, err := f.r.Assign(c.ID, 0, sales.ID, "ann", "a refund")
		if err != nil || got.Assignee != cat.ID || got.Team != sales.ID {
			t.Fatalf("transfer to Sales from ann: %+v %v; want cat", got, err)
		}
		want := store.RoutingEvent{Kind: store.EventTransferred, Agent: cat.ID, AgentName: "cat", Team: sales.ID, TeamName: "Sales", By: "ann", Note: "a refund"}
		if *ev != want {
			t.Fatalf("event %+v, want %+v", *ev, want)
		}
	})
	t.Run("to a busy team waits in its line", func(t *testing.T) {
		if _, err := f.r.SetAway(ann.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _, err := f.r.Assign(c.ID, 0, sales.ID, "ann", "a refund") // cat had it; ann is away
		if err != nil || got.Assignee != 0 || got.QueuedAt.IsZero() || got.Team != sales.ID {
			t.Fatalf("%+v %v; want in Sales' line", got, err)
		}
		if _, err := f.r.SetAway(ann.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := f.conv(c.ID); got.Assignee != ann.ID {
			t.Fatalf("assignee %d once ann is back, want ann (Sales)", got.Assignee)
		}
	})
	t.Run("unknown agents and teams are refused", func(t *testing.T) {
		if _, _, err := f.r.Assign(c.ID, 999, 0, "ann", ""); err != ErrAgentUnknown {
			t.Fatalf("err %v", err)
		}
		if _, _, err := f.r.Assign(c.ID, 0, 999, "ann", ""); err != ErrTeamUnknown {
			t.Fatalf("err %v", err)
		}
	})
}

func TestRules(t *testing.T) {
	f := newFixture(t)
	ann := f.agent("ann", 3, wire.RoleAgent)
	bob := f.agent("bob", 3, wire.RoleAgent)
	f.online(ann)
	f.online(bob)
	returns, _ := f.db.SaveTeam(0, store.Team{SiteID: f.site.ID, Name: "Returns", Members: []uint64{bob.ID}})
	french, _ := f.db.SaveTeam(0, store.Team{SiteID: f.site.ID, Name: "Français", Members: []uint64{ann.ID}})
	f.r.TeamsChanged()
	if _, err := f.db.SetSiteRouting(0, f.site.ID, store.SiteRouting{Rules: []store.RoutingRule{
		{Field: store.RuleURL, Pattern: "*/returns*", Team: returns.ID},
		{Field: store.RuleLang, Pattern: "fr", Team: french.ID},
	}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		page *store.Page
		team uint64
		who  uint64
	}{
		{"a returns page goes to Returns", &store.Page{URL: "https://shop.test/en/returns/form", Lang: "fr"}, returns.ID, bob.ID},
		{"a French page goes to the French team", &store.Page{URL: "https://shop.test/p/1", Lang: "fr-CA"}, french.ID, ann.ID},
		{"anything else to the site", &store.Page{URL: "https://shop.test/p/1", Lang: "de"}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := f.start(tc.page)
			if c.Team != tc.team || tc.who != 0 && c.Assignee != tc.who {
				t.Fatalf("team %d assignee %d; want team %d agent %d", c.Team, c.Assignee, tc.team, tc.who)
			}
		})
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*/returns*", "https://shop.test/returns", true},
		{"*/returns*", "https://shop.test/en/returns/x?y=1", true},
		{"*/returns*", "https://shop.test/return", false},
		{"https://shop.test/", "https://shop.test/", true},
		{"https://shop.test/", "https://shop.test/x", false},
		{"*.pdf", "a/b.pdf", true},
		{"a*a", "a", false},
		{"*", "", true},
	} {
		if got := Glob(tc.pattern, tc.s); got != tc.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

// Far back in a long line the place told is rounded up, so that when the
// head of the line leaves only a few dozen shoppers are told a new place,
// not everyone behind it.
func TestLongLineIsToldRoughly(t *testing.T) {
	const waiting = 150
	f := newFixture(t)
	ann := f.agent("ann", 1, wire.RoleAgent)
	f.online(ann)
	first := f.start(nil)
	line := make([]store.Conversation, waiting)
	ears := make([]*recorder, waiting)
	for i := range line {
		line[i] = f.start(nil)
		ears[i] = f.listen(line[i])
	}
	check := func(offset int) (frames int) {
		t.Helper()
		for i, ear := range ears {
			q := ear.take(wire.TypeQueue)
			frames += len(q)
			place := i + 1 - offset
			if place < 1 {
				continue
			}
			told, about := ToldPlace(place)
			if len(q) > 0 && (q[len(q)-1].Queue.Position != told || q[len(q)-1].Queue.Approximate != about) {
				t.Errorf("shopper at place %d told %+v, want %d (approximate %v)", place, q[len(q)-1].Queue, told, about)
			}
		}
		return frames
	}
	for i, c := range line {
		f.r.ResendQueue(c.VisitorID)
		if q := ears[i].take(wire.TypeQueue); len(q) != 1 {
			t.Fatalf("shopper %d told %d places on connecting", i+1, len(q))
		} else if told, about := ToldPlace(i + 1); q[0].Queue.Position != told || q[0].Queue.Approximate != about {
			t.Fatalf("shopper at place %d told %+v, want %d (approximate %v)", i+1, q[0].Queue, told, about)
		}
	}

	f.resolve(first) // ann takes the head of the line; everyone moves up one
	// Told anew: places 2..21 (now exact 1..20), the head (no longer
	// waiting), and those crossing a round number: 31, 41 … 91, 101.
	if frames := check(1); frames != 20+1+8 {
		t.Errorf("%d shoppers told a new place when the head of a line of %d left; want 29", frames, waiting)
	}
}

func TestToldPlace(t *testing.T) {
	for _, tc := range []struct {
		place, told int
		about       bool
	}{
		{1, 1, false}, {20, 20, false}, {21, 30, true}, {30, 30, true}, {31, 40, true},
		{100, 100, true}, {101, 200, true}, {999, 1000, true}, {1001, 2000, true}, {8720, 9000, true},
	} {
		if told, about := ToldPlace(tc.place); told != tc.told || about != tc.about {
			t.Errorf("ToldPlace(%d) = %d, %v; want %d, %v", tc.place, told, about, tc.told, tc.about)
		}
	}
}
