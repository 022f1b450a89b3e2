package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A conversation's tail is one value stored right after its messages (key
// convID|tailSeq in the messages bucket), so it almost always sits in the
// leaf page the conversation's next message is written to. It holds what
// every message changes, which used to cost pages of their own at each
// message, each read, rewritten and fsynced (docs/benchmarks.md):
//
//   - the conversation's hot counters (hotFields: LastSeq, PublicSeq,
//     Preview, unread counts, UpdatedAt, AwaitingSince), in a fixed binary
//     layout; they override the same fields of the JSON record in the
//     conversations bucket, which a plain message no longer rewrites (in
//     a random leaf, JSON-encoded: about 10 µs a message);
//   - the cids of the newest messages: AppendMessage looks a cid up before
//     storing. In message_cids each cid was a small entry in a dense leaf
//     of its own (random cids land anywhere in the conversation's range),
//     the most expensive page of a message. When the tail holds cidTailMax
//     cids they move to message_cids in one go, so a lookup reads the
//     tail, then message_cids.
//
// Value, version 2: 2, the hot fields (uvarints: LastSeq, PublicSeq,
// UnreadByAgents, AgentReadSeq, VisitorReadSeq; varints: UpdatedAt and
// AwaitingSince in Unix ns, 0 for the zero time; uvarint length and bytes
// of Preview), the cid count (one byte), then count times [seq
// uvarint][len(cid) uvarint][cid]. Version 3 (schema 13) is 3, the key of
// the newest journal record moved to the conversation (uvarint, 0 for
// none; journal.go), then as version 2. Version 1 (schema 10) is 1, count,
// entries: no hot fields.
//
// Every reader of the messages bucket walks it with eachMessage, which
// stops before the tail (a message never has seq tailSeq). Conversations
// are read and written through convcache.go, which applies the tail.

// tailSeq is the seq part of a conversation's tail key.
const tailSeq = math.MaxUint64

// cidTailMax is how many cids a tail holds before they move to
// message_cids: at 36-byte UUIDs about 1.4 KB, a third of a leaf page.
const cidTailMax = 32

const (
	tailV1 = 1 // cids only (schema 10)
	tailV2 = 2 // hot fields and cids (schema 11)
	tailV3 = 3 // the journal's watermark, hot fields and cids (schema 13)
)

// tailKey is the key of conv's tail in the messages bucket.
func tailKey(conv uint64) []byte { return pair(conv, tailSeq) }

// isTail says whether a messages-bucket key is a tail.
func isTail(k []byte) bool { return len(k) == 16 && binary.BigEndian.Uint64(k[8:]) == tailSeq }

// hotFields are the fields of Conversation that messages change, kept in
// the tail.
type hotFields struct {
	LastSeq, PublicSeq, UnreadByAgents, AgentReadSeq, VisitorReadSeq uint64
	UpdatedAt, AwaitingSince                                         time.Time
	Preview                                                          string
}

func hotOf(c *Conversation) hotFields {
	return hotFields{
		LastSeq: c.LastSeq, PublicSeq: c.PublicSeq, UnreadByAgents: c.UnreadByAgents,
		AgentReadSeq: c.AgentReadSeq, VisitorReadSeq: c.VisitorReadSeq,
		UpdatedAt: c.UpdatedAt, AwaitingSince: c.AwaitingSince, Preview: c.Preview,
	}
}

func (h hotFields) applyTo(c *Conversation) {
	c.LastSeq, c.PublicSeq, c.UnreadByAgents = h.LastSeq, h.PublicSeq, h.UnreadByAgents
	c.AgentReadSeq, c.VisitorReadSeq = h.AgentReadSeq, h.VisitorReadSeq
	c.UpdatedAt, c.AwaitingSince, c.Preview = h.UpdatedAt, h.AwaitingSince, h.Preview
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

func (h hotFields) append(b []byte) []byte {
	for _, v := range [...]uint64{h.LastSeq, h.PublicSeq, h.UnreadByAgents, h.AgentReadSeq, h.VisitorReadSeq} {
		b = binary.AppendUvarint(b, v)
	}
	b = appendTime(b, h.UpdatedAt)
	b = appendTime(b, h.AwaitingSince)
	b = binary.AppendUvarint(b, uint64(len(h.Preview)))
	return append(b, h.Preview...)
}

// tailParts splits a tail value into its hot section (nil for none or a
// version 1 tail), its cid count and its cid entries. ok is false for
// bytes that are no tail this build knows.
func tailParts(v []byte) (hot []byte, count int, cids []byte, ok bool) {
	if len(v) == 0 {
		return nil, 0, nil, true
	}
	switch v[0] {
	case tailV1:
		if len(v) < 2 {
			return nil, 0, nil, false
		}
		return nil, int(v[1]), v[2:], true
	case tailV2, tailV3:
		r := v[1:]
		if v[0] == tailV3 {
			if _, n := binary.Uvarint(r); n <= 0 {
				return nil, 0, nil, false
			} else {
				r = r[n:]
			}
		}
		start := len(v) - len(r)
		for range 5 {
			if _, n := binary.Uvarint(r); n <= 0 {
				return nil, 0, nil, false
			} else {
				r = r[n:]
			}
		}
		for range 2 {
			if _, n := binary.Varint(r); n <= 0 {
				return nil, 0, nil, false
			} else {
				r = r[n:]
			}
		}
		l, n := binary.Uvarint(r)
		if n <= 0 || uint64(len(r)-n) < l+1 {
			return nil, 0, nil, false
		}
		r = r[n+int(l):]
		hot = v[start : len(v)-len(r)]
		return hot, int(r[0]), r[1:], true
	}
	return nil, 0, nil, false
}

// tailApplied returns the key of the newest journal record moved to the
// conversation of tail v (journal.go), 0 for none.
func tailApplied(v []byte) uint64 {
	if len(v) == 0 || v[0] != tailV3 {
		return 0
	}
	k, _ := binary.Uvarint(v[1:])
	return k
}

// decodeHot decodes a hot section that tailParts accepted.
func decodeHot(b []byte) hotFields {
	var h hotFields
	for _, p := range [...]*uint64{&h.LastSeq, &h.PublicSeq, &h.UnreadByAgents, &h.AgentReadSeq, &h.VisitorReadSeq} {
		v, n := binary.Uvarint(b)
		*p, b = v, b[n:]
	}
	for _, p := range [...]*time.Time{&h.UpdatedAt, &h.AwaitingSince} {
		v, n := binary.Varint(b)
		b = b[n:]
		if v != 0 {
			*p = time.Unix(0, v).UTC()
		}
	}
	l, n := binary.Uvarint(b)
	h.Preview = string(b[n : n+int(l)])
	return h
}

// eachTailCID calls fn with each (cid, seq) of a tail's cid entries,
// oldest first, until fn returns false.
func eachTailCID(cids []byte, fn func(cid []byte, seq uint64) bool) {
	for len(cids) > 0 {
		seq, n := binary.Uvarint(cids)
		if n <= 0 {
			return
		}
		cids = cids[n:]
		l, n := binary.Uvarint(cids)
		if n <= 0 || uint64(len(cids)-n) < l {
			return
		}
		cid := cids[n : n+int(l)]
		cids = cids[n+int(l):]
		if !fn(cid, seq) {
			return
		}
	}
}

// readTail returns conv's tail value (nil for none) in tx.
func readTail(tx *bolt.Tx, conv uint64) []byte {
	return tx.Bucket(bucketMessages).Get(tailKey(conv))
}

// errBadTail is a tail this build cannot read: never guess its hot fields
// from the record (an old LastSeq would write over stored messages).
var errBadTail = errors.New("store: unreadable conversation tail")

// hotSection returns conv's hot section (nil for none: the record's
// fields are right): its newest journaled one (journal.go), else its
// tail's.
func hotSection(tx *bolt.Tx, conv uint64) ([]byte, error) {
	if hot := journaledHot(tx, conv); hot != nil {
		return hot, nil
	}
	hot, _, _, ok := tailParts(readTail(tx, conv))
	if !ok {
		return nil, fmt.Errorf("%w %d", errBadTail, conv)
	}
	return hot, nil
}

// findCID returns the seq of conv's message with cid, if one is stored.
func findCID(tx *bolt.Tx, conv uint64, cid string) (uint64, bool) {
	if cid == "" {
		return 0, false
	}
	if seq, ok := journaledCID(tx, conv, cid); ok { // journal.go
		return seq, true
	}
	var seq uint64
	found := false
	if _, _, cids, ok := tailParts(readTail(tx, conv)); ok {
		eachTailCID(cids, func(c []byte, s uint64) bool {
			if string(c) == cid {
				seq, found = s, true
			}
			return !found
		})
	}
	if found {
		return seq, true
	}
	if v := tx.Bucket(bucketMessageCIDs).Get(cidKey(conv, cid)); v != nil {
		return btoi(v), true
	}
	return 0, false
}

// writeTail stores conv's tail with hot fields h, plus cid for message seq
// when cid is not empty (the caller checked findCID first), after moving
// the conversation's journaled changes to it (journal.go): what the caller
// writes comes after them. It returns the stored hot section.
func writeTail(tx *bolt.Tx, conv uint64, h hotFields, cid string, seq uint64) ([]byte, error) {
	if err := flushConversation(tx, conv); err != nil {
		return nil, err
	}
	var add []tailCID
	if cid != "" {
		add = []tailCID{{cid: cid, seq: seq}}
	}
	return putTail(tx, conv, h.append(nil), add, 0)
}

// tailCID is a cid and the seq of its message.
type tailCID struct {
	cid string
	seq uint64
}

// putTail stores conv's tail with the hot section hot and the cids add
// after those it holds, and applied as the newest journal record moved to
// the conversation (0: the one it holds). A full tail's cids move to
// message_cids first.
func putTail(tx *bolt.Tx, conv uint64, hot []byte, add []tailCID, applied uint64) ([]byte, error) {
	msgs := tx.Bucket(bucketMessages)
	key := tailKey(conv)
	old := msgs.Get(key)
	_, count, cids, ok := tailParts(old)
	if !ok {
		return nil, fmt.Errorf("%w %d", errBadTail, conv)
	}
	if applied == 0 {
		applied = tailApplied(old)
	}
	// A fresh slice: bbolt keeps the value until the commit, and cids lives
	// in the mmap or the previous value.
	size := 2 + len(hot) + len(cids)
	for _, c := range add {
		size += 2*binary.MaxVarintLen64 + len(c.cid)
	}
	entries := make([]byte, 0, size)
	entries = append(entries, cids...)
	for _, c := range add {
		if count >= cidTailMax {
			var err error
			eachTailCID(entries, func(c []byte, s uint64) bool {
				err = tx.Bucket(bucketMessageCIDs).Put(cidKey(conv, string(c)), itob(s))
				return err == nil
			})
			if err != nil {
				return nil, err
			}
			count, entries = 0, entries[:0]
		}
		entries = binary.AppendUvarint(entries, c.seq)
		entries = binary.AppendUvarint(entries, uint64(len(c.cid)))
		entries = append(entries, c.cid...)
		count++
	}
	v := make([]byte, 0, 2+binary.MaxVarintLen64+len(hot)+len(entries))
	v = append(v, tailV3)
	v = binary.AppendUvarint(v, applied)
	hotAt := len(v)
	v = append(v, hot...)
	v = append(v, byte(count))
	v = append(v, entries...)
	if err := msgs.Put(key, v); err != nil {
		return nil, err
	}
	return v[hotAt : hotAt+len(hot)], nil
}

// eachMessage calls fn with the stored bytes of conv's messages with seq
// >= from, in seq order, until fn returns false or an error: those in the
// messages bucket, then the journaled ones (journal.go). The bytes live
// only as long as the transaction.
func eachMessage(tx *bolt.Tx, conv, from uint64, fn func(v []byte) (bool, error)) error {
	c := tx.Bucket(bucketMessages).Cursor()
	prefix := itob(conv)
	for k, v := c.Seek(pair(conv, from)); k != nil && bytes.HasPrefix(k, prefix) && !isTail(k); k, v = c.Next() {
		more, err := fn(v)
		if err != nil || !more {
			return err
		}
	}
	for _, e := range journaledMessages(tx, conv, from) {
		more, err := fn(e.value)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// getMessage returns the stored bytes of conv's message seq, nil for none.
func getMessage(tx *bolt.Tx, conv, seq uint64) []byte {
	if v := journaledMessage(tx, conv, seq); v != nil {
		return v
	}
	return tx.Bucket(bucketMessages).Get(pair(conv, seq))
}
