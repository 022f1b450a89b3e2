package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"

	bolt "go.etcd.io/bbolt"
)

// A message's cid is what makes a resend harmless: AppendMessage looks it
// up before storing. The cids of a conversation's newest messages are not
// in message_cids but in one value at the end of the conversation's
// messages, the tail (key convID|tailSeq in the messages bucket), which
// sorts right after the newest message and so almost always sits in the
// leaf page that message is written to. In message_cids each cid was a
// small entry in a dense leaf of its own (random cids land anywhere in the
// conversation's range): one more page read, rewritten and fsynced per
// message, and the most expensive one (about 40 % of the writer's CPU per
// message, docs/benchmarks.md). When the tail holds cidTailMax cids they
// move to message_cids in one go, so a lookup reads the tail, then
// message_cids.
//
// Tail value: version byte 1, count byte, then count times
// [seq uvarint][len(cid) uvarint][cid].
//
// Every reader of the messages bucket walks it with eachMessage, which
// stops before the tail (a message never has seq tailSeq).

// tailSeq is the seq part of a conversation's tail key.
const tailSeq = math.MaxUint64

// cidTailMax is how many cids a tail holds before they move to
// message_cids: at 36-byte UUIDs about 1.4 KB, a third of a leaf page.
const cidTailMax = 32

const cidTailVersion = 1

// tailKey is the key of conv's tail in the messages bucket.
func tailKey(conv uint64) []byte { return pair(conv, tailSeq) }

// isTail says whether a messages-bucket key is a tail.
func isTail(k []byte) bool { return len(k) == 16 && binary.BigEndian.Uint64(k[8:]) == tailSeq }

// tailCIDs calls fn with each (cid, seq) of a tail value, oldest first,
// until fn returns false.
func tailCIDs(v []byte, fn func(cid []byte, seq uint64) bool) {
	if len(v) < 2 || v[0] != cidTailVersion {
		return
	}
	v = v[2:]
	for len(v) > 0 {
		seq, n := binary.Uvarint(v)
		if n <= 0 {
			return
		}
		v = v[n:]
		l, n := binary.Uvarint(v)
		if n <= 0 || uint64(len(v)-n) < l {
			return
		}
		cid := v[n : n+int(l)]
		v = v[n+int(l):]
		if !fn(cid, seq) {
			return
		}
	}
}

// findCID returns the seq of conv's message with cid, if one is stored.
func findCID(tx *bolt.Tx, conv uint64, cid string) (uint64, bool) {
	if cid == "" {
		return 0, false
	}
	var seq uint64
	found := false
	tailCIDs(tx.Bucket(bucketMessages).Get(tailKey(conv)), func(c []byte, s uint64) bool {
		if string(c) == cid {
			seq, found = s, true
		}
		return !found
	})
	if found {
		return seq, true
	}
	if v := tx.Bucket(bucketMessageCIDs).Get(cidKey(conv, cid)); v != nil {
		return btoi(v), true
	}
	return 0, false
}

// rememberCID records that conv's message seq has cid (a write
// transaction; the caller checked findCID first).
func rememberCID(tx *bolt.Tx, conv uint64, cid string, seq uint64) error {
	msgs := tx.Bucket(bucketMessages)
	key := tailKey(conv)
	old := msgs.Get(key)
	count := 0
	if len(old) >= 2 && old[0] == cidTailVersion {
		count = int(old[1])
	} else {
		old = nil
	}
	var v []byte
	if count >= cidTailMax {
		// Full: its cids move to the index, the new one starts a tail.
		var err error
		tailCIDs(old, func(c []byte, s uint64) bool {
			err = tx.Bucket(bucketMessageCIDs).Put(cidKey(conv, string(c)), itob(s))
			return err == nil
		})
		if err != nil {
			return err
		}
		count, old = 0, nil
	}
	v = make([]byte, 0, max(len(old), 2)+2*binary.MaxVarintLen64+len(cid))
	if old == nil {
		v = append(v, cidTailVersion, 0)
	} else {
		v = append(v, old...) // old lives in the mmap: copied, never changed in place
	}
	v[1] = byte(count + 1)
	v = binary.AppendUvarint(v, seq)
	v = binary.AppendUvarint(v, uint64(len(cid)))
	v = append(v, cid...)
	return msgs.Put(key, v)
}

// eachMessage calls fn with the stored bytes of conv's messages with seq
// >= from, in seq order, until fn returns false or an error. The bytes
// live only as long as the transaction.
func eachMessage(tx *bolt.Tx, conv, from uint64, fn func(v []byte) (bool, error)) error {
	c := tx.Bucket(bucketMessages).Cursor()
	prefix := itob(conv)
	for k, v := c.Seek(pair(conv, from)); k != nil && bytes.HasPrefix(k, prefix) && !isTail(k); k, v = c.Next() {
		more, err := fn(v)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// decodeMessage decodes a stored message.
func decodeMessage(v []byte, m *Message) error { return json.Unmarshal(v, m) }
