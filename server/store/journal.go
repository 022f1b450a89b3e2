package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// The journal makes a message durable in about one page a commit, whatever
// the number of conversations the commit's messages belong to.
//
// Stored in its conversation (messages bucket, key convID|seq, tail.go), a
// message costs the leaf page of that conversation's newest messages, and
// the branch pages above it: 16 messages to 16 conversations wrote 31 to
// 33 pages a commit, and each page is paid for in the commit's fdatasyncs
// (docs/benchmarks.md). So a plain message, and a read mark, is first
// appended to the journal bucket, whose keys only grow: the commit writes
// its newest leaf and the path to it. The store keeps the journaled
// changes in memory, by conversation, and every read of a conversation
// merges them in (hotSection, findCID, eachMessage, getMessage). They move
// to their conversations (messages, tail) in the writer's transactions,
// all of a conversation's at once, so that they share its pages:
//
//   - the oldest ones, once more than journalLimit/4 records are in the
//     journal: each commit moves the conversations of the oldest changes
//     until no more than that is left behind them (trim), then deletes
//     the records at the front whose changes have all moved (a few leaves
//     at the start of the bucket). Moving everything at once stalled the
//     writer: at 2,000 messages/s from 3,000 shoppers, 4,096 changes were
//     3,000 conversations' leaves, an 80 ms commit every two seconds;
//   - all of them when the journal holds journalLimit anyway (a burst;
//     trim moves at most trimMax a commit), at close, and at open after a
//     crash (checkpoint, recoverJournal);
//   - one conversation's before any other write to it (writeTail,
//     eraseConversation: flushConversation), so that what that write
//     stores comes after them.
//
// A moved change's record may stay in the journal, behind older ones not
// moved yet; the conversation's tail holds the key of the newest record
// moved to it, and recovery skips the records up to it. Keys are never
// reused (the bucket's sequence). An erased conversation's records are
// deleted with it. So a crash loses nothing acknowledged, and applies
// nothing twice.
//
// Readers see the journal as of their snapshot. Each change in memory
// carries the id of the transaction that journaled it (added) and of the
// one that moved it to its conversation (flushed); a transaction with id
// S sees it when added ≤ S < flushed. A write transaction's id is one
// more than the last commit's, a read's is the last commit's: a reader
// that began before a commit sees neither that commit's new changes nor
// the moves it made (the change is still in memory for it, and not yet in
// its conversation in its snapshot). A moved change is forgotten only
// when no open read transaction is older than the move (db.view counts
// them). Changes made by a transaction that rolls back (a failed write is
// retried without it, a failed commit) are undone in memory as well.
//
// Record value: journalV1, a kind byte (recordMessage, or recordHot for a
// read mark, which changes hot fields only), uvarints conv and seq (the
// message's, or for a read mark the conversation's last), uvarint length
// and bytes of the cid, uvarint length and bytes of the conversation's hot
// section after the change (tail.go), then for a message its bytes as
// stored in messages (msgcodec.go).

// journalLimit is how many changes the journal holds before a checkpoint
// moves them all to their conversations (about 1 MB of memory); from a
// quarter of it, each commit trims the oldest.
const journalLimit = 4096

// trimMax bounds the changes one commit trims, so that a burst is worked
// off over many commits rather than stalling one.
const trimMax = 256

const journalV1 = 1

// Kinds of journal records.
const (
	recordHot     = 0
	recordMessage = 1
)

// bucketJournal holds the journal's records (schema 13).
var bucketJournal = []byte("journal")

// pending is one journaled change, in memory. Every field but flushed is
// set once; flushed is read and written under journal.mu.
type pending struct {
	conv  uint64
	seq   uint64 // the message's seq; for a read mark, the last message's
	cid   string
	hot   []byte // the conversation's hot section after the change
	value []byte // the stored message, nil for none
	key   uint64 // its key in the journal bucket
	added uint64 // the transaction that journaled it
	// flushed is the transaction that moved it to its conversation, 0
	// while it is journaled.
	flushed uint64
}

// visibleAt says whether a transaction with id at sees e in memory (and
// not in its conversation).
func (e *pending) visibleAt(at uint64) bool {
	return e.added <= at && (e.flushed == 0 || e.flushed > at)
}

// journal is a store's journaled changes and the bookkeeping that keeps
// them consistent with bbolt's snapshots.
type journal struct {
	limit int // changes held before a checkpoint; < 0 never journals

	// mu guards what follows but the readers' count: the reads of every
	// conversation take it shared (journaledHot …), the writer's changes
	// exclusively.
	mu    sync.RWMutex
	convs map[uint64][]*pending // by conversation, oldest first
	// order is every change whose record is in the journal bucket, in key
	// order: trim moves the oldest first, then deletes the records at the
	// front that have moved (dropFront).
	order     []*pending
	cids      map[convCID]*pending // the messages with a cid
	unflushed int                  // changes not yet moved
	nextKey   uint64
	// moved lists the conversations holding moved changes that an open
	// reader may still need.
	moved map[uint64]struct{}
	// readersMu guards committed, the id of the last committed
	// transaction, and readers, which maps the value of committed when
	// each open reader began (at most its snapshot's id) to how many began
	// then. A lock of its own: every db.view takes it twice, and under the
	// journal's lock, held by the writer while it moves changes, thousands
	// of views queued up (a 35 ms convoy seen in a runtime trace).
	readersMu sync.Mutex
	committed uint64
	readers   map[uint64]int

	// The writer's open transaction (0: none), how to undo what it did to
	// memory if it rolls back, and how many records at the front of order
	// it deleted. Only the writer goroutine touches these.
	tx      uint64
	undo    []func()
	keyThen uint64
	dropped int
}

func newJournal(limit int) *journal {
	return &journal{
		limit: limit, convs: make(map[uint64][]*pending), cids: make(map[convCID]*pending), moved: make(map[uint64]struct{}),
		readers: make(map[uint64]int), nextKey: 1,
	}
}

// convCID is a cid in a conversation.
type convCID struct {
	conv uint64
	cid  string
}

// journals finds a store's journal from a transaction, as convCaches does.
var journals sync.Map // *bolt.DB → *journal

func journalOf(tx *bolt.Tx) *journal {
	j, _ := journals.Load(tx.DB())
	jr, _ := j.(*journal)
	return jr
}

func txID(tx *bolt.Tx) uint64 { return uint64(tx.ID()) }

// enter registers a reader about to begin a snapshot; leave with the
// value it returns when the snapshot ends.
func (j *journal) enter() uint64 {
	j.readersMu.Lock()
	at := j.committed
	j.readers[at]++
	j.readersMu.Unlock()
	return at
}

func (j *journal) leave(at uint64) {
	j.readersMu.Lock()
	if j.readers[at]--; j.readers[at] <= 0 {
		delete(j.readers, at)
	}
	j.readersMu.Unlock()
}

// begin starts the writer's transaction tx.
func (j *journal) begin(tx *bolt.Tx) {
	j.tx, j.undo, j.keyThen, j.dropped = txID(tx), j.undo[:0], j.nextKey, 0
}

// journaling says whether tx is the writer's, where changes may be journaled.
func (j *journal) journaling(tx *bolt.Tx) bool {
	return j.limit >= 0 && j.tx != 0 && j.tx == txID(tx)
}

// due says whether the writer's transaction should end with a checkpoint:
// the journal holds its limit of changes, or of records.
func (j *journal) due() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.tx != 0 && j.limit >= 0 && len(j.order) > 0 && (j.unflushed >= j.limit || len(j.order) >= j.limit)
}

// trim moves the conversations of the oldest changes in the write
// transaction tx until no more than a quarter of the journal's limit of
// records is left behind them, or trimMax changes have moved, then
// deletes the records at the front of the journal that have all moved.
func trim(tx *bolt.Tx) error {
	j := journalOf(tx)
	if j == nil {
		return nil
	}
	// The conversations to move, oldest change first: one pass under the
	// lock, counting their changes (all of a conversation's move).
	var convs []uint64
	j.mu.Lock()
	if len(j.order) <= j.limit/4 {
		j.mu.Unlock()
		return nil // few records: they wait for the next trim or the close
	}
	seen := make(map[uint64]bool)
	changes := 0
	for _, e := range j.order[:max(0, len(j.order)-j.limit/4)] {
		if changes >= trimMax {
			break
		}
		if e.flushed != 0 || seen[e.conv] {
			continue
		}
		seen[e.conv] = true
		convs = append(convs, e.conv)
		changes += len(j.convs[e.conv])
	}
	j.mu.Unlock()
	// In id order, so that conversations stored side by side share the
	// leaves they are written to.
	slices.Sort(convs)
	if _, err := flushConvs(tx, convs); err != nil {
		return err
	}
	return dropFront(tx, j)
}

// dropFront deletes the records at the front of the journal whose
// changes have moved to their conversations: a few leaves at the start
// of the bucket. They leave j.order once tx commits.
func dropFront(tx *bolt.Tx, j *journal) error {
	j.mu.Lock()
	n := j.dropped
	for n < len(j.order) && j.order[n].flushed != 0 {
		n++
	}
	front := j.order[j.dropped:n]
	j.mu.Unlock()
	b := tx.Bucket(bucketJournal)
	for _, e := range front {
		if err := b.Delete(itob(e.key)); err != nil {
			return err
		}
	}
	j.dropped = n
	return nil
}

// rolledBack undoes in memory what the writer's transaction did.
func (j *journal) rolledBack() {
	j.mu.Lock()
	for i := len(j.undo) - 1; i >= 0; i-- {
		j.undo[i]()
	}
	j.mu.Unlock()
	j.nextKey, j.tx, j.undo, j.dropped = j.keyThen, 0, j.undo[:0], 0
}

// committedTx ends the writer's transaction, which committed: the records
// it deleted leave j.order, and the moved changes no open reader can need
// any more are forgotten.
func (j *journal) committedTx() {
	j.readersMu.Lock()
	j.committed = j.tx
	oldest := j.committed
	for at := range j.readers {
		oldest = min(oldest, at)
	}
	j.readersMu.Unlock()
	j.mu.Lock()
	defer j.mu.Unlock()
	j.tx, j.undo = 0, j.undo[:0]
	clear(j.order[:j.dropped])
	j.order, j.dropped = j.order[j.dropped:], 0
	for conv := range j.moved {
		list := slices.DeleteFunc(j.convs[conv], func(e *pending) bool {
			gone := e.flushed != 0 && e.flushed <= oldest
			if gone && e.cid != "" {
				delete(j.cids, convCID{conv, e.cid})
			}
			return gone
		})
		if len(list) == 0 {
			delete(j.convs, conv)
		} else {
			j.convs[conv] = list
		}
		if !slices.ContainsFunc(list, func(e *pending) bool { return e.flushed != 0 }) {
			delete(j.moved, conv)
		}
	}
}

// The lookups below are what reads of a conversation merge in. A
// conversation's changes are in seq order (a read mark takes the seq of
// the conversation's last message), so they are found by binary search;
// cids through a map: a message's cid is looked up before it is stored,
// and is new almost every time.

// journaledHot returns the newest hot section of conv that tx sees in
// memory, nil for none.
func journaledHot(tx *bolt.Tx, conv uint64) []byte {
	j := journalOf(tx)
	if j == nil {
		return nil
	}
	at := txID(tx)
	j.mu.RLock()
	defer j.mu.RUnlock()
	list := j.convs[conv]
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].visibleAt(at) {
			return list[i].hot
		}
	}
	return nil
}

// journaledCID returns the seq of conv's message with cid if tx sees it
// journaled in memory.
func journaledCID(tx *bolt.Tx, conv uint64, cid string) (uint64, bool) {
	j := journalOf(tx)
	if j == nil {
		return 0, false
	}
	j.mu.RLock()
	defer j.mu.RUnlock()
	e, ok := j.cids[convCID{conv, cid}]
	if !ok || !e.visibleAt(txID(tx)) {
		return 0, false
	}
	return e.seq, true
}

// journaledMessages returns conv's messages with seq >= from that tx sees
// journaled in memory, in seq order.
func journaledMessages(tx *bolt.Tx, conv, from uint64) []*pending {
	j := journalOf(tx)
	if j == nil {
		return nil
	}
	at := txID(tx)
	j.mu.RLock()
	defer j.mu.RUnlock()
	list := j.convs[conv]
	i, _ := slices.BinarySearchFunc(list, from, func(e *pending, seq uint64) int { return cmp.Compare(e.seq, seq) })
	var out []*pending
	for _, e := range list[i:] {
		if e.value != nil && e.visibleAt(at) {
			out = append(out, e)
		}
	}
	return out
}

// journaledMessage returns the stored bytes of conv's message seq if tx
// sees it journaled in memory.
func journaledMessage(tx *bolt.Tx, conv, seq uint64) []byte {
	if found := journaledMessages(tx, conv, seq); len(found) > 0 && found[0].seq == seq {
		return found[0].value
	}
	return nil
}

// journalChange journals a change of conv in the writer's transaction tx:
// hot is its hot section after the change, and seq, cid and value the
// message it stores (value nil for a read mark, seq the last message's).
func (j *journal) journalChange(tx *bolt.Tx, conv, seq uint64, cid string, hot, value []byte) error {
	rec := make([]byte, 0, 2+3*binary.MaxVarintLen64+len(cid)+binary.MaxVarintLen64+len(hot)+len(value))
	kind := byte(recordHot)
	if value != nil {
		kind = recordMessage
	}
	rec = append(rec, journalV1, kind)
	rec = binary.AppendUvarint(rec, conv)
	rec = binary.AppendUvarint(rec, seq)
	rec = binary.AppendUvarint(rec, uint64(len(cid)))
	rec = append(rec, cid...)
	rec = binary.AppendUvarint(rec, uint64(len(hot)))
	hotAt := len(rec)
	rec = append(rec, hot...)
	valueAt := len(rec)
	rec = append(rec, value...)

	b := tx.Bucket(bucketJournal)
	b.FillPercent = 1 // keys only grow: keep leaves full
	key := j.nextKey
	if err := b.Put(itob(key), rec); err != nil {
		return err
	}
	if err := b.SetSequence(key); err != nil {
		return err
	}
	j.nextKey++
	e := &pending{conv: conv, seq: seq, cid: cid, hot: rec[hotAt:valueAt], key: key, added: j.tx}
	if value != nil {
		e.value = rec[valueAt:]
	}
	j.mu.Lock()
	j.add(e)
	j.undo = append(j.undo, func() {
		if cid != "" {
			delete(j.cids, convCID{conv, cid})
		}
		list := j.convs[conv]
		if n := len(list); n > 0 && list[n-1] == e {
			list[n-1] = nil
			j.convs[conv] = list[:n-1]
			if n == 1 {
				delete(j.convs, conv)
			}
		}
		if n := len(j.order); n > 0 && j.order[n-1] == e {
			j.order[n-1] = nil
			j.order = j.order[:n-1]
		}
		j.unflushed--
	})
	j.mu.Unlock()
	return nil
}

// flushConversation moves conv's journaled changes to the conversation in
// the write transaction tx: its messages to the messages bucket, its cids,
// newest hot fields and the key of its newest record to its tail. Their
// records stay until the front of the journal is dropped (the tail's key
// tells recovery they have moved). Every write to a conversation but a
// journaled one calls it first (writeTail, eraseConversation), so that
// what it writes comes after them.
func flushConversation(tx *bolt.Tx, conv uint64) error {
	_, err := flushConvs(tx, []uint64{conv})
	return err
}

// flushConvs moves the journaled changes of each of convs to its
// conversation in the write transaction tx, and says how many moved. The
// journal's lock is taken twice whatever the number of conversations:
// taken twice for each, a trim of a few dozen was a few dozen write locks
// a commit, each holding back (then waking at once) the readers queued
// behind it, hundreds at a time in a runtime trace.
func flushConvs(tx *bolt.Tx, convs []uint64) (int, error) {
	j := journalOf(tx)
	if j == nil {
		return 0, nil
	}
	at := txID(tx)
	todos := make([][]*pending, len(convs))
	j.mu.Lock()
	for i, conv := range convs {
		for _, e := range j.convs[conv] {
			if e.flushed == 0 && e.added <= at {
				todos[i] = append(todos[i], e)
			}
		}
	}
	j.mu.Unlock()
	moved := 0
	for i, conv := range convs {
		if err := moveChanges(tx, conv, todos[i]); err != nil {
			return 0, err
		}
		moved += len(todos[i])
	}
	if moved == 0 {
		return 0, nil
	}
	j.mu.Lock()
	for i, conv := range convs {
		if len(todos[i]) == 0 {
			continue
		}
		for _, e := range todos[i] {
			e.flushed = at
		}
		j.moved[conv] = struct{}{}
	}
	j.unflushed -= moved
	j.undo = append(j.undo, func() {
		for _, todo := range todos {
			for _, e := range todo {
				e.flushed = 0
			}
		}
		j.unflushed += moved
	})
	j.mu.Unlock()
	return moved, nil
}

// moveChanges stores todo, conv's journaled changes oldest first, in its
// conversation: the messages, then the tail with the newest hot section,
// the cids and the key of the newest record moved.
func moveChanges(tx *bolt.Tx, conv uint64, todo []*pending) error {
	if len(todo) == 0 {
		return nil
	}
	msgs := tx.Bucket(bucketMessages)
	cids := make([]tailCID, 0, len(todo))
	for _, e := range todo {
		if e.value != nil {
			if err := msgs.Put(pair(conv, e.seq), e.value); err != nil {
				return err
			}
		}
		if e.cid != "" {
			cids = append(cids, tailCID{cid: e.cid, seq: e.seq})
		}
	}
	newest := todo[len(todo)-1]
	_, err := putTail(tx, conv, newest.hot, cids, newest.key)
	return err
}

// dropRecords deletes conv's records from the journal in the write
// transaction tx, after its changes moved: for an erased conversation,
// whose tail no longer tells recovery that they have.
func dropRecords(tx *bolt.Tx, conv uint64) error {
	j := journalOf(tx)
	if j == nil {
		return nil
	}
	j.mu.Lock()
	var keys []uint64
	for _, e := range j.order {
		if e.conv == conv {
			keys = append(keys, e.key)
		}
	}
	j.mu.Unlock()
	b := tx.Bucket(bucketJournal)
	for _, k := range keys {
		if err := b.Delete(itob(k)); err != nil {
			return err
		}
	}
	return nil
}

// checkpoint moves every journaled change to its conversation and empties
// the journal, in the write transaction tx.
func checkpoint(tx *bolt.Tx) error {
	j := journalOf(tx)
	if j == nil {
		return nil
	}
	at := txID(tx)
	j.mu.Lock()
	var convs []uint64
	for conv, list := range j.convs {
		if slices.ContainsFunc(list, func(e *pending) bool { return e.flushed == 0 && e.added <= at }) {
			convs = append(convs, conv)
		}
	}
	j.mu.Unlock()
	// In id order, so that conversations stored side by side are written
	// in one pass over their pages.
	slices.Sort(convs)
	if _, err := flushConvs(tx, convs); err != nil {
		return err
	}
	// Every record has moved: empty the bucket at once rather than key by
	// key, and keep its sequence (keys are never reused: tails name them).
	if err := tx.DeleteBucket(bucketJournal); err != nil {
		return err
	}
	b, err := tx.CreateBucket(bucketJournal)
	if err != nil {
		return err
	}
	j.mu.Lock()
	j.dropped = len(j.order)
	j.mu.Unlock()
	return b.SetSequence(j.nextKey - 1)
}

// errBadJournal is a journal record this build cannot read.
var errBadJournal = errors.New("store: unreadable journal record")

// load reads what a previous run left in the journal bucket (a crash: a
// clean close empties it) into memory, as changes every snapshot sees,
// but for the records whose conversation's tail says they have moved, so
// that recoverJournal can move the others.
func (j *journal) load(tx *bolt.Tx) error {
	b := tx.Bucket(bucketJournal)
	j.nextKey = max(j.nextKey, b.Sequence()+1)
	return b.ForEach(func(k, v []byte) error {
		e, err := decodeJournalRecord(v)
		if err != nil {
			return fmt.Errorf("%w %x: %w", errBadJournal, k, err)
		}
		e.key = btoi(k)
		j.nextKey = max(j.nextKey, e.key+1)
		if e.key <= tailApplied(readTail(tx, e.conv)) {
			return nil // moved before the crash
		}
		j.add(e)
		return nil
	})
}

// add keeps e in memory; j.mu is held.
func (j *journal) add(e *pending) {
	j.convs[e.conv] = append(j.convs[e.conv], e)
	j.order = append(j.order, e)
	if e.cid != "" {
		j.cids[convCID{e.conv, e.cid}] = e
	}
	j.unflushed++
}

func decodeJournalRecord(v []byte) (*pending, error) {
	if len(v) < 2 || v[0] != journalV1 || v[1] > recordMessage {
		return nil, errors.New("unknown version or kind")
	}
	kind, r := v[1], v[2:]
	var fields [3]uint64
	for i := range fields {
		x, n := binary.Uvarint(r)
		if n <= 0 {
			return nil, errors.New("truncated")
		}
		fields[i], r = x, r[n:]
		if i == 2 && uint64(len(r)) < x {
			return nil, errors.New("truncated cid")
		}
	}
	v = bytes.Clone(r) // the mmap dies with the transaction
	e := &pending{conv: fields[0], seq: fields[1], cid: string(v[:fields[2]])}
	v = v[fields[2]:]
	l, n := binary.Uvarint(v)
	if n <= 0 || uint64(len(v)-n) < l {
		return nil, errors.New("truncated hot fields")
	}
	e.hot, v = v[n:n+int(l)], v[n+int(l):]
	if !validHot(e.hot) {
		return nil, errors.New("bad hot fields")
	}
	if kind == recordMessage {
		e.value = v
	}
	return e, nil
}

// validHot says whether hot is a whole hot section (tail.go).
func validHot(hot []byte) bool {
	v := append(append([]byte{tailV2}, hot...), 0) // as a tail without cids
	got, _, cids, ok := tailParts(v)
	return ok && len(got) == len(hot) && len(cids) == 0
}

// recoverJournal moves what a previous run left in b's journal (a crash)
// to its conversations, before the store serves anything, and sets j's
// view of the last commit.
func recoverJournal(b *bolt.DB, j *journal) error {
	journals.Store(b, j)
	defer journals.Delete(b)
	err := b.Update(func(tx *bolt.Tx) error {
		if err := j.load(tx); err != nil {
			return err
		}
		if k, _ := tx.Bucket(bucketJournal).Cursor().First(); k == nil {
			return nil
		}
		j.begin(tx)
		return checkpoint(tx)
	})
	if err != nil {
		j.rolledBack()
		return fmt.Errorf("store: recover the journal: %w", err)
	}
	j.committedTx()
	return b.View(func(tx *bolt.Tx) error {
		j.committed = txID(tx)
		return nil
	})
}
