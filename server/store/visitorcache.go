package store

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// A read cache for DB.Visitor, which every shopper's message calls (the
// product the shopper is looking at, their name): decoding the visitor's
// JSON, pages seen included, was 4–7 % of the server's CPU at 2,000
// messages a second. As with conversations (convcache.go), each entry
// keeps the exact bytes it was decoded from, and a read uses it only when
// the stored bytes are the same, so it is never stale whoever wrote the
// visitor. A hit returns a deep copy (Visitor.clone;
// TestVisitorCloneIsDeep).

// visitorCacheSize bounds the entries (each a few KB with its pages): the
// shoppers talking at the moment, not every open widget.
const visitorCacheSize = 4096

type visitorCache struct {
	mu sync.Mutex
	m  map[uint64]cachedVisitor
}

type cachedVisitor struct {
	raw []byte
	v   Visitor
}

// loadVisitor reads visitor id in tx through the cache.
func (cache *visitorCache) load(tx *bolt.Tx, id uint64) (Visitor, error) {
	raw := tx.Bucket(bucketVisitors).Get(itob(id))
	if raw == nil {
		cache.mu.Lock()
		delete(cache.m, id) // erased: keep no copy of it
		cache.mu.Unlock()
		return Visitor{}, ErrNotFound
	}
	cache.mu.Lock()
	e, ok := cache.m[id]
	cache.mu.Unlock()
	if ok && bytes.Equal(e.raw, raw) {
		return e.v.clone(), nil
	}
	var v Visitor
	if err := json.Unmarshal(raw, &v); err != nil {
		return Visitor{}, err
	}
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.m == nil {
		cache.m = make(map[uint64]cachedVisitor)
	}
	if _, ok := cache.m[id]; !ok && len(cache.m) >= visitorCacheSize {
		for old := range cache.m { // map order: a cheap random eviction
			delete(cache.m, old)
			break
		}
	}
	// raw lives in the mmap only while tx is open: keep a copy.
	cache.m[id] = cachedVisitor{raw: bytes.Clone(raw), v: v.clone()}
	return v, nil
}

// clone is a deep copy of v. Copy every pointer, slice or map field here
// (TestVisitorCloneIsDeep).
func (v Visitor) clone() Visitor {
	v.Attributes = maps.Clone(v.Attributes)
	v.Pages = slices.Clone(v.Pages)
	for i := range v.Pages {
		if p := v.Pages[i].Product; p != nil {
			cp := *p
			v.Pages[i].Product = &cp
		}
	}
	return v
}
