package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// openTest opens a store in a temp dir and checks the file on cleanup.
func openTest(t testing.TB) *DB {
	t.Helper()
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Check(); err != nil {
			t.Errorf("bbolt check: %v", err)
		}
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

// fixture makes a site and a visitor to write messages for.
func fixture(t testing.TB, db *DB) (Site, Visitor) {
	t.Helper()
	site, err := db.CreateSite(Site{Key: "pk_test", Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.CreateVisitor(site.ID, "visitor-token", VisitorUpdate{Name: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	return site, v
}

func TestAppendMessage(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	visitor := Author{Kind: AuthorVisitor, ID: v.ID}

	first, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c1", Author: visitor, Body: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a visitor's first message starts a conversation at seq 1", func(t *testing.T) {
		if !first.Created || first.Message.Seq != 1 || first.Conversation.LastSeq != 1 {
			t.Fatalf("got %+v", first)
		}
	})
	t.Run("resent message with same cid is stored once", func(t *testing.T) {
		again, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c1", Author: visitor, Body: "hello"})
		if err != nil {
			t.Fatal(err)
		}
		if !again.Duplicate || again.Message.Seq != 1 || again.Conversation.ID != first.Conversation.ID {
			t.Fatalf("resend should return the stored message, got %+v", again)
		}
		msgs, _ := db.Messages(first.Conversation.ID, 0, 0)
		if len(msgs) != 1 {
			t.Fatalf("stored %d messages, want 1", len(msgs))
		}
	})
	t.Run("a second message without conversation id joins the open conversation", func(t *testing.T) {
		second, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c2", Author: visitor, Body: "are you there?"})
		if err != nil {
			t.Fatal(err)
		}
		if second.Created || second.Conversation.ID != first.Conversation.ID || second.Message.Seq != 2 {
			t.Fatalf("got %+v", second)
		}
		if second.Conversation.UnreadByAgents != 2 {
			t.Fatalf("unread by agents = %d, want 2", second.Conversation.UnreadByAgents)
		}
	})
	t.Run("an agent reply clears the agents' unread count", func(t *testing.T) {
		reply, err := db.AppendMessage(NewMessage{ConvID: first.Conversation.ID, CID: "a1", Author: Author{Kind: AuthorAgent, ID: 1}, Body: "yes"})
		if err != nil {
			t.Fatal(err)
		}
		if reply.Message.Seq != 3 || reply.Conversation.UnreadByAgents != 0 {
			t.Fatalf("got %+v", reply)
		}
	})
	t.Run("messages after a seq come in order", func(t *testing.T) {
		msgs, err := db.Messages(first.Conversation.ID, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 2 || msgs[0].Seq != 2 || msgs[1].Seq != 3 {
			t.Fatalf("got %+v", msgs)
		}
	})
	t.Run("a message to an unknown conversation is refused", func(t *testing.T) {
		_, err := db.AppendMessage(NewMessage{ConvID: 999, CID: "x", Author: visitor, Body: "?"})
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestGroupCommitUnderConcurrentWriters(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	first, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "start", Author: Author{Kind: AuthorVisitor}, Body: "start"})
	if err != nil {
		t.Fatal(err)
	}
	conv := first.Conversation.ID

	const writers, each = 32, 50
	var wg sync.WaitGroup
	seqs := make(chan uint64, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				// Every message is sent twice: the second must be a duplicate.
				for range 2 {
					a, err := db.AppendMessage(NewMessage{ConvID: conv, CID: fmt.Sprintf("w%d-%d", w, i), Author: Author{Kind: AuthorVisitor}, Body: "x"})
					if err != nil {
						t.Error(err)
						return
					}
					if !a.Duplicate {
						seqs <- a.Message.Seq
					}
				}
			}
		}()
	}
	wg.Wait()
	close(seqs)
	seen := map[uint64]bool{}
	for s := range seqs {
		if seen[s] {
			t.Fatalf("seq %d given twice", s)
		}
		seen[s] = true
	}
	if len(seen) != writers*each {
		t.Fatalf("%d distinct seqs, want %d", len(seen), writers*each)
	}
	msgs, _ := db.Messages(conv, 0, 0)
	if len(msgs) != writers*each+1 {
		t.Fatalf("stored %d messages, want %d", len(msgs), writers*each+1)
	}
	for i, m := range msgs {
		if m.Seq != uint64(i+1) {
			t.Fatalf("message %d has seq %d: seqs must be dense", i, m.Seq)
		}
	}
}

func TestFailedWriteDoesNotSinkItsBatch(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conv := uint64(0)
			if i%2 == 1 {
				conv = 12345 // unknown: must fail alone
			}
			_, err := db.AppendMessage(NewMessage{ConvID: conv, SiteID: site.ID, VisitorID: v.ID, CID: fmt.Sprint(i), Author: Author{Kind: AuthorVisitor}, Body: "x"})
			if conv == 0 && err != nil {
				errs <- err
			}
			if conv != 0 && !errors.Is(err, ErrNotFound) {
				errs <- fmt.Errorf("write to unknown conversation: %v", err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	convs, _ := db.ConversationsOfVisitor(v.ID)
	if len(convs) != 1 || convs[0].LastSeq != 20 {
		t.Fatalf("want one conversation with 20 messages, got %+v", convs)
	}
}

func TestDataSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	site, _ := db.CreateSite(Site{Key: "k", Name: "S"})
	v, _ := db.CreateVisitor(site.ID, "tok", VisitorUpdate{})
	a, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c", Author: Author{Kind: AuthorVisitor}, Body: "kept"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendMessage(NewMessage{ConvID: a.Conversation.ID, CID: "late", Body: "x"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("write after close: %v, want ErrClosed", err)
	}
	db, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	msgs, _ := db.Messages(a.Conversation.ID, 0, 0)
	if len(msgs) != 1 || msgs[0].Body != "kept" {
		t.Fatalf("after reopen: %+v", msgs)
	}
	if got, _ := db.VisitorByToken("tok"); got.ID != v.ID {
		t.Fatalf("visitor by token after reopen: %+v", got)
	}
}

func TestMigrations(t *testing.T) {
	t.Run("a new file is migrated to the current version", func(t *testing.T) {
		db := openTest(t)
		db.view(func(tx *bolt.Tx) error {
			if v := schemaVersion(tx); v != SchemaVersion() {
				t.Fatalf("schema %d, want %d", v, SchemaVersion())
			}
			return nil
		})
	})
	t.Run("a file from a newer build is refused, not touched", func(t *testing.T) {
		dir := t.TempDir()
		raw, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		raw.Update(func(tx *bolt.Tx) error {
			b, _ := tx.CreateBucket(bucketMeta)
			return b.Put(keySchema, itob(SchemaVersion()+1))
		})
		raw.Close()
		if _, err := Open(dir, Options{}); err == nil {
			t.Fatal("opening a newer schema should fail")
		}
	})
	t.Run("a version 7 file gains routing's buckets and keeps its conversations", func(t *testing.T) {
		dir := t.TempDir()
		raw, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		raw.Update(func(tx *bolt.Tx) error {
			for v := range 7 {
				if err := migrations[v](tx); err != nil {
					return err
				}
			}
			meta, _ := tx.CreateBucket(bucketMeta)
			meta.Put(keySchema, itob(7))
			// A conversation as version 7 wrote it: no routing fields.
			return tx.Bucket(bucketConversations).Put(itob(1), []byte(`{"id":1,"site":1,"visitor":1,"status":"open","assignee":2,"lastSeq":1}`))
		})
		raw.Close()
		db, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if teams, err := db.Teams(0); err != nil || len(teams) != 0 {
			t.Fatalf("teams %v %v", teams, err)
		}
		if waits, err := db.RecentWaits(1); err != nil || len(waits) != 0 {
			t.Fatalf("waits %v %v", waits, err)
		}
		convs, err := db.UnresolvedConversations()
		if err != nil || len(convs) != 1 || convs[0].Assignee != 2 || !convs[0].QueuedAt.IsZero() {
			t.Fatalf("conversations %+v %v", convs, err)
		}
	})
	t.Run("a version 8 file gains the search change set and records changes in it", func(t *testing.T) {
		dir := t.TempDir()
		raw, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		raw.Update(func(tx *bolt.Tx) error {
			for v := range 8 {
				if err := migrations[v](tx); err != nil {
					return err
				}
			}
			meta, _ := tx.CreateBucket(bucketMeta)
			meta.Put(keySchema, itob(8))
			tx.Bucket(bucketVisitors).Put(itob(1), []byte(`{"id":1,"site":1}`))
			tx.Bucket(bucketConvsByVisitor).Put(pair(1, 1), nil)
			return tx.Bucket(bucketConversations).Put(itob(1), []byte(`{"id":1,"site":1,"visitor":1,"status":"open","lastSeq":0}`))
		})
		raw.Close()
		db, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if seq, err := db.SearchSequence(); err != nil || seq != 0 {
			t.Fatalf("sequence %d %v", seq, err)
		}
		if _, err := db.AppendMessage(NewMessage{ConvID: 1, CID: "x", Author: Author{Kind: AuthorVisitor}, Body: "after the upgrade"}); err != nil {
			t.Fatal(err)
		}
		if ch, _, err := db.SearchChanges(10); err != nil || len(ch) != 1 || ch[0].ID != 1 {
			t.Fatalf("changes %+v %v", ch, err)
		}
	})
	t.Run("migrating twice is a no-op", func(t *testing.T) {
		dir := t.TempDir()
		for range 2 {
			db, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
		}
	})
}

func TestSessions(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	db, err := Open(t.TempDir(), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CreateSession("tok", Session{AgentID: 1, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if s, err := db.SessionByToken("tok"); err != nil || s.AgentID != 1 {
		t.Fatalf("live session: %+v %v", s, err)
	}
	now = now.Add(2 * time.Hour)
	if _, err := db.SessionByToken("tok"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("expired session found: %v", err)
	}
}
