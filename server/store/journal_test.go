package store

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// checkpointNow moves every journaled change to its conversation, as the
// writer does when the journal is full.
func checkpointNow(t testing.TB, db *DB) {
	t.Helper()
	if err := db.update(checkpoint); err != nil {
		t.Fatal(err)
	}
}

// crashClose stops db as a crash would, as far as the journal goes: the
// writer stops after its last commit and the file is closed without the
// checkpoint of a clean close.
func crashClose(t testing.TB, db *DB) {
	t.Helper()
	db.mu.Lock()
	db.closed = true
	close(db.writes)
	db.mu.Unlock()
	<-db.stopped
	journals.Delete(db.bolt)
	unregisterConvCache(db.bolt)
	if err := db.bolt.Close(); err != nil {
		t.Fatal(err)
	}
}

// journalRecords counts the records in db's journal bucket.
func journalRecords(t testing.TB, db *DB) int {
	t.Helper()
	n := 0
	db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketJournal).ForEach(func(_, _ []byte) error { n++; return nil })
	})
	return n
}

// TestJournalMatchesDirectWrites runs the same random conversations on two
// stores, one journaling (with a small limit, so that checkpoints happen
// all along) and one writing every change to its conversation, and
// compares everything a caller can read after each step: the journal must
// change nothing but the pages written. Clean restarts and crashes (the
// journal left for recovery) are among the steps.
func TestJournalMatchesDirectWrites(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { journalAgainstDirect(t, seed) })
	}
}

func journalAgainstDirect(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 42))
	clock := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	type side struct {
		dir string
		opt Options
		db  *DB
	}
	open := func(s *side) {
		db, err := Open(s.dir, s.opt)
		if err != nil {
			t.Fatal(err)
		}
		s.db = db
	}
	journaled := &side{dir: t.TempDir(), opt: Options{Now: now, journalLimit: 5 + int(seed)}}
	direct := &side{dir: t.TempDir(), opt: Options{Now: now, journalLimit: -1}}
	sides := []*side{journaled, direct}
	for _, s := range sides {
		open(s)
	}
	defer func() {
		for _, s := range sides {
			if err := s.db.Check(); err != nil {
				t.Errorf("bbolt check: %v", err)
			}
			s.db.Close()
		}
	}()

	// same runs op on both stores and fails when the outcomes differ.
	same := func(step int, what string, op func(db *DB) (any, error)) any {
		t.Helper()
		var got [2]string
		var out any
		for i, s := range sides {
			v, err := op(s.db)
			b, _ := json.Marshal(v)
			got[i] = fmt.Sprintf("%s (error %v)", b, err)
			if i == 0 {
				out = v
			}
		}
		if got[0] != got[1] {
			t.Fatalf("step %d, %s:\njournal: %s\ndirect:  %s", step, what, got[0], got[1])
		}
		return out
	}

	site := same(0, "site", func(db *DB) (any, error) { return db.CreateSite(Site{Key: "pk_j", Name: "Shop"}) }).(Site)
	var visitors []uint64
	for i := range 4 {
		v := same(0, "visitor", func(db *DB) (any, error) {
			return db.CreateVisitor(site.ID, fmt.Sprintf("tok-%d", i), VisitorUpdate{Name: "Ana"})
		}).(Visitor)
		visitors = append(visitors, v.ID)
	}
	var convs []uint64
	seen := map[uint64]bool{}
	pick := func() uint64 { return convs[rng.IntN(len(convs))] }

	for step := 1; step <= 400; step++ {
		clock = clock.Add(time.Duration(rng.IntN(5000)) * time.Millisecond)
		switch r := rng.IntN(100); {
		case r < 40 || len(convs) == 0: // a shopper writes (sometimes a resend)
			v := visitors[rng.IntN(len(visitors))]
			cid := fmt.Sprintf("c%d", rng.IntN(300))
			a := same(step, "visitor message", func(db *DB) (any, error) {
				return db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v, CID: cid, Author: Author{Kind: AuthorVisitor, ID: v}, Body: "hello " + cid})
			}).(Appended)
			if id := a.Conversation.ID; id != 0 && !seen[id] {
				seen[id] = true
				convs = append(convs, id)
			}
		case r < 60: // an agent answers, or leaves a note
			conv, private := pick(), rng.IntN(4) == 0
			same(step, "agent message", func(db *DB) (any, error) {
				return db.AppendMessage(NewMessage{ConvID: conv, CID: fmt.Sprintf("a%d", step), Author: Author{Kind: AuthorAgent, ID: 1}, Body: "answer", Private: private})
			})
		case r < 75: // a read mark, from either side
			conv, byAgent, seq := pick(), rng.IntN(2) == 0, uint64(rng.IntN(40))
			same(step, "read mark", func(db *DB) (any, error) { return db.MarkRead(conv, byAgent, seq) })
		case r < 82:
			conv, status := pick(), []string{StatusResolved, StatusOpen, StatusPending}[rng.IntN(3)]
			same(step, "status", func(db *DB) (any, error) { return db.SetStatus(conv, status) })
		case r < 87:
			conv, label := pick(), fmt.Sprintf("l%d", rng.IntN(3))
			same(step, "labels", func(db *DB) (any, error) { return db.SetLabels(conv, []string{label}) })
		case r < 89:
			v := visitors[rng.IntN(len(visitors))]
			same(step, "erase", func(db *DB) (any, error) { return db.EraseVisitor(1, v) })
		case r < 92: // a crash: the journal is left for the next open
			crashClose(t, journaled.db)
			open(journaled)
			if n := journalRecords(t, journaled.db); n != 0 {
				t.Fatalf("step %d: %d journal records after recovery", step, n)
			}
		case r < 94:
			for _, s := range sides {
				if err := s.db.Close(); err != nil {
					t.Fatal(err)
				}
				open(s)
			}
		}
		for _, conv := range convs {
			same(step, fmt.Sprintf("conversation %d", conv), func(db *DB) (any, error) { return db.Conversation(conv) })
			same(step, fmt.Sprintf("messages of %d", conv), func(db *DB) (any, error) { return db.Messages(conv, 0, 0) })
		}
		for _, v := range visitors {
			same(step, fmt.Sprintf("conversations of visitor %d", v), func(db *DB) (any, error) { return db.ConversationsOfVisitor(v) })
		}
	}
	// The journal did its work: most changes were journaled, and moved.
	if n := journalRecords(t, journaled.db); n > journaled.opt.journalLimit {
		t.Errorf("%d journal records, limit %d", n, journaled.opt.journalLimit)
	}
}

// TestSnapshotKeepsJournaledMessages: a reader that began before a
// checkpoint keeps seeing exactly the messages of its snapshot, neither
// losing the ones moved to their conversation nor seeing them twice, and
// sees no message committed after it began.
func TestSnapshotKeepsJournaledMessages(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	first, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "m0", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "0"})
	if err != nil {
		t.Fatal(err)
	}
	conv := first.Conversation.ID
	send := func(from, to int) {
		for i := from; i < to; i++ {
			if _, err := db.AppendMessage(NewMessage{ConvID: conv, CID: fmt.Sprintf("m%d", i), Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: strconv.Itoa(i)}); err != nil {
				t.Error(err)
			}
		}
	}
	// Grow the file first, so that the commits below fit in bbolt's
	// mapping (a commit that must remap waits for open readers).
	big := strings.Repeat("x", 4000)
	for i := range 300 {
		if _, err := db.AppendMessage(NewMessage{ConvID: conv, CID: fmt.Sprintf("big%d", i), Author: Author{Kind: AuthorAgent}, Body: big}); err != nil {
			t.Fatal(err)
		}
	}
	checkpointNow(t, db)
	send(1, 21)
	if journalRecords(t, db) != 20 {
		t.Fatalf("%d journal records, want the 20 messages just sent", journalRecords(t, db))
	}

	count := func(tx *bolt.Tx) (n int, last string) {
		eachMessage(tx, conv, 302, func(v []byte) (bool, error) {
			var m Message
			if err := decodeMessage(v, &m); err != nil {
				t.Fatal(err)
			}
			n, last = n+1, m.Body
			return true, nil
		})
		return n, last
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := db.view(func(tx *bolt.Tx) error {
			if n, last := count(tx); n != 20 || last != "20" {
				t.Errorf("before: %d messages, last %q; want 20, last \"20\"", n, last)
			}
			// Meanwhile: 10 more messages, a checkpoint moving all 30,
			// and a commit after it (which forgets what no reader needs).
			wrote := make(chan struct{})
			go func() {
				defer close(wrote)
				send(21, 31)
				checkpointNow(t, db)
				send(31, 32)
			}()
			<-wrote
			if n, last := count(tx); n != 20 || last != "20" {
				t.Errorf("after a checkpoint: %d messages, last %q; want the snapshot's 20", n, last)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the writer waited for the open reader (bbolt remap?)")
	}
	msgs, err := db.Messages(conv, 301, 0)
	if err != nil || len(msgs) != 31 || msgs[30].Body != "31" {
		t.Fatalf("a new reader: %d messages (%v)", len(msgs), err)
	}
	for i, m := range msgs {
		if m.Seq != uint64(302+i) {
			t.Fatalf("message %d has seq %d", i, m.Seq)
		}
	}
}

// TestFailedWriteUndoesItsJournaledChanges: a batch whose one write fails
// is retried without it; the changes the others journaled in the failed
// attempt are undone in memory, and journaled again once.
func TestFailedWriteUndoesItsJournaledChanges(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	first, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "first", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	conv := first.Conversation.ID
	// One batch: a message, then a write that fails, then a message. The
	// writer takes queued writes together; the failing one runs the
	// message's transaction code and then fails.
	var wg sync.WaitGroup
	release := make(chan struct{})
	running := make(chan struct{})
	wg.Go(func() { // occupies the writer while the others queue
		db.update(func(tx *bolt.Tx) error { close(running); <-release; return nil })
	})
	<-running
	errs := make([]error, 3)
	wg.Go(func() {
		_, errs[0] = db.AppendMessage(NewMessage{ConvID: conv, CID: "a", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "a"})
	})
	for len(db.writes) < 1 {
		time.Sleep(time.Millisecond)
	}
	wg.Go(func() {
		errs[1] = db.update(func(tx *bolt.Tx) error {
			if _, err := appendMessage(tx, NewMessage{ConvID: conv, CID: "doomed", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "doomed"}, time.Now()); err != nil {
				return err
			}
			return fmt.Errorf("refused")
		})
	})
	for len(db.writes) < 2 {
		time.Sleep(time.Millisecond)
	}
	wg.Go(func() {
		_, errs[2] = db.AppendMessage(NewMessage{ConvID: conv, CID: "b", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "b"})
	})
	for len(db.writes) < 3 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if errs[0] != nil || errs[1] == nil || errs[2] != nil {
		t.Fatalf("errors %v", errs)
	}
	msgs, err := db.Messages(conv, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for i, m := range msgs {
		if m.Seq != uint64(i+1) {
			t.Fatalf("message %d has seq %d", i, m.Seq)
		}
		bodies = append(bodies, m.Body)
	}
	if got := strings.Join(bodies, ","); got != "hi,a,b" {
		t.Fatalf("messages %s, want hi,a,b", got)
	}
	if c, _ := db.Conversation(conv); c.LastSeq != 3 || c.Preview != "b" {
		t.Fatalf("conversation %+v", c)
	}
	if n := journalRecords(t, db); n != 2 {
		t.Fatalf("%d journal records, want 2", n)
	}
}

// TestNoAckedMessageIsLostToAKill kills a process writing as fast as it can
// (SIGKILL: no close, no checkpoint) and checks that every message it had
// been answered for is in the store when it opens again, once, with its
// conversation's counters and cid. The writer is this test binary itself,
// started again with JOURNAL_KILL_DIR set.
func TestNoAckedMessageIsLostToAKill(t *testing.T) {
	if dir := os.Getenv("JOURNAL_KILL_DIR"); dir != "" {
		killedWriter(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoAckedMessageIsLostToAKill$")
	cmd.Env = append(os.Environ(), "JOURNAL_KILL_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	type acked struct {
		conv, seq uint64
		cid       string
	}
	var got []acked
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		var a acked
		if _, err := fmt.Sscan(lines.Text(), &a.conv, &a.seq, &a.cid); err != nil {
			t.Fatalf("child said %q", lines.Text())
		}
		got = append(got, a)
		if len(got) == 3000 {
			cmd.Process.Signal(syscall.SIGKILL)
		}
	}
	cmd.Wait()
	if len(got) < 3000 {
		t.Fatalf("the writer stopped after %d acks", len(got))
	}

	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	if n := journalRecords(t, db); n != 0 {
		t.Fatalf("%d journal records after recovery", n)
	}
	last := map[uint64]uint64{}
	for _, a := range got {
		last[a.conv] = max(last[a.conv], a.seq)
		again, err := db.AppendMessage(NewMessage{ConvID: a.conv, CID: a.cid, Author: Author{Kind: AuthorVisitor}, Body: "resent"})
		if err != nil || !again.Duplicate || again.Message.Seq != a.seq {
			t.Fatalf("acked %+v: after the kill %+v (%v)", a, again, err)
		}
	}
	for conv, seq := range last {
		c, err := db.Conversation(conv)
		if err != nil || c.LastSeq < seq {
			t.Fatalf("conversation %d: LastSeq %d, acked up to %d (%v)", conv, c.LastSeq, seq, err)
		}
		msgs, err := db.Messages(conv, 0, 0)
		if err != nil || uint64(len(msgs)) != c.LastSeq {
			t.Fatalf("conversation %d: %d messages, LastSeq %d (%v)", conv, len(msgs), c.LastSeq, err)
		}
		for i, m := range msgs {
			if m.Seq != uint64(i+1) {
				t.Fatalf("conversation %d: message %d has seq %d", conv, i, m.Seq)
			}
		}
	}
	t.Logf("%d acked messages in %d conversations survived the kill", len(got), len(last))
}

// killedWriter is the child of TestNoAckedMessageIsLostToAKill: 16
// shoppers write until the parent kills the process, and each ack is
// printed once the store has answered it. A small journal limit makes
// checkpoints happen all along, so the kill can land in any of them.
func killedWriter(dir string) {
	db, err := Open(dir, Options{journalLimit: 97})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	site, err := db.CreateSite(Site{Key: "pk_kill", Name: "Shop"})
	if err != nil {
		os.Exit(2)
	}
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			v, err := db.CreateVisitor(site.ID, fmt.Sprintf("tok-%d", w), VisitorUpdate{})
			if err != nil {
				os.Exit(2)
			}
			for i := 0; ; i++ {
				cid := fmt.Sprintf("w%d-%d", w, i)
				a, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: cid, Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: cid})
				if err != nil {
					os.Exit(2)
				}
				mu.Lock()
				fmt.Fprintln(out, a.Conversation.ID, a.Message.Seq, cid)
				out.Flush()
				mu.Unlock()
				if i%50 == 49 { // now and then a read mark, journaled too
					db.MarkRead(a.Conversation.ID, true, a.Message.Seq)
				}
			}
		})
	}
	wg.Wait()
}

// TestRecoveryKnowsWhatMoved: records stay in the journal after their
// changes moved to their conversation, until the records before them have
// moved too. A crash then must not apply them again (the conversation's
// tail names the newest record moved), nor bring back an erased
// conversation's messages.
func TestRecoveryKnowsWhatMoved(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	site, err := db.CreateSite(Site{Key: "pk_r", Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	say := func(visitor uint64, conv uint64, cid string) Appended {
		t.Helper()
		a, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: visitor, ConvID: conv, CID: cid, Author: Author{Kind: AuthorVisitor, ID: visitor}, Body: cid})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	var vs [3]Visitor
	for i := range vs {
		if vs[i], err = db.CreateVisitor(site.ID, fmt.Sprintf("tok-%d", i), VisitorUpdate{}); err != nil {
			t.Fatal(err)
		}
	}
	// A's second message is journaled first and stays: the records after
	// it cannot leave the journal.
	a := say(vs[0].ID, 0, "a1").Conversation.ID
	say(vs[0].ID, a, "a2")
	// B: its second message is journaled, then moved by a status change;
	// the shopper's next message reopens it, stored directly.
	b := say(vs[1].ID, 0, "b1").Conversation.ID
	say(vs[1].ID, b, "b2")
	if _, err := db.SetStatus(b, StatusResolved); err != nil {
		t.Fatal(err)
	}
	if r := say(vs[1].ID, b, "b3"); !r.Reopened || r.Message.Seq != 3 {
		t.Fatalf("b3: %+v", r)
	}
	// C: a journaled message, then the shopper is erased.
	c := say(vs[2].ID, 0, "c1").Conversation.ID
	say(vs[2].ID, c, "c2")
	if _, err := db.EraseVisitor(1, vs[2].ID); err != nil {
		t.Fatal(err)
	}
	if n := journalRecords(t, db); n != 2 {
		t.Fatalf("%d journal records before the crash, want a2's and b2's", n)
	}
	crashClose(t, db)

	if db, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if conv, err := db.Conversation(b); err != nil || conv.LastSeq != 3 || conv.Preview != "b3" || conv.Status != StatusOpen {
		t.Fatalf("B after recovery: %+v (%v); want LastSeq 3, preview b3, open", conv, err)
	}
	if conv, err := db.Conversation(a); err != nil || conv.LastSeq != 2 || conv.Preview != "a2" {
		t.Fatalf("A after recovery: %+v (%v)", conv, err)
	}
	if msgs, err := db.Messages(c, 0, 0); err != nil || len(msgs) != 0 {
		t.Fatalf("erased C after recovery: %d messages (%v)", len(msgs), err)
	}
	db.view(func(tx *bolt.Tx) error {
		if v := readTail(tx, c); v != nil {
			t.Errorf("erased C has a tail again")
		}
		return nil
	})
}
