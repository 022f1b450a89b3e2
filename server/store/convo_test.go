package store

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// testClock is a clock tests move by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openClocked(t *testing.T) (*DB, *testClock) {
	t.Helper()
	clock := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db := openDir(t, t.TempDir(), clock.now)
	t.Cleanup(func() {
		if err := db.Check(); err != nil {
			t.Errorf("bbolt check: %v", err)
		}
		db.Close()
	})
	return db, clock
}

func confirmKeys(t *testing.T, db *DB) int {
	n := 0
	db.view(func(tx *bolt.Tx) error { n = tx.Bucket(bucketConfirmDue).Stats().KeyN; return nil })
	return n
}

func TestPrivateNotesInTheStore(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	a, _ := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "v1", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "where is my parcel?"})
	conv := a.Conversation.ID
	note, err := db.AppendMessage(NewMessage{ConvID: conv, CID: "n1", Author: Author{Kind: AuthorAgent, ID: 7}, Body: "carrier says lost", Private: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a note takes the next seq but moves neither the shopper's seq nor the preview", func(t *testing.T) {
		c := note.Conversation
		if !note.Message.Private || note.Message.Seq != 2 || c.LastSeq != 2 || c.PublicSeq != 1 || c.Preview != "where is my parcel?" {
			t.Fatalf("note %+v, conversation %+v", note.Message, c)
		}
	})
	t.Run("only agents can write notes: a visitor's private flag is ignored", func(t *testing.T) {
		m, _ := db.AppendMessage(NewMessage{ConvID: conv, CID: "v2", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "hello?", Private: true})
		if m.Message.Private || m.Conversation.PublicSeq != 3 {
			t.Fatalf("%+v", m)
		}
	})
	t.Run("the contact export leaves notes out", func(t *testing.T) {
		exp, err := db.ExportVisitor(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range exp.Conversations[0].Messages {
			if m.Private || m.Body == "carrier says lost" {
				t.Fatalf("export carries a note: %+v", m)
			}
		}
		if len(exp.Conversations[0].Messages) != 2 {
			t.Fatalf("export: %+v", exp.Conversations[0].Messages)
		}
	})
}

func TestConfirmToClose(t *testing.T) {
	db, clock := openClocked(t)
	site, v := fixture(t, db)
	start := func(cid string) Conversation {
		t.Helper()
		a, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: cid, Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "help"})
		if err != nil {
			t.Fatal(err)
		}
		return a.Conversation
	}
	const agent = 42

	t.Run("yes resolves as confirmed after the thank-you, first contact", func(t *testing.T) {
		c := start("y1")
		p, err := db.Propose(c.ID, agent, 24*time.Hour)
		if err != nil || p.Status != StatusAwaiting || p.ProposedBy != agent || !p.ConfirmBy.Equal(clock.now().Add(24*time.Hour)) {
			t.Fatalf("%+v %v", p, err)
		}
		a, err := db.AnswerProposal(c.ID, v.ID, true, "thanks!")
		if err != nil {
			t.Fatal(err)
		}
		got := a.Conversation
		if got.Status != StatusResolved || got.Resolution != ResolutionConfirmed || !got.FirstContact || a.ThankYou == nil || a.ThankYou.Body != "thanks!" || a.ThankYou.Author.Kind != AuthorSystem || got.Preview != "help" {
			t.Fatalf("%+v %+v", got, a.ThankYou)
		}
		if confirmKeys(t, db) != 0 {
			t.Fatal("the confirm index keeps an answered conversation")
		}
		if _, err := db.AnswerProposal(c.ID, v.ID, false, ""); !errors.Is(err, ErrWrongStatus) {
			t.Fatalf("a second answer: %v", err)
		}
	})
	t.Run("no reopens it for the agent who proposed", func(t *testing.T) {
		c := start("n1")
		db.Resolve(t, c.ID) // resolved once, reopened by the shopper below
		a, _ := db.AppendMessage(NewMessage{ConvID: c.ID, CID: "n2", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "again"})
		if !a.Reopened || a.Conversation.Reopens != 1 {
			t.Fatalf("%+v", a)
		}
		db.Propose(c.ID, agent, time.Hour)
		ans, err := db.AnswerProposal(c.ID, v.ID, false, "")
		got := ans.Conversation
		if err != nil || got.Status != StatusOpen || got.Assignee != agent || got.Reopens != 2 || got.Resolution != "" || ans.ThankYou != nil {
			t.Fatalf("%+v %v", got, err)
		}
		if _, err := db.AnswerProposal(c.ID, v.ID+1, true, ""); !errors.Is(err, ErrNotFound) {
			t.Fatalf("another visitor's answer: %v", err)
		}
	})
	t.Run("unanswered, it closes as unconfirmed once the wait is over", func(t *testing.T) {
		c := start("u1")
		db.Propose(c.ID, agent, 24*time.Hour)
		clock.add(23 * time.Hour)
		if closed, _ := db.CloseUnconfirmed(clock.now()); len(closed) != 0 {
			t.Fatalf("closed early: %+v", closed)
		}
		clock.add(time.Hour)
		closed, err := db.CloseUnconfirmed(clock.now())
		if err != nil || len(closed) != 1 || closed[0].ID != c.ID || closed[0].Resolution != ResolutionUnconfirmed || closed[0].Status != StatusResolved {
			t.Fatalf("%+v %v", closed, err)
		}
		if confirmKeys(t, db) != 0 {
			t.Fatal("index kept")
		}
		if _, err := db.AnswerProposal(c.ID, v.ID, true, ""); !errors.Is(err, ErrWrongStatus) {
			t.Fatalf("answer after closing: %v", err)
		}
	})
	t.Run("proposing again restarts the wait; a shopper writing cancels it", func(t *testing.T) {
		c := start("r1")
		db.Propose(c.ID, agent, time.Hour)
		clock.add(30 * time.Minute)
		db.Propose(c.ID, agent, time.Hour)
		if confirmKeys(t, db) != 1 {
			t.Fatal("the first deadline is still indexed")
		}
		clock.add(45 * time.Minute)
		if closed, _ := db.CloseUnconfirmed(clock.now()); len(closed) != 0 {
			t.Fatalf("closed on the first deadline: %+v", closed)
		}
		a, _ := db.AppendMessage(NewMessage{ConvID: c.ID, CID: "r2", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "not yet"})
		if a.Conversation.Status != StatusOpen || !a.Reopened || confirmKeys(t, db) != 0 {
			t.Fatalf("%+v", a.Conversation)
		}
	})
	t.Run("an agent resolving directly is recorded as closed; a promise rules out first contact", func(t *testing.T) {
		c := start("p1")
		db.SetPromise(c.ID, Promise{What: "tracking", Due: clock.now().Add(time.Hour), Channel: "chat"})
		got, _ := db.SetStatus(c.ID, StatusResolved)
		if got.Resolution != ResolutionClosed || got.FirstContact {
			t.Fatalf("%+v", got)
		}
		if _, err := db.Propose(c.ID, agent, time.Hour); !errors.Is(err, ErrWrongStatus) {
			t.Fatalf("proposing on a resolved conversation: %v", err)
		}
	})
	t.Run("erasing a conversation that awaits removes it from the index", func(t *testing.T) {
		c := start("e1")
		db.Propose(c.ID, agent, time.Hour)
		if _, err := db.EraseVisitor(1, v.ID); err != nil {
			t.Fatal(err)
		}
		if confirmKeys(t, db) != 0 {
			t.Fatal("index kept after erase")
		}
		_ = c
	})
}

// Resolve is a test helper: resolve conversation id.
func (db *DB) Resolve(t *testing.T, id uint64) {
	t.Helper()
	if _, err := db.SetStatus(id, StatusResolved); err != nil {
		t.Fatal(err)
	}
}

func TestLabelsReasonPromise(t *testing.T) {
	db, clock := openClocked(t)
	site, v := fixture(t, db)
	a, _ := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "hi"})
	id := a.Conversation.ID
	if c, err := db.SetLabels(id, []string{"vip", "Exchange"}); err != nil || len(c.Labels) != 2 {
		t.Fatalf("%+v %v", c, err)
	}
	db.SetLabels(id, []string{"exchange", "late"})
	s, _ := db.Site(site.ID)
	if len(s.Labels) != 3 || s.Labels[0] != "Exchange" || s.Labels[1] != "late" || s.Labels[2] != "vip" {
		t.Fatalf("site suggestions: %q", s.Labels)
	}
	if c, _ := db.SetReason(id, "delivery"); c.Reason != "delivery" {
		t.Fatalf("%+v", c)
	}
	if _, err := db.KeepPromise(id); !errors.Is(err, ErrWrongStatus) {
		t.Fatalf("keeping no promise: %v", err)
	}
	due := clock.now().Add(48 * time.Hour)
	c, _ := db.SetPromise(id, Promise{What: "the refund receipt", Due: due, Channel: "email", AgentID: 3, AgentName: "Anna"})
	if c.Promise == nil || !c.Promise.Due.Equal(due) || !c.Promise.At.Equal(clock.now()) {
		t.Fatalf("%+v", c.Promise)
	}
	clock.add(time.Hour)
	c, _ = db.KeepPromise(id)
	if !c.Promise.DoneAt.Equal(clock.now()) {
		t.Fatalf("%+v", c.Promise)
	}
}

func TestMigrationToConfirmIndex(t *testing.T) {
	// A version-6 file (before notes and proposals) with a conversation.
	dir := t.TempDir()
	raw, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		for _, m := range migrations[:6] {
			if err := m(tx); err != nil {
				return err
			}
		}
		meta, _ := tx.CreateBucketIfNotExists(bucketMeta)
		meta.Put(keySchema, itob(6))
		tx.Bucket(bucketVisitors).Put(itob(1), []byte(`{"id":1,"site":1}`))
		tx.Bucket(bucketConvsByVisitor).Put(pair(1, 1), nil)
		tx.Bucket(bucketMessages).Put(pair(1, 1), []byte(`{"conv":1,"seq":1,"author":{"kind":"visitor","id":1},"body":"old"}`))
		tx.Bucket(bucketMessages).Put(pair(1, 2), []byte(`{"conv":1,"seq":2,"author":{"kind":"agent","id":1},"body":"old answer"}`))
		return tx.Bucket(bucketConversations).Put(itob(1), []byte(`{"id":1,"site":1,"visitor":1,"status":"open","lastSeq":2,"preview":"old answer"}`))
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	db := openDir(t, dir, nil)
	defer db.Close()
	if confirmKeys(t, db) != 0 {
		t.Fatal("no confirm_due bucket")
	}
	// A note on the old conversation leaves the shopper's seq where it was.
	a, err := db.AppendMessage(NewMessage{ConvID: 1, CID: "n", Author: Author{Kind: AuthorAgent, ID: 1}, Body: "note", Private: true})
	if err != nil || a.Conversation.PublicSeq != 2 || a.Conversation.LastSeq != 3 {
		t.Fatalf("%+v %v", a.Conversation, err)
	}
	if _, err := db.Propose(1, 1, time.Hour); err != nil {
		t.Fatal(err)
	}
}
