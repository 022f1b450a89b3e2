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
// │ storeConversation (and dropConversation to delete one).              │
// └──────────────────────────────────────────────────────────────────────┘
//
// Every message rewrites its conversation (LastSeq, Preview, unread
// counts), so decoding the conversation's JSON was a large part of each
// write. The store keeps the decoded conversations it last read or wrote,
// each next to the exact bytes it was decoded from. A read takes the bytes
// from bbolt (one B-tree lookup, no decoding) and uses the decoded copy only
// when they are byte-for-byte the same, so the cache can never be stale:
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
	raw  []byte
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
	cache := convCacheOf(tx)
	if cache != nil {
		cache.mu.Lock()
		e, ok := cache.m[id]
		cache.mu.Unlock()
		if ok && bytes.Equal(e.raw, raw) {
			return e.conv.clone(), nil
		}
	}
	var c Conversation
	if err := json.Unmarshal(raw, &c); err != nil {
		return Conversation{}, err
	}
	if cache != nil {
		// raw lives in the mmap only while tx is open: keep a copy.
		cache.put(id, bytes.Clone(raw), c.clone())
	}
	return c, nil
}

// storeConversation writes c in tx (a write transaction) and caches it.
// Use it for every conversation write.
func storeConversation(tx *bolt.Tx, c *Conversation) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketConversations).Put(itob(c.ID), raw); err != nil {
		return err
	}
	if cache := convCacheOf(tx); cache != nil {
		cache.put(c.ID, raw, c.clone())
	}
	return nil
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
	return tx.Bucket(bucketConversations).ForEach(func(_, v []byte) error {
		var c Conversation
		if err := json.Unmarshal(v, &c); err != nil {
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
		var conv Conversation
		if err := json.Unmarshal(v, &conv); err != nil {
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

func (cache *convCache) put(id uint64, raw []byte, c Conversation) {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if _, ok := cache.m[id]; !ok && len(cache.m) >= convCacheSize {
		for old := range cache.m { // map order: a cheap random eviction
			delete(cache.m, old)
			break
		}
	}
	cache.m[id] = cachedConversation{raw: raw, conv: c}
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
