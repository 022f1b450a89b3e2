package routing

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// recount is the line and the loads computed from scratch, as the router
// did at every change before it kept them (r.mu held).
func (r *Router) recount() (line []uint64, loads map[uint64]int) {
	loads = map[uint64]int{}
	var waiting []store.Conversation
	for id, c := range r.convs {
		if c.Assignee != 0 && c.Status == store.StatusOpen {
			loads[c.Assignee]++
		}
		if !c.QueuedAt.IsZero() && c.Assignee == 0 && c.Status == store.StatusOpen && !r.placing[id] {
			waiting = append(waiting, c)
		}
	}
	slices.SortFunc(waiting, func(a, b store.Conversation) int {
		if d := a.QueuedAt.Compare(b.QueuedAt); d != 0 {
			return d
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for _, c := range waiting {
		line = append(line, c.ID)
	}
	return line, loads
}

func (f *fixture) checkLine(step string) {
	f.t.Helper()
	f.r.mu.Lock()
	defer f.r.mu.Unlock()
	want, wantLoads := f.r.recount()
	var got []uint64
	for _, e := range f.r.line {
		got = append(got, e.id)
	}
	if !slices.Equal(got, want) {
		f.t.Fatalf("after %s: line %v, want %v", step, got, want)
	}
	if !maps.Equal(f.r.load, wantLoads) {
		f.t.Fatalf("after %s: loads %v, want %v", step, f.r.load, wantLoads)
	}
}

func TestLineKeptInOrderAsItChanges(t *testing.T) {
	f := newFixture(t)
	ann := f.agent("ann", 2, wire.RoleAgent)
	bob := f.agent("bob", 1, wire.RoleAgent)
	annWindow := f.online(ann)
	f.online(bob)
	team, err := f.db.SaveTeam(0, store.Team{SiteID: f.site.ID, Name: "Billing", Members: []uint64{bob.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.r.TeamsChanged(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 2))
	var convs []store.Conversation
	for step := range 120 {
		f.clock.add(time.Duration(rng.IntN(3)) * time.Second) // some arrive at the same time
		var what string
		switch k := rng.IntN(10); {
		case k < 4 || len(convs) == 0:
			what = "a new conversation"
			convs = append(convs, f.start(nil))
		case k < 6:
			c := convs[rng.IntN(len(convs))]
			what = "an agent taking a conversation"
			f.r.Take([]uint64{ann.ID, bob.ID}[rng.IntN(2)], c.ID)
		case k < 7:
			c := convs[rng.IntN(len(convs))]
			what = "resolving"
			f.resolve(c)
		case k < 8:
			c := convs[rng.IntN(len(convs))]
			what = "a transfer to the team"
			if _, _, err := f.r.Assign(c.ID, 0, team.ID, "ann", ""); err != nil && c.Status != store.StatusResolved {
				t.Logf("assign: %v", err)
			}
		case k < 9:
			what = "ann leaving and coming back"
			f.r.Disconnect(ann.ID, annWindow)
			annWindow = f.online(ann)
		default:
			c := convs[rng.IntN(len(convs))]
			what = "a pending conversation"
			if _, err := f.db.SetStatus(c.ID, store.StatusPending); err == nil {
				f.r.StatusChanged(c.ID)
			}
		}
		f.checkLine(fmt.Sprintf("%s (step %d)", what, step))
	}
	f.r.mu.Lock()
	n := len(f.r.line)
	f.r.mu.Unlock()
	if n < 3 {
		t.Fatalf("only %d in line at the end: the steps did not exercise the line", n)
	}

	t.Run("a restarted router rebuilds the same line", func(t *testing.T) {
		f.r.mu.Lock()
		before := slices.Clone(f.r.line)
		f.r.mu.Unlock()
		f.newRouter()
		f.checkLine("restart")
		f.r.mu.Lock()
		defer f.r.mu.Unlock()
		if !slices.Equal(f.r.line, before) {
			t.Fatalf("line %v after restart, was %v", f.r.line, before)
		}
	})
}

func TestPlacesToldOncePerInterval(t *testing.T) {
	f := newFixture(t)
	// The timer never fires in this test (it ends sooner): the clock
	// decides. Agents stay online: the clock moves less than IdleAfter.
	const every = time.Minute
	f.r.opts.TellQueueEvery = every
	ann := f.agent("ann", 1, wire.RoleAgent)
	bob := f.agent("bob", 1, wire.RoleAgent)
	f.online(ann)
	first := f.start(nil) // ann's
	var waiting []store.Conversation
	var listeners []*recorder
	for range 4 {
		f.clock.add(time.Second)
		c := f.start(nil)
		waiting = append(waiting, c)
		listeners = append(listeners, f.listen(c))
	}
	told := func(i int) []int {
		var out []int
		for _, q := range listeners[i].take(wire.TypeQueue) {
			out = append(out, q.Queue.Position)
		}
		return out
	}

	// The first change after a quiet spell is told at once (the first in
	// line was told before anyone listened); the next ones, within the
	// interval, wait for it to end.
	for i := range waiting {
		if got := told(i); len(got) != 0 {
			t.Fatalf("shopper %d told %v within the interval", i+2, got)
		}
	}
	f.clock.add(every)
	f.r.Check()
	for i := range waiting {
		want := []int{i + 1}
		if i == 0 {
			want = nil // told before the listener started, unchanged since
		}
		if got := told(i); !slices.Equal(got, want) {
			t.Fatalf("shopper %d told %v at the end of the interval, want %v", i+2, got, want)
		}
	}

	t.Run("several moves within an interval are one frame, to those whose place changed", func(t *testing.T) {
		f.clock.add(every)
		f.resolve(first) // ann takes the first in line: told at once
		if got := told(0); !slices.Equal(got, []int{0}) {
			t.Fatalf("served shopper told %v, want [0]", got)
		}
		for i := 1; i < 4; i++ {
			if got := told(i); !slices.Equal(got, []int{i}) {
				t.Fatalf("shopper %d told %v, want [%d]", i+2, got, i)
			}
		}
		f.online(bob) // bob takes the next: within the interval
		if c := f.conv(waiting[1].ID); c.Assignee != bob.ID {
			t.Fatalf("assignee %d, want bob", c.Assignee)
		}
		if _, changed := f.r.Take(ann.ID, waiting[3].ID); !changed { // ann answers the last one
			t.Fatal("take refused")
		}
		for i := range waiting {
			if got := told(i); len(got) != 0 {
				t.Fatalf("shopper %d told %v within the interval", i+2, got)
			}
		}
		f.clock.add(every)
		f.r.Check()
		want := [][]int{nil, {0}, {1}, {0}} // the first was told 0 already
		for i := range waiting {
			if got := told(i); !slices.Equal(got, want[i]) {
				t.Fatalf("shopper %d told %v, want %v", i+2, got, want[i])
			}
		}
	})

	t.Run("a change within the interval is told at its end without another change", func(t *testing.T) {
		g := newFixture(t)
		g.r.opts.TellQueueEvery = 20 * time.Millisecond
		ann := g.agent("ann", 1, wire.RoleAgent)
		g.online(ann)
		served := g.start(nil)
		g.clock.add(time.Second)
		second := g.start(nil) // told at once: position 1
		g.clock.add(time.Second)
		third := g.start(nil) // within the interval: the timer tells
		l := g.listen(third)
		g.resolve(served) // the line moves, still within the interval
		if c := g.conv(second.ID); c.Assignee != ann.ID {
			t.Fatalf("assignee %d, want ann", c.Assignee)
		}
		deadline := time.Now().Add(time.Minute) // a guard, not a timed assertion
		var got []wire.Frame
		for len(got) == 0 && time.Now().Before(deadline) {
			got = l.take(wire.TypeQueue)
			time.Sleep(time.Millisecond)
		}
		if len(got) != 1 || got[0].Queue.Position != 1 {
			t.Fatalf("third shopper told %+v, want one frame with position 1", got)
		}
	})
}
