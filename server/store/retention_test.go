package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

func TestRetention(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)}
	db := openDir(t, t.TempDir(), clock.Now)
	defer db.Close()
	keep, err := db.CreateSite(Site{Key: "pk_keep", Name: "Keeps forever"})
	if err != nil {
		t.Fatal(err)
	}
	site, err := db.CreateSite(Site{Key: "pk_30", Name: "Thirty days", RetentionDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	// Day 0: an old conversation on each site, and a shopper who comes back.
	old, oldConvs := contact(t, db, site, "old", VisitorUpdate{Name: "Olga"}, []string{"old question"})
	_, keptConvs := contact(t, db, keep, "other", VisitorUpdate{Name: "Kim"}, []string{"kept question"})
	back, backConvs := contact(t, db, site, "back", VisitorUpdate{Name: "Berta"}, []string{"first question"})

	// Day 20: Berta writes again in her old conversation: it is active.
	clock.Advance(20 * 24 * time.Hour)
	if _, err := db.AppendMessage(NewMessage{ConvID: backConvs[0], CID: "again", Author: Author{Kind: AuthorVisitor, ID: back.ID}, Body: "still there?"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateVisitor(back.ID, VisitorUpdate{}); err != nil {
		t.Fatal(err)
	}

	ticks := make(chan time.Time)
	passes := make(chan RetentionPass)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		db.RunRetention(ctx, clock.Now, ticks, func(p RetentionPass) { passes <- p })
	}()

	t.Run("a first pass at start erases nothing younger than 30 days", func(t *testing.T) {
		p := <-passes
		if p.Err != nil || p.Sites != 1 || p.Erased != (Erased{}) {
			t.Fatalf("pass %+v", p)
		}
	})

	t.Run("on day 31 the idle conversation and its idle visitor go", func(t *testing.T) {
		clock.Advance(11 * 24 * time.Hour)
		ticks <- clock.Now()
		p := <-passes
		if p.Err != nil || p.Erased != (Erased{Visitors: 1, Conversations: 1, Messages: 1}) {
			t.Fatalf("pass %+v", p)
		}
		if _, err := db.Conversation(oldConvs[0]); !errors.Is(err, ErrNotFound) {
			t.Errorf("old conversation: %v", err)
		}
		if _, err := db.Visitor(old.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("old visitor: %v", err)
		}
		if msgs, _ := db.Messages(backConvs[0], 0, 0); len(msgs) != 2 {
			t.Errorf("the active conversation lost messages: %d", len(msgs))
		}
		if _, err := db.Conversation(keptConvs[0]); err != nil {
			t.Errorf("site without retention: %v", err)
		}
		log, _ := db.AuditLog(0)
		if len(log) != 2 || log[0].Action != AuditRetention || log[0].AgentID != 0 || log[0].Target != "site:2" {
			t.Errorf("audit: %+v", log)
		}
	})

	t.Run("on day 51 the other conversation and visitor go too", func(t *testing.T) {
		clock.Advance(20 * 24 * time.Hour)
		ticks <- clock.Now()
		p := <-passes
		if p.Err != nil || p.Erased != (Erased{Visitors: 1, Conversations: 1, Messages: 2}) {
			t.Fatalf("pass %+v", p)
		}
		if _, err := db.Visitor(back.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("visitor: %v", err)
		}
		if _, err := db.Conversation(keptConvs[0]); err != nil {
			t.Errorf("site without retention: %v", err)
		}
	})

	t.Run("a quiet pass writes no audit line", func(t *testing.T) {
		before, _ := db.AuditLog(0)
		ticks <- clock.Advance(time.Hour)
		if p := <-passes; p.Err != nil || p.Erased != (Erased{}) {
			t.Fatalf("pass %+v", p)
		}
		if after, _ := db.AuditLog(0); len(after) != len(before) {
			t.Fatalf("audit grew: %d → %d", len(before), len(after))
		}
	})

	cancel()
	<-stopped
}

func TestRetentionInChunks(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)}
	db := openDir(t, t.TempDir(), clock.Now)
	defer db.Close()
	site, err := db.CreateSite(Site{Key: "pk_chunks", Name: "Busy", RetentionDays: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := retentionChunk*2 + 3
	for i := range n {
		contact(t, db, site, "tok-"+string(rune('A'+i%26))+string(rune('A'+i/26)), VisitorUpdate{}, []string{"hi"})
	}
	clock.Advance(48 * time.Hour)
	p := db.ApplyRetention(clock.Now())
	if p.Err != nil || p.Erased != (Erased{Visitors: n, Conversations: n, Messages: n}) {
		t.Fatalf("pass %+v", p)
	}
	if convs, _ := db.ConversationsOfSite(site.ID, 0); len(convs) != 0 {
		t.Fatalf("%d conversations left", len(convs))
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestStartRetentionStops(t *testing.T) {
	db := openDir(t, t.TempDir(), nil)
	stop := db.StartRetention(time.Hour, discardLog())
	stop()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestRetentionPrunesExpiredIdentityProofs(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	db := openDir(t, t.TempDir(), clock.Now)
	defer db.Close()
	site, err := db.CreateSite(Site{Key: "pk_proofs", Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	contact(t, db, site, "ana-token", VisitorUpdate{Name: "Ana"})
	for _, p := range []struct {
		proof string
		life  time.Duration
	}{{"short-lived", time.Hour}, {"week-long", 7 * 24 * time.Hour}} {
		if _, err := db.IdentifyVisitor(site.ID, "ana-token", Identity{ExternalID: "ext-ana", Proof: p.proof, Expires: clock.Now().Add(p.life)}); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("a proof still valid, or expired less than an hour ago, keeps its guard", func(t *testing.T) {
		clock.Advance(90 * time.Minute)
		if p := db.ApplyRetention(clock.Now()); p.Err != nil || p.Proofs != 0 {
			t.Fatalf("pass %+v", p)
		}
		if _, err := db.IdentifyVisitor(site.ID, "bob-token", Identity{ExternalID: "ext-ana", Proof: "week-long", Expires: clock.Now().Add(time.Hour)}); !errors.Is(err, ErrProofReused) {
			t.Fatalf("replaying a guarded proof from another browser: %v, want ErrProofReused", err)
		}
	})
	t.Run("the guard of a proof expired over an hour ago is deleted, the others stay", func(t *testing.T) {
		clock.Advance(time.Hour)
		if p := db.ApplyRetention(clock.Now()); p.Err != nil || p.Proofs != 1 {
			t.Fatalf("pass %+v, want 1 proof pruned", p)
		}
		if p := db.ApplyRetention(clock.Now()); p.Err != nil || p.Proofs != 0 {
			t.Fatalf("second pass %+v, want nothing left to prune", p)
		}
		if _, err := db.IdentifyVisitor(site.ID, "bob-token", Identity{ExternalID: "ext-ana", Proof: "week-long", Expires: clock.Now().Add(time.Hour)}); !errors.Is(err, ErrProofReused) {
			t.Fatalf("the week-long proof lost its guard: %v", err)
		}
	})
}
