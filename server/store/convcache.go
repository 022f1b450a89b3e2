package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// ┌──────────────────────────────────────────────────────────────────────┐
// │ Read and write conversations ONLY through loadConversation and       │
// │ storeConversation or storeHot (and dropConversation to delete one).  │
// └──────────────────────────────────────────────────────────────────────┘
//
// A conversation is stored in two parts: its JSON record (conversations
// bucket) and the hot fields every message changes (LastSeq, Preview,
// unread counts …), kept in binary in its tail, after its messages
// (tail.go); the tail's override the record's. A message writes only the
// tail (storeHot). Decoding the JSON record was a large part of each
// write, so the store keeps the decoded conversations it last read or
// wrote, each next to the exact bytes it was decoded from (record and hot
// section). A read takes the bytes from bbolt (two B-tree lookups, no JSON
// decoding) and uses the decoded copy only when they are byte-for-byte the
// same, so the cache can never be stale:
//
//   - a write that is rolled back (a failed write in a batch, a failed
//     commit) leaves different bytes in the file, which miss;
//   - code that reads or writes the conversations bucket directly (don't:
//     it is slower) changes the bytes, which miss;
//   - a snapshot read (db.view) sees the bytes of its own snapshot.
//
// A hit returns a deep copy (Conversation.clone), so callers may change
// what they get. New reference-typed fields of Conversation (pointers,
// slices, maps) must be copied in clone: TestConversationCloneIsDeep fails
// until they are.

// convCacheSize bounds the entries kept per store (about 1 KB each).
const convCacheSize = 16384

// convCache maps conversation ids to their last seen encoding and value.
type convCache struct {
	mu sync.Mutex
	m  map[uint64]cachedConversation
}

type cachedConversation struct {
	raw  []byte // the JSON record
	hot  []byte // the tail's hot section (tail.go), nil for none
	conv Conversation
}

// convCaches finds a store's cache from a transaction (tx.DB()), so that
// the helpers keep the func(tx) shape every write has.
var convCaches sync.Map // *bolt.DB → *convCache

func registerConvCache(b *bolt.DB) {
	convCaches.Store(b, &convCache{m: make(map[uint64]cachedConversation)})
}

func unregisterConvCache(b *bolt.DB) { convCaches.Delete(b) }

func convCacheOf(tx *bolt.Tx) *convCache {
	c, _ := convCaches.Load(tx.DB())
	cache, _ := c.(*convCache)
	return cache
}

// loadConversation reads conversation id in tx: the cached decoded value
// when the stored bytes are the cached ones, else it decodes and caches
// them. ErrNotFound when there is no such conversation. Use it for every
// conversation read, in writes and in views.
func loadConversation(tx *bolt.Tx, id uint64) (Conversation, error) {
	return loadConversationKey(tx, itob(id))
}

// loadConversationKey is loadConversation with the 8-byte key at hand
// (index keys end with it).
func loadConversationKey(tx *bolt.Tx, key []byte) (Conversation, error) {
	raw := tx.Bucket(bucketConversations).Get(key)
	if raw == nil {
		return Conversation{}, ErrNotFound
	}
	id := btoi(key)
	hot, err := hotSection(tx, id)
	if err != nil {
		return Conversation{}, err
	}
	cache := convCacheOf(tx)
	if cache != nil {
		cache.mu.Lock()
		e, ok := cache.m[id]
		cache.mu.Unlock()
		if ok && bytes.Equal(e.raw, raw) && bytes.Equal(e.hot, hot) && (e.hot == nil) == (hot == nil) {
			return e.conv.clone(), nil
		}
	}
	c, err := decodeConversation(raw, hot)
	if err != nil {
		return Conversation{}, err
	}
	if cache != nil {
		// raw and hot live in the mmap only while tx is open: keep copies.
		cache.put(id, bytes.Clone(raw), bytes.Clone(hot), c.clone())
	}
	return c, nil
}

// decodeConversation decodes a JSON record and applies the hot fields of
// its tail, if any.
func decodeConversation(raw, hot []byte) (Conversation, error) {
	var c Conversation
	if err := json.Unmarshal(raw, &c); err != nil {
		return Conversation{}, err
	}
	if hot != nil {
		decodeHot(hot).applyTo(&c)
	}
	return c, nil
}

// storeConversation writes c in tx (a write transaction) and caches it:
// its JSON record, and its hot fields in its tail (tail.go). Use it for
// every conversation write but a message's (storeHot).
func storeConversation(tx *bolt.Tx, c *Conversation) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketConversations).Put(itob(c.ID), raw); err != nil {
		return err
	}
	hot, err := writeTail(tx, c.ID, hotOf(c), "", 0)
	if err != nil {
		return err
	}
	if cache := convCacheOf(tx); cache != nil {
		cache.put(c.ID, raw, hot, c.clone())
	}
	return nil
}

// storeHot stores what a message (or a read mark) changes in conversation
// c: its hot fields (tail.go), and the message's stored bytes value with
// seq and cid (none when value is nil), leaving the JSON record as it is.
// c must be a conversation read in tx whose other fields are unchanged:
// anything else changed would be lost, so it is checked against the record
// (a cache hit: no decoding) and the whole conversation stored then. In the
// writer's transaction, the change is journaled (journal.go); otherwise it
// goes to the messages bucket and the tail.
func storeHot(tx *bolt.Tx, c *Conversation, seq uint64, cid string, value []byte) error {
	cache := convCacheOf(tx)
	var e cachedConversation
	ok := false
	raw := tx.Bucket(bucketConversations).Get(itob(c.ID))
	if cache != nil {
		cache.mu.Lock()
		e, ok = cache.m[c.ID]
		cache.mu.Unlock()
	}
	if !ok || raw == nil || !bytes.Equal(e.raw, raw) || !sameColdFields(&e.conv, c) {
		if value != nil {
			if err := tx.Bucket(bucketMessages).Put(pair(c.ID, seq), value); err != nil {
				return err
			}
		}
		return storeWithCID(tx, c, cid, seq)
	}
	var hot []byte
	if j := journalOf(tx); j != nil && j.journaling(tx) {
		hot = hotOf(c).append(nil)
		if err := j.journalChange(tx, c.ID, seq, cid, hot, value); err != nil {
			return err
		}
	} else {
		if value != nil {
			if err := tx.Bucket(bucketMessages).Put(pair(c.ID, seq), value); err != nil {
				return err
			}
		}
		var err error
		if hot, err = writeTail(tx, c.ID, hotOf(c), cid, seq); err != nil {
			return err
		}
	}
	cache.put(c.ID, e.raw, hot, c.clone())
	return nil
}

// storeWithCID is storeConversation, then cid added to the tail.
func storeWithCID(tx *bolt.Tx, c *Conversation, cid string, seq uint64) error {
	if err := storeConversation(tx, c); err != nil || cid == "" {
		return err
	}
	hot, err := writeTail(tx, c.ID, hotOf(c), cid, seq)
	if err != nil {
		return err
	}
	if cache := convCacheOf(tx); cache != nil {
		cache.mu.Lock()
		e := cache.m[c.ID]
		cache.mu.Unlock()
		cache.put(c.ID, e.raw, hot, c.clone())
	}
	return nil
}

// sameColdFields says whether a and b agree on every field but the hot
// ones (tail.go). A new field of Conversation must be compared here:
// TestSameColdFieldsSeesEveryField fails until it is. Times compare by
// representation, which errs towards rewriting the record.
func sameColdFields(a, b *Conversation) bool {
	return a.ID == b.ID && a.SiteID == b.SiteID && a.VisitorID == b.VisitorID &&
		a.Status == b.Status && a.Assignee == b.Assignee &&
		samePointee(a.Product, b.Product) && a.CreatedAt == b.CreatedAt && a.ResolvedAt == b.ResolvedAt &&
		slices.Equal(a.Labels, b.Labels) && a.Reason == b.Reason && samePointee(a.Promise, b.Promise) &&
		a.ProposedBy == b.ProposedBy && a.ConfirmBy == b.ConfirmBy && a.Resolution == b.Resolution &&
		a.Reopens == b.Reopens && a.FirstContact == b.FirstContact &&
		a.Team == b.Team && a.QueuedAt == b.QueuedAt && a.EscalatedAt == b.EscalatedAt &&
		a.Topic == b.Topic && a.TransferredFrom == b.TransferredFrom
}

// samePointee says whether two pointers are both nil or point to equal values.
func samePointee[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// dropConversation deletes conversation id's record in tx (its messages
// and index entries are the caller's: see eraseConversation).
func dropConversation(tx *bolt.Tx, id uint64) error {
	if cache := convCacheOf(tx); cache != nil {
		cache.mu.Lock()
		delete(cache.m, id)
		cache.mu.Unlock()
	}
	return tx.Bucket(bucketConversations).Delete(itob(id))
}

// forEachConversation calls fn with every conversation, in id order (a
// full scan: decoded without filling the cache).
func forEachConversation(tx *bolt.Tx, fn func(Conversation) error) error {
	return tx.Bucket(bucketConversations).ForEach(func(k, v []byte) error {
		hot, err := hotSection(tx, btoi(k))
		if err != nil {
			return err
		}
		c, err := decodeConversation(v, hot)
		if err != nil {
			return err
		}
		return fn(c)
	})
}

// conversationsAfter calls fn with up to limit conversations whose id is
// above after, in id order (decoded without filling the cache): the search
// index's rebuild walks the store in short reads with it.
func conversationsAfter(tx *bolt.Tx, after uint64, limit int, fn func(Conversation) error) error {
	c := tx.Bucket(bucketConversations).Cursor()
	n := 0
	for k, v := c.Seek(itob(after + 1)); k != nil && n < limit; k, v = c.Next() {
		hot, err := hotSection(tx, btoi(k))
		if err != nil {
			return err
		}
		conv, err := decodeConversation(v, hot)
		if err != nil {
			return err
		}
		if err := fn(conv); err != nil {
			return err
		}
		n++
	}
	return nil
}

// nextConversationID is the id for a new conversation.
func nextConversationID(tx *bolt.Tx) (uint64, error) {
	return tx.Bucket(bucketConversations).NextSequence()
}

func (cache *convCache) put(id uint64, raw, hot []byte, c Conversation) {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if _, ok := cache.m[id]; !ok && len(cache.m) >= convCacheSize {
		for old := range cache.m { // map order: a cheap random eviction
			delete(cache.m, old)
			break
		}
	}
	cache.m[id] = cachedConversation{raw: raw, hot: hot, conv: c}
}

// clone is a deep copy of c: nothing of the copy is shared with c.
// Copy every pointer, slice or map field here (TestConversationCloneIsDeep).
func (c Conversation) clone() Conversation {
	if c.Product != nil {
		p := *c.Product
		c.Product = &p
	}
	c.Labels = slices.Clone(c.Labels)
	if c.Promise != nil {
		p := *c.Promise
		c.Promise = &p
	}
	return c
}
