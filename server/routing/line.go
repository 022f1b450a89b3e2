package routing

import (
	"cmp"
	"slices"
	"time"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// The line and the agents' loads, kept up to date as conversations change.
//
// Both used to be recomputed from every unresolved conversation at each
// change (the line sorted, the loads counted): with 10,000 shoppers in line
// each change cost milliseconds under the router's lock. Now every change
// to r.convs or r.placing goes through sync, which moves that one
// conversation in or out of the ordered line and its agent's count.

// waitingEntry orders the line: first come first, then by id.
type waitingEntry struct {
	at time.Time
	id uint64
}

func compareWaiting(a, b waitingEntry) int {
	if d := a.at.Compare(b.at); d != 0 {
		return d
	}
	return cmp.Compare(a.id, b.id)
}

// putConv records c as the router's view of its conversation.
func (r *Router) putConv(c store.Conversation) {
	r.convs[c.ID] = c
	r.sync(c.ID)
}

// dropConv forgets conversation id (resolved or erased).
func (r *Router) dropConv(id uint64) {
	delete(r.convs, id)
	r.sync(id)
}

// setPlacing marks conversation id as decided on but not yet written.
func (r *Router) setPlacing(id uint64, on bool) {
	if on {
		r.placing[id] = true
	} else {
		delete(r.placing, id)
	}
	r.sync(id)
}

// sync brings the line and the loads in step with r.convs[id] and
// r.placing[id]. A conversation counts in its agent's load while open and
// assigned; it waits in line while open, queued, unassigned and not being
// placed.
func (r *Router) sync(id uint64) {
	c, known := r.convs[id]
	agent := uint64(0)
	if known && c.Assignee != 0 && c.Status == store.StatusOpen {
		agent = c.Assignee
	}
	if was := r.counted[id]; was != agent {
		if was != 0 {
			if r.load[was]--; r.load[was] <= 0 {
				delete(r.load, was)
			}
		}
		if agent != 0 {
			r.load[agent]++
			r.counted[id] = agent
		} else {
			delete(r.counted, id)
		}
	}

	waits := known && !c.QueuedAt.IsZero() && c.Assignee == 0 && c.Status == store.StatusOpen && !r.placing[id]
	at, in := r.queued[id]
	if !waits && !in {
		return
	}
	// Its place, its pool or the line around it may have changed.
	r.lineChanged = true
	if waits && in && at.Equal(c.QueuedAt) {
		return
	}
	if in {
		if i, found := slices.BinarySearchFunc(r.line, waitingEntry{at, id}, compareWaiting); found {
			r.line = slices.Delete(r.line, i, i+1)
		}
		delete(r.queued, id)
	}
	if waits {
		e := waitingEntry{c.QueuedAt, id}
		i, _ := slices.BinarySearchFunc(r.line, e, compareWaiting)
		r.line = slices.Insert(r.line, i, e)
		r.queued[id] = c.QueuedAt
	}
}

// anyRoom says whether some agent is online with room for one more
// conversation: when none is, nothing in line can move.
func (r *Router) anyRoom(now time.Time) bool {
	for _, a := range r.agents {
		if r.load[a.rec.ID] < capacity(a.rec) && r.availability(a, now) == wire.AvailabilityOnline {
			return true
		}
	}
	return false
}
