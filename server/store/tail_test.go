package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestCIDTail covers the cids kept after a conversation's messages
// (tail.go): a resend is found whether its cid is still in the tail or
// has moved to message_cids, and no reader takes the tail for a message.
func TestCIDTail(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	visitor := Author{Kind: AuthorVisitor, ID: v.ID}
	total := 3*cidTailMax + 5 // three moves to message_cids, and a partial tail
	var conv uint64
	for i := range total {
		a, err := db.AppendMessage(NewMessage{ConvID: conv, SiteID: site.ID, VisitorID: v.ID, CID: fmt.Sprintf("cid-%03d", i), Author: visitor, Body: fmt.Sprintf("message %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		conv = a.Conversation.ID
	}
	// An agent's reply without cid, then a system line: no tail entries.
	if _, err := db.AppendMessage(NewMessage{ConvID: conv, Author: Author{Kind: AuthorAgent, ID: 1}, Body: "reply"}); err != nil {
		t.Fatal(err)
	}
	total++

	t.Run("every resent cid returns its stored message and stores nothing", func(t *testing.T) {
		for i := range total - 1 {
			again, err := db.AppendMessage(NewMessage{ConvID: conv, CID: fmt.Sprintf("cid-%03d", i), Author: visitor, Body: "resent"})
			if err != nil {
				t.Fatal(err)
			}
			if !again.Duplicate || again.Message.Seq != uint64(i+1) || again.Message.Body != fmt.Sprintf("message %d", i) {
				t.Fatalf("resend of cid-%03d: %+v", i, again)
			}
		}
		// Without a conversation id, the visitor's message finds the
		// conversation holding its cid, in the tail or in the index.
		for _, i := range []int{0, total - 2} {
			again, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: fmt.Sprintf("cid-%03d", i), Author: visitor, Body: "resent"})
			if err != nil || !again.Duplicate || again.Conversation.ID != conv || again.Message.Seq != uint64(i+1) {
				t.Fatalf("resend of cid-%03d without conversation: %+v %v", i, again, err)
			}
		}
	})
	t.Run("messages are read with dense seqs and no tail", func(t *testing.T) {
		msgs, err := db.Messages(conv, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != total {
			t.Fatalf("%d messages, want %d", len(msgs), total)
		}
		for i, m := range msgs {
			if m.Seq != uint64(i+1) {
				t.Fatalf("message %d has seq %d", i, m.Seq)
			}
		}
		if last, _ := db.Messages(conv, uint64(total-1), 10); len(last) != 1 || last[0].Body != "reply" {
			t.Fatalf("after the last but one: %+v", last)
		}
	})
	t.Run("the cids moved to message_cids are exactly the older ones", func(t *testing.T) {
		checkpointNow(t, db) // journaled cids move to the tail (journal.go)
		db.view(func(tx *bolt.Tx) error {
			inIndex, inTail := 0, 0
			tx.Bucket(bucketMessageCIDs).ForEach(func(k, _ []byte) error { inIndex++; return nil })
			_, _, cids, ok := tailParts(tx.Bucket(bucketMessages).Get(tailKey(conv)))
			if !ok {
				t.Error("unreadable tail")
			}
			eachTailCID(cids, func([]byte, uint64) bool { inTail++; return true })
			if inIndex != 3*cidTailMax || inTail != 5 {
				t.Errorf("%d cids in message_cids, %d in the tail; want %d and 5", inIndex, inTail, 3*cidTailMax)
			}
			return nil
		})
	})
	t.Run("the export holds every message and nothing else", func(t *testing.T) {
		ex, err := db.ExportVisitor(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.Conversations) != 1 || len(ex.Conversations[0].Messages) != total {
			t.Fatalf("export: %d conversations, messages %d", len(ex.Conversations), len(ex.Conversations[0].Messages))
		}
	})
	t.Run("erasing counts the messages, not the tail, and leaves no cid", func(t *testing.T) {
		erased, err := db.EraseVisitor(1, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if erased.Messages != total {
			t.Fatalf("erased %d messages, want %d", erased.Messages, total)
		}
		db.view(func(tx *bolt.Tx) error {
			for _, b := range [][]byte{bucketMessages, bucketMessageCIDs} {
				if k, _ := tx.Bucket(b).Cursor().First(); k != nil {
					t.Errorf("%s still holds %x", b, k)
				}
			}
			return nil
		})
	})
}

// TestVersion9FileKeepsItsCIDs opens a file written before the tail: its
// cids are all in message_cids, and a resend of any of them is still
// recognised after the upgrade.
func TestVersion9FileKeepsItsCIDs(t *testing.T) {
	dir := t.TempDir()
	raw, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		for v := range 9 {
			if err := migrations[v](tx); err != nil {
				return err
			}
		}
		meta, _ := tx.CreateBucket(bucketMeta)
		meta.Put(keySchema, itob(9))
		tx.Bucket(bucketVisitors).Put(itob(1), []byte(`{"id":1,"site":1}`))
		tx.Bucket(bucketConvsByVisitor).Put(pair(1, 1), nil)
		tx.Bucket(bucketConversations).Put(itob(1), []byte(`{"id":1,"site":1,"visitor":1,"status":"open","lastSeq":2,"publicSeq":2}`))
		tx.Bucket(bucketMessages).Put(pair(1, 1), []byte(`{"conv":1,"seq":1,"cid":"old-1","author":{"kind":"visitor","id":1},"body":"first"}`))
		tx.Bucket(bucketMessages).Put(pair(1, 2), []byte(`{"conv":1,"seq":2,"cid":"old-2","author":{"kind":"visitor","id":1},"body":"second"}`))
		tx.Bucket(bucketMessageCIDs).Put(cidKey(1, "old-1"), itob(1))
		return tx.Bucket(bucketMessageCIDs).Put(cidKey(1, "old-2"), itob(2))
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	again, err := db.AppendMessage(NewMessage{SiteID: 1, VisitorID: 1, CID: "old-2", Author: Author{Kind: AuthorVisitor, ID: 1}, Body: "second"})
	if err != nil || !again.Duplicate || again.Message.Seq != 2 || again.Message.Body != "second" {
		t.Fatalf("resend of an old cid: %+v %v", again, err)
	}
	next, err := db.AppendMessage(NewMessage{ConvID: 1, CID: "new-3", Author: Author{Kind: AuthorVisitor, ID: 1}, Body: "third"})
	if err != nil || next.Duplicate || next.Message.Seq != 3 {
		t.Fatalf("a new message: %+v %v", next, err)
	}
	msgs, err := db.Messages(1, 0, 0)
	if err != nil || len(msgs) != 3 || msgs[2].Body != "third" {
		t.Fatalf("messages %+v %v", msgs, err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

// TestHotFieldsInTheTail: a message changes its conversation's hot fields
// in the tail only, and every way of reading a conversation sees them.
func TestHotFieldsInTheTail(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, nil)
	site, v := fixture(t, db)
	visitor := Author{Kind: AuthorVisitor, ID: v.ID}
	var last Appended
	for i := range 5 {
		a, err := db.AppendMessage(NewMessage{ConvID: last.Conversation.ID, SiteID: site.ID, VisitorID: v.ID, CID: fmt.Sprintf("h%d", i), Author: visitor, Body: fmt.Sprintf("question %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		last = a
	}
	id := last.Conversation.ID
	record := func() Conversation {
		var c Conversation
		db.view(func(tx *bolt.Tx) error { return get(tx.Bucket(bucketConversations), itob(id), &c) })
		return c
	}

	t.Run("a plain message leaves the JSON record as the first message wrote it", func(t *testing.T) {
		if r := record(); r.LastSeq != 1 || r.Preview != "question 0" {
			t.Fatalf("record: lastSeq %d preview %q", r.LastSeq, r.Preview)
		}
	})
	t.Run("every read sees the hot fields", func(t *testing.T) {
		want := last.Conversation
		if want.LastSeq != 5 || want.UnreadByAgents != 5 || want.Preview != "question 4" {
			t.Fatalf("appended: %+v", want)
		}
		one, err := db.Conversation(id)
		if err != nil || !sameConversation(one, want) {
			t.Fatalf("Conversation: %+v %v", one, err)
		}
		listed, err := db.ConversationsOfSite(site.ID, 0)
		if err != nil || len(listed) != 1 || !sameConversation(listed[0], want) {
			t.Fatalf("ConversationsOfSite: %+v %v", listed, err)
		}
		scanned, err := db.UnresolvedConversations()
		if err != nil || len(scanned) != 1 || !sameConversation(scanned[0], want) {
			t.Fatalf("UnresolvedConversations: %+v %v", scanned, err)
		}
		after, err := db.ConversationsAfter(0, 10)
		if err != nil || len(after) != 1 || !sameConversation(after[0], want) {
			t.Fatalf("ConversationsAfter: %+v %v", after, err)
		}
	})
	t.Run("an agent's answer and the shopper's read are kept", func(t *testing.T) {
		a, err := db.AppendMessage(NewMessage{ConvID: id, CID: "agent", Author: Author{Kind: AuthorAgent, ID: 7}, Body: "hello"})
		if err != nil {
			t.Fatal(err)
		}
		if a.Conversation.UnreadByAgents != 0 || a.Conversation.AgentReadSeq != 6 || !a.Conversation.AwaitingSince.IsZero() || a.Conversation.Preview != "hello" {
			t.Fatalf("after the answer: %+v", a.Conversation)
		}
		if _, err := db.MarkRead(id, false, 6); err != nil {
			t.Fatal(err)
		}
		last.Conversation, _ = db.Conversation(id)
		if last.Conversation.VisitorReadSeq != 6 || last.Conversation.AgentReadSeq != 6 {
			t.Fatalf("after the read: %+v", last.Conversation)
		}
	})
	t.Run("a message that reopens a conversation rewrites the record", func(t *testing.T) {
		if _, err := db.SetStatus(id, StatusResolved); err != nil {
			t.Fatal(err)
		}
		a, err := db.AppendMessage(NewMessage{ConvID: id, CID: "back", Author: visitor, Body: "one more thing"})
		if err != nil || !a.Reopened {
			t.Fatalf("%+v %v", a, err)
		}
		if r := record(); r.Status != StatusOpen || r.Reopens != 1 {
			t.Fatalf("record: status %q reopens %d", r.Status, r.Reopens)
		}
		last = a
	})
	t.Run("a reopened file reads the same conversation", func(t *testing.T) {
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db = openDir(t, dir, nil)
		defer db.Close()
		got, err := db.Conversation(id)
		if err != nil || !sameConversation(got, last.Conversation) {
			t.Fatalf("after reopening:\n got %+v\nwant %+v", got, last.Conversation)
		}
		next, err := db.AppendMessage(NewMessage{ConvID: id, CID: "h0", Author: visitor, Body: "resent"})
		if err != nil || !next.Duplicate || next.Message.Seq != 1 {
			t.Fatalf("resend after reopening: %+v %v", next, err)
		}
	})
}

// sameConversation compares conversations with time.Time.Equal for times
// (a time read back may differ in representation, not in value).
func sameConversation(a, b Conversation) bool {
	for _, p := range [][2]*time.Time{{&a.CreatedAt, &b.CreatedAt}, {&a.UpdatedAt, &b.UpdatedAt}, {&a.ResolvedAt, &b.ResolvedAt}, {&a.ConfirmBy, &b.ConfirmBy}, {&a.QueuedAt, &b.QueuedAt}, {&a.AwaitingSince, &b.AwaitingSince}, {&a.EscalatedAt, &b.EscalatedAt}} {
		if !p[0].Equal(*p[1]) {
			return false
		}
		*p[0], *p[1] = time.Time{}, time.Time{}
	}
	if len(a.Labels) == 0 && len(b.Labels) == 0 {
		a.Labels, b.Labels = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

// TestVersion10TailIsRead opens a file whose tail holds cids only (schema
// 10): the record's hot fields are right and the cids are found.
func TestVersion10TailIsRead(t *testing.T) {
	dir := t.TempDir()
	raw, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		for v := range 10 {
			if err := migrations[v](tx); err != nil {
				return err
			}
		}
		meta, _ := tx.CreateBucket(bucketMeta)
		meta.Put(keySchema, itob(10))
		tx.Bucket(bucketVisitors).Put(itob(1), []byte(`{"id":1,"site":1}`))
		tx.Bucket(bucketConvsByVisitor).Put(pair(1, 1), nil)
		tx.Bucket(bucketConversations).Put(itob(1), []byte(`{"id":1,"site":1,"visitor":1,"status":"open","lastSeq":2,"publicSeq":2,"preview":"second","unreadByAgents":2}`))
		tx.Bucket(bucketMessages).Put(pair(1, 1), []byte(`{"conv":1,"seq":1,"cid":"v10-1","author":{"kind":"visitor","id":1},"body":"first"}`))
		tx.Bucket(bucketMessages).Put(pair(1, 2), []byte(`{"conv":1,"seq":2,"cid":"v10-2","author":{"kind":"visitor","id":1},"body":"second"}`))
		// A version 1 tail: 1, count 2, [seq][len][cid] twice.
		tail := []byte{tailV1, 2, 1, 5}
		tail = append(tail, "v10-1"...)
		tail = append(tail, 2, 5)
		tail = append(tail, "v10-2"...)
		return tx.Bucket(bucketMessages).Put(tailKey(1), tail)
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	db := openDir(t, dir, nil)
	defer db.Close()
	c, err := db.Conversation(1)
	if err != nil || c.LastSeq != 2 || c.Preview != "second" || c.UnreadByAgents != 2 {
		t.Fatalf("conversation %+v %v", c, err)
	}
	for i, cid := range []string{"v10-1", "v10-2"} {
		again, err := db.AppendMessage(NewMessage{ConvID: 1, CID: cid, Author: Author{Kind: AuthorVisitor, ID: 1}, Body: "resent"})
		if err != nil || !again.Duplicate || again.Message.Seq != uint64(i+1) {
			t.Fatalf("resend of %s: %+v %v", cid, again, err)
		}
	}
	next, err := db.AppendMessage(NewMessage{ConvID: 1, CID: "v11-3", Author: Author{Kind: AuthorVisitor, ID: 1}, Body: "third"})
	if err != nil || next.Duplicate || next.Message.Seq != 3 || next.Conversation.UnreadByAgents != 3 {
		t.Fatalf("a new message: %+v %v", next, err)
	}
	if again, err := db.AppendMessage(NewMessage{ConvID: 1, CID: "v10-1", Author: Author{Kind: AuthorVisitor, ID: 1}, Body: "resent"}); err != nil || !again.Duplicate {
		t.Fatalf("an old cid after the tail's upgrade: %+v %v", again, err)
	}
	msgs, err := db.Messages(1, 0, 0)
	if err != nil || len(msgs) != 3 {
		t.Fatalf("messages %+v %v", msgs, err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

// A tail this build cannot read stops writes to its conversation: guessing
// its counters from the record would write over stored messages.
func TestUnreadableTailIsAnError(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	a, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "x1", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	id := a.Conversation.ID
	if err := db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMessages).Put(tailKey(id), []byte{99, 1, 2})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendMessage(NewMessage{ConvID: id, CID: "x2", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "again"}); !errors.Is(err, errBadTail) {
		t.Fatalf("append: %v, want errBadTail", err)
	}
	if _, err := db.Conversation(id); !errors.Is(err, errBadTail) {
		t.Fatalf("read: %v, want errBadTail", err)
	}
	msgs, err := db.Messages(id, 0, 0)
	if err != nil || len(msgs) != 1 || msgs[0].Body != "hello" {
		t.Fatalf("messages %+v %v", msgs, err)
	}
	// Without its tail the record is right again (one message).
	if err := db.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMessages).Delete(tailKey(id)) }); err != nil {
		t.Fatal(err)
	}
}
