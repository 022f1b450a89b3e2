package store

import (
	"encoding/binary"
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// Search bookkeeping. The full-text index (package search) is derived data
// kept next to this file; the store only records, in the same transaction
// as each change, which conversation or visitor the index must look at
// again. The index drains that set after the commit, off the write path,
// so a crash between a commit and its indexing loses nothing: the entry is
// still here on the next start.
//
// search_dirty maps kind|id (1 + 8 bytes) to a change number (8 bytes) from
// the bucket's sequence; the bucket's sequence is thus the number of the
// newest change, the index's watermark.

var bucketSearchDirty = []byte("search_dirty")

// Kinds of a SearchChange.
const (
	// SearchConversation: the conversation's messages (new ones, or all of
	// them gone when it was erased).
	SearchConversation byte = 'c'
	// SearchVisitor: the contact's name, email and attributes (or the
	// contact gone).
	SearchVisitor byte = 'v'
)

// SearchChange is one entry of the set of things the index must look at.
type SearchChange struct {
	Kind byte
	ID   uint64
	// Number is the change number of the latest change of this entry.
	Number uint64
}

// markSearch records, inside tx, that the index must look at kind/id again.
func markSearch(tx *bolt.Tx, kind byte, id uint64) error {
	b := tx.Bucket(bucketSearchDirty)
	if b == nil {
		return nil // a file being migrated: the index rebuilds anyway
	}
	n, err := b.NextSequence()
	if err != nil {
		return err
	}
	return b.Put(searchKey(kind, id), itob(n))
}

func searchKey(kind byte, id uint64) []byte {
	k := make([]byte, 9)
	k[0] = kind
	binary.BigEndian.PutUint64(k[1:], id)
	return k
}

// SearchChanges returns up to limit entries of the set, and the newest
// change number at the time of reading: when fewer than limit came back,
// every change up to that number is among them.
func (db *DB) SearchChanges(limit int) ([]SearchChange, uint64, error) {
	var out []SearchChange
	var seq uint64
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSearchDirty)
		seq = b.Sequence()
		c := b.Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			if len(k) != 9 || len(v) != 8 {
				continue
			}
			out = append(out, SearchChange{Kind: k[0], ID: btoi(k[1:]), Number: btoi(v)})
		}
		return nil
	})
	return out, seq, err
}

// SearchSequence is the number of the newest change recorded.
func (db *DB) SearchSequence() (uint64, error) {
	var seq uint64
	err := db.view(func(tx *bolt.Tx) error {
		seq = tx.Bucket(bucketSearchDirty).Sequence()
		return nil
	})
	return seq, err
}

// SearchDone removes indexed entries from the set, each only if it did not
// change again since it was read (then it stays, for the next pass).
func (db *DB) SearchDone(done []SearchChange) error {
	if len(done) == 0 {
		return nil
	}
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSearchDirty)
		for _, ch := range done {
			k := searchKey(ch.Kind, ch.ID)
			if v := b.Get(k); len(v) == 8 && btoi(v) == ch.Number {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// SearchClearUpTo empties the set of every entry whose number is at most
// seq: a full rebuild that started after seq has read them all.
func (db *DB) SearchClearUpTo(seq uint64) error {
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSearchDirty)
		var doomed [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(v) != 8 || btoi(v) <= seq {
				doomed = append(doomed, append([]byte(nil), k...))
			}
		}
		for _, k := range doomed {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// SearchChanged is poked (without blocking, coalesced) after each commit
// that added to the set, so the index wakes up to drain it.
func (db *DB) SearchChanged() <-chan struct{} { return db.searchPoke }

// searchSequence is the newest change number as tx sees it.
func searchSequence(tx *bolt.Tx) uint64 {
	if b := tx.Bucket(bucketSearchDirty); b != nil {
		return b.Sequence()
	}
	return 0
}

func (db *DB) pokeSearch() {
	select {
	case db.searchPoke <- struct{}{}:
	default:
	}
}

// ConversationsAfter lists up to limit conversations with an id above
// after, in id order: a full reindex walks the store in short reads.
func (db *DB) ConversationsAfter(after uint64, limit int) ([]Conversation, error) {
	var out []Conversation
	err := db.view(func(tx *bolt.Tx) error {
		return conversationsAfter(tx, after, limit, func(c Conversation) error {
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// VisitorsAfter lists up to limit visitors with an id above after, in id order.
func (db *DB) VisitorsAfter(after uint64, limit int) ([]Visitor, error) {
	var out []Visitor
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketVisitors).Cursor()
		for k, v := c.Seek(itob(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var vis Visitor
			if err := json.Unmarshal(v, &vis); err != nil {
				return err
			}
			out = append(out, vis)
		}
		return nil
	})
	return out, err
}
