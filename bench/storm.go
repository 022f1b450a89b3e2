package main

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// stormResult is what the reconnect storm measured.
type stormResult struct {
	clients int
	// all is the time from the first reconnection until the last visitor
	// has its synced frame; perClient is each visitor's catch-up time.
	all       time.Duration
	perClient summary
	// resumed counts visitors whose synced came with every message after
	// their resume point, in order, once.
	resumed int
	// missed is how many conversations got a reply while away, and
	// replayed how many of those replies reached their visitor.
	missed, replayed int
	// gaps and dups are seen during the storm's replays; before* earlier
	// in the run (live delivery).
	gaps, dups             int
	gapsBefore, dupsBefore int
	failures               int
	firstFailure           string
}

func (r stormResult) String() string {
	return fmt.Sprintf("%d/%d resumed in %s (per client p50 %.0f ms, p99 %.0f ms); %d/%d replies made while away replayed; %d gaps, %d duplicates, %d failures %s (before the storm: %d gaps, %d duplicates)",
		r.resumed, r.clients, r.all.Round(time.Millisecond), r.perClient.p50, r.perClient.p99, r.replayed, r.missed, r.gaps, r.dups, r.failures, r.firstFailure, r.gapsBefore, r.dupsBefore)
}

// storm drops every visitor at once (TCP closed, no close frame), posts a
// reply to some of their conversations while they are away, then
// reconnects them all, each with hello{token, resume: {conv: last seq
// seen}}, and times how long until every one has its synced frame. Each
// visitor checks it got exactly the messages after its resume point, in
// order, once. It returns the new connections.
func storm(ctx context.Context, s *server, c config, old []*peer, rec *atomic.Pointer[recorder]) (stormResult, []*peer, error) {
	type state struct {
		token, conv string
		last        uint64
	}
	res := stormResult{clients: len(old), missed: c.stormMissed}
	states := make([]state, len(old))
	logf("storm: dropping %d visitors", len(old))
	parallel(ctx, len(old), c.stormConc, func(i int) (struct{}, error) {
		old[i].drop()
		return struct{}{}, nil
	})
	for i, p := range old {
		p.mu.Lock()
		states[i] = state{token: p.token, conv: p.conv, last: p.lastSeq}
		res.gapsBefore += p.gaps
		res.dupsBefore += p.dups
		p.mu.Unlock()
		if states[i].token == "" || states[i].conv == "" {
			return res, nil, fmt.Errorf("visitor %d has no token or conversation to resume", i)
		}
	}

	logf("storm: %d conversations get a reply while their visitors are away", c.stormMissed)
	if _, err := parallel(ctx, c.stormMissed, 16, func(i int) (struct{}, error) {
		return struct{}{}, s.postAgentMessage(states[i].conv, "missed-"+strconv.Itoa(i), "We are back: your parcel left this morning.")
	}); err != nil {
		return res, nil, err
	}

	logf("storm: %d visitors reconnect (%d at once)", len(old), c.stormConc)
	catchUp := newHist()
	var mu sync.Mutex
	var replayed, resumed int
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		res.failures++
		if res.firstFailure == "" {
			res.firstFailure = "(first: " + fmt.Sprintf(format, args...) + ")"
		}
	}
	t0 := time.Now()
	var lastSynced atomic.Int64
	peers, err := parallel(ctx, len(old), c.stormConc, func(i int) (*peer, error) {
		st := states[i]
		want := st.last
		if i < c.stormMissed {
			want++
		}
		p, err := visitorHello(s, i, st.token, st.conv, st.last, rec)
		if err != nil {
			fail("%v", err)
			return nil, nil
		}
		select {
		case f := <-p.synced:
			d := time.Since(t0)
			catchUp.record(d)
			for {
				prev := lastSynced.Load()
				if int64(d) <= prev || lastSynced.CompareAndSwap(prev, int64(d)) {
					break
				}
			}
			p.mu.Lock()
			ok := f.Conv == st.conv && f.Seq == p.lastSeq && f.Seq >= want && p.gaps == 0 && p.dups == 0
			got := p.lastSeq
			p.mu.Unlock()
			mu.Lock()
			if ok {
				resumed++
				if i < c.stormMissed {
					replayed++
				}
			}
			mu.Unlock()
			if !ok {
				fail("visitor %d resumed after %d, wanted at least %d, synced at %d, saw up to %d", i, st.last, want, f.Seq, got)
			}
		case <-p.closed:
			fail("visitor %d closed before synced (code %d)", i, p.closeCd.Load())
		case <-time.After(60 * time.Second):
			fail("visitor %d: no synced in 60 s", i)
		}
		return p, nil
	})
	res.all = time.Duration(lastSynced.Load())
	res.perClient = catchUp.summary()
	res.resumed, res.replayed = resumed, replayed
	var alive []*peer
	for _, p := range peers {
		if p != nil {
			p.mu.Lock()
			res.gaps += p.gaps
			res.dups += p.dups
			p.mu.Unlock()
			alive = append(alive, p)
		}
	}
	return res, alive, err
}
