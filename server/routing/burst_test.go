package routing

import (
	"maps"
	"strconv"
	"sync"
	"testing"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// Many shoppers start at once (Route writes after its lock and settles are
// shared): every conversation is placed exactly once, the agents get no
// more than their capacity, the rest wait in line with distinct places
// 1..n, and each waiting shopper's last word is their place.
func TestBurstOfNewConversations(t *testing.T) {
	f := newFixture(t)
	ann := f.agent("ann", 3, wire.RoleAgent)
	bob := f.agent("bob", 2, wire.RoleAgent)
	f.online(ann)
	f.online(bob)
	const n = 60
	convs := make([]store.Conversation, n)
	listeners := make([]*recorder, n)
	for i := range n {
		v, err := f.db.CreateVisitor(f.site.ID, "burst"+strconv.Itoa(i), store.VisitorUpdate{})
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.db.AppendMessage(store.NewMessage{SiteID: f.site.ID, VisitorID: v.ID, CID: "c1", Author: store.Author{Kind: store.AuthorVisitor, ID: v.ID}, Body: "hello"})
		if err != nil {
			t.Fatal(err)
		}
		convs[i] = a.Conversation
		listeners[i] = f.listen(a.Conversation)
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			f.r.Observe(convs[i])
			if _, err := f.r.Route(convs[i].ID, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	loads := map[uint64]int{}
	places := map[int]int{} // place told: how many were told it
	for i := range n {
		c := f.conv(convs[i].ID)
		told := listeners[i].take(wire.TypeQueue)
		switch {
		case c.Assignee != 0:
			if !c.QueuedAt.IsZero() {
				t.Errorf("conversation %d assigned and in line", c.ID)
			}
			loads[c.Assignee]++
			if len(told) > 0 && told[len(told)-1].Queue.Position != 0 {
				t.Errorf("assigned conversation %d was last told place %d", c.ID, told[len(told)-1].Queue.Position)
			}
		case c.QueuedAt.IsZero():
			t.Errorf("conversation %d neither assigned nor in line", c.ID)
		default:
			if len(told) == 0 {
				t.Errorf("waiting conversation %d was never told its place", c.ID)
				continue
			}
			p := told[len(told)-1].Queue.Position
			if p < 1 || p > n {
				t.Errorf("waiting conversation %d told place %d", c.ID, p)
			}
			places[p]++
		}
	}
	if loads[ann.ID] != 3 || loads[bob.ID] != 2 {
		t.Fatalf("loads %v, want ann 3 and bob 2", loads)
	}
	// Each place 1…n-5 told once, as ToldPlace says it (exact at the
	// head, rounded up further back).
	want := map[int]int{}
	for place := 1; place <= n-5; place++ {
		told, _ := ToldPlace(place)
		want[told]++
	}
	if !maps.Equal(places, want) {
		t.Fatalf("places told %v, want %v", places, want)
	}
	if s := f.status(ann); s.Load != 3 {
		t.Fatalf("ann's load shown %d", s.Load)
	}
}
