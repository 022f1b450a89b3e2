// Package search is Comptoir's full-text search over messages and contacts:
// a bleve index kept in <data dir>/search/, derived from the store.
//
// The store records, in the same transaction as each change, which
// conversation or contact changed (store/search.go). After each commit the
// index wakes up and drains that set in batches, on its own goroutine, so
// indexing never delays an acknowledgement; a crash loses nothing, since
// what was not indexed is still in the set on the next start. The index is
// rebuilt from the store when it is missing, unreadable, written with
// another mapping, or ahead of the store (a restored backup). Erasing a
// conversation or a contact records it too: the index drops its texts.
package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/comptoir/comptoir/server/store"
)

// DirName is the index's directory inside the data directory.
const DirName = "search"

// drainChunk is how many changes one pass reads and indexes in one batch.
const drainChunk = 256

// gather is how long the indexer waits after being woken before it reads
// the changes: a burst of messages then costs one index batch (and one
// commit clearing the set) instead of one per message. It is also about
// how stale search results may be.
const gather = 250 * time.Millisecond

// Internal keys of the index (bleve's key-value side store).
var (
	keyFormat    = []byte("format")
	keyWatermark = []byte("watermark")
)

// maxRemembered bounds Index.indexed: past it, the map starts again empty
// (a conversation not in it is indexed whole at its next change).
const maxRemembered = 100_000

func messageID(conv, seq uint64) string {
	return "m/" + strconv.FormatUint(conv, 10) + "/" + strconv.FormatUint(seq, 10)
}

func contactID(visitor uint64) string { return "v/" + strconv.FormatUint(visitor, 10) }

// Index is the full-text index of one store.
type Index struct {
	db  *store.DB
	idx bleve.Index
	log *slog.Logger

	// ready is false while a full build from the store runs.
	ready atomic.Bool

	mu sync.Mutex
	// watermark is the store's change number up to which everything is
	// indexed; progress is closed (and replaced) each time it moves.
	watermark uint64
	progress  chan struct{}
	// failed is the last indexing error, reported by Flush.
	failed error
	// stored is the watermark last written into the index (indexer
	// goroutine only).
	stored uint64
	// indexed is, per conversation, the newest seq indexed by this
	// process (indexer goroutine only). It is not kept in the index:
	// bleve writes every one of its internal values into each snapshot it
	// persists (one per batch), and a key per conversation made each
	// snapshot cost as much as the number of conversations (12 % of the
	// server's CPU with 10,000 of them). A conversation not in it is
	// indexed whole at its next change; documents have fixed ids, so
	// indexing a message again replaces it.
	indexed map[uint64]uint64

	stop chan struct{}
	done chan struct{}
}

// oneAnalyser makes bleve analyse a batch's documents on one goroutine
// instead of four (its default). A batch gathers a quarter of a second of
// messages (hundreds at 2,000 a second); analysed four at a time, they
// took both cores of a small server for tens of milliseconds, four times
// a second, and every shopper's message in that window waited. On one,
// indexing takes as long in CPU and leaves a core to the chat. bleve's
// configuration is process-wide; Comptoir is its only user.
var oneAnalyser sync.Once

// Open opens the index in dir (creating or rebuilding it as needed) and
// starts keeping it up to date with db. Close it before closing db.
func Open(dir string, db *store.DB, log *slog.Logger) (*Index, error) {
	oneAnalyser.Do(func() { bleve.Config.SetAnalysisQueueSize(1) })
	idx, fresh, err := openOrCreate(dir, db, log)
	if err != nil {
		return nil, err
	}
	x := &Index{db: db, idx: idx, log: log, progress: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{}), indexed: map[uint64]uint64{}}
	if !fresh {
		if w, err := idx.GetInternal(keyWatermark); err == nil && len(w) == 8 {
			x.watermark = binary.BigEndian.Uint64(w)
			x.stored = x.watermark
		}
		x.ready.Store(true)
	}
	go x.run(fresh)
	return x, nil
}

// openOrCreate opens the index in dir when it is complete, of this format
// and not ahead of the store; otherwise it starts a new, empty one (fresh).
func openOrCreate(dir string, db *store.DB, log *slog.Logger) (bleve.Index, bool, error) {
	idx, err := bleve.Open(dir)
	switch {
	case err == nil:
		if reason := staleness(idx, db); reason != "" {
			log.Info("search index rebuilt from the store", "reason", reason)
			idx.Close()
			break
		}
		return idx, false, nil
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
	default:
		log.Warn("search index unreadable; rebuilding it from the store", "err", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, false, fmt.Errorf("search: remove stale index %s: %w", dir, err)
	}
	m, err := newMapping()
	if err != nil {
		return nil, false, err
	}
	idx, err = bleve.New(dir, m)
	if err != nil {
		return nil, false, fmt.Errorf("search: create index in %s: %w", dir, err)
	}
	return idx, true, nil
}

// staleness says why an opened index cannot be used, or "".
func staleness(idx bleve.Index, db *store.DB) string {
	f, err := idx.GetInternal(keyFormat)
	if err != nil || string(f) != formatVersion {
		return "incomplete, or written by another version"
	}
	w, err := idx.GetInternal(keyWatermark)
	if err != nil || len(w) != 8 {
		return "no watermark"
	}
	seq, err := db.SearchSequence()
	if err != nil {
		return "store unreadable: " + err.Error()
	}
	if binary.BigEndian.Uint64(w) > seq {
		return "the index is ahead of the store (a backup was restored?)"
	}
	return ""
}

// Close stops indexing and closes the index files.
func (x *Index) Close() error {
	close(x.stop)
	<-x.done
	return x.idx.Close()
}

// Ready says whether the index holds everything up to its watermark (false
// while the first build from the store runs).
func (x *Index) Ready() bool { return x.ready.Load() }

// run builds the index when fresh, then drains the store's changes each
// time a commit wakes it.
func (x *Index) run(fresh bool) {
	defer close(x.done)
	if fresh {
		if err := x.rebuild(); err != nil {
			x.fail(err)
			if errors.Is(err, errStopped) {
				return
			}
		} else {
			x.ready.Store(true)
		}
	}
	for {
		if err := x.drain(); err != nil {
			x.fail(err)
		}
		select {
		case <-x.stop:
			return
		case <-x.db.SearchChanged():
		}
		select {
		case <-x.stop:
			return
		case <-time.After(gather):
		}
	}
}

var errStopped = errors.New("search: stopped")

func (x *Index) stopping() bool {
	select {
	case <-x.stop:
		return true
	default:
		return false
	}
}

func (x *Index) fail(err error) {
	if errors.Is(err, store.ErrClosed) || errors.Is(err, errStopped) {
		return
	}
	x.log.Error("search indexing", "err", err)
	x.mu.Lock()
	x.failed = err
	x.mu.Unlock()
}

// advance records that everything up to change number w is indexed.
func (x *Index) advance(w uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.failed = nil
	if w > x.watermark {
		x.watermark = w
	}
	close(x.progress)
	x.progress = make(chan struct{})
}

// Flush waits until every change committed before the call is indexed: an
// erase answers only once the erased texts cannot be found any more.
func (x *Index) Flush(ctx context.Context) error {
	target, err := x.db.SearchSequence()
	if err != nil {
		return err
	}
	for {
		x.mu.Lock()
		w, progress, failed := x.watermark, x.progress, x.failed
		x.mu.Unlock()
		if w >= target {
			return nil
		}
		if failed != nil {
			return failed
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("search: index not caught up: %w", ctx.Err())
		case <-progress:
		}
	}
}

// drain indexes the store's pending changes, a chunk at a time.
func (x *Index) drain() error {
	for !x.stopping() {
		changes, seq, err := x.db.SearchChanges(drainChunk)
		if err != nil {
			return err
		}
		complete := len(changes) < drainChunk
		batch := x.idx.NewBatch()
		newest := map[uint64]uint64{} // conversation → newest seq in this batch
		for _, ch := range changes {
			switch ch.Kind {
			case store.SearchConversation:
				err = x.indexConversation(batch, ch.ID, newest)
			case store.SearchVisitor:
				err = x.indexContact(batch, ch.ID)
			}
			if err != nil {
				return err
			}
		}
		if complete && seq != x.stored {
			batch.SetInternal(keyWatermark, be(seq))
		}
		if batch.Size() > 0 {
			if err := x.idx.Batch(batch); err != nil {
				return err
			}
		}
		x.remember(newest)
		if err := x.db.SearchDone(changes); err != nil {
			return err
		}
		if complete {
			x.stored = seq
			x.advance(seq)
			return nil
		}
	}
	return errStopped
}

// indexConversation adds the conversation's messages not indexed yet, or
// deletes all of them when it is gone (erased). The newest seq it adds is
// set in newest, for remember once the batch is written.
func (x *Index) indexConversation(b *bleve.Batch, id uint64, newest map[uint64]uint64) error {
	conv, err := x.db.Conversation(id)
	if errors.Is(err, store.ErrNotFound) {
		delete(x.indexed, id)
		return x.deleteConversation(b, id)
	}
	if err != nil {
		return err
	}
	msgs, err := x.db.Messages(id, x.indexed[id], 0)
	if err != nil {
		return err
	}
	if err := addMessages(b, conv, msgs); err != nil {
		return err
	}
	if len(msgs) > 0 {
		newest[id] = msgs[len(msgs)-1].Seq
	}
	return nil
}

// remember records what a written batch indexed.
func (x *Index) remember(newest map[uint64]uint64) {
	if len(newest) > maxRemembered {
		return
	}
	if len(x.indexed)+len(newest) > maxRemembered {
		clear(x.indexed)
	}
	for id, seq := range newest {
		x.indexed[id] = max(x.indexed[id], seq)
	}
}

// deleteConversation deletes every indexed message of conversation id.
func (x *Index) deleteConversation(b *bleve.Batch, id uint64) error {
	q := bleve.NewTermQuery(strconv.FormatUint(id, 10))
	q.SetField(fieldConv)
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	res, err := x.idx.Search(req)
	if err != nil {
		return err
	}
	if res.Total == 0 {
		return nil
	}
	req.Size = int(res.Total)
	if res, err = x.idx.Search(req); err != nil {
		return err
	}
	for _, h := range res.Hits {
		b.Delete(h.ID)
	}
	return nil
}

func addMessages(b *bleve.Batch, conv store.Conversation, msgs []store.Message) error {
	site, id := strconv.FormatUint(conv.SiteID, 10), strconv.FormatUint(conv.ID, 10)
	for _, m := range msgs {
		text := messageText(m)
		if text == "" {
			continue
		}
		if err := b.Index(messageID(conv.ID, m.Seq), map[string]any{fieldText: text, fieldSite: site, fieldConv: id}); err != nil {
			return err
		}
	}
	return nil
}

// messageText is what is searchable of a message: its body and the names
// of its files.
func messageText(m store.Message) string {
	parts := []string{m.Body}
	for _, a := range m.Attachments {
		parts = append(parts, a.Name)
	}
	return strings.TrimSpace(strings.Join(parts, "\n"))
}

// indexContact (re)writes a contact's document, or deletes it when the
// contact is gone or has nothing to search.
func (x *Index) indexContact(b *bleve.Batch, id uint64) error {
	v, err := x.db.Visitor(id)
	if errors.Is(err, store.ErrNotFound) {
		b.Delete(contactID(id))
		return nil
	}
	if err != nil {
		return err
	}
	return addContact(b, v)
}

func addContact(b *bleve.Batch, v store.Visitor) error {
	text := contactText(v)
	if text == "" {
		b.Delete(contactID(v.ID))
		return nil
	}
	return b.Index(contactID(v.ID), map[string]any{fieldText: text, fieldSite: strconv.FormatUint(v.SiteID, 10)})
}

// contactText is what is searchable of a contact, one line per item:
// name, email, then "key: value" for each attribute in key order.
func contactText(v store.Visitor) string {
	var lines []string
	for _, s := range []string{v.Name, v.Email} {
		if s != "" {
			lines = append(lines, s)
		}
	}
	keys := make([]string, 0, len(v.Attributes))
	for k := range v.Attributes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lines = append(lines, k+": "+v.Attributes[k])
	}
	return strings.Join(lines, "\n")
}

// rebuildBatch bounds how many documents one batch of a rebuild holds.
const rebuildBatch = 1000

// rebuild fills a new index from the whole store, in short reads so that
// writes keep flowing, then marks the index complete.
func (x *Index) rebuild() error {
	seq, err := x.db.SearchSequence()
	if err != nil {
		return err
	}
	b := x.idx.NewBatch()
	newest := map[uint64]uint64{}
	flush := func(force bool) error {
		if b.Size() == 0 || (!force && b.Size() < rebuildBatch) {
			return nil
		}
		if err := x.idx.Batch(b); err != nil {
			return err
		}
		// A new batch, not Reset: bleve may still read the old one's
		// fields from a goroutine of its own after Batch returns.
		b = x.idx.NewBatch()
		return nil
	}
	for after := uint64(0); ; {
		convs, err := x.db.ConversationsAfter(after, 100)
		if err != nil {
			return err
		}
		if len(convs) == 0 {
			break
		}
		for _, c := range convs {
			if x.stopping() {
				return errStopped
			}
			msgs, err := x.db.Messages(c.ID, 0, 0)
			if err != nil {
				return err
			}
			if err := addMessages(b, c, msgs); err != nil {
				return err
			}
			if len(msgs) > 0 {
				newest[c.ID] = msgs[len(msgs)-1].Seq
			}
			if err := flush(false); err != nil {
				return err
			}
		}
		after = convs[len(convs)-1].ID
	}
	for after := uint64(0); ; {
		vs, err := x.db.VisitorsAfter(after, 500)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			break
		}
		for _, v := range vs {
			if err := addContact(b, v); err != nil {
				return err
			}
		}
		if err := flush(false); err != nil {
			return err
		}
		after = vs[len(vs)-1].ID
	}
	if err := flush(true); err != nil {
		return err
	}
	// Complete: every change up to seq was read above.
	b.SetInternal(keyWatermark, be(seq))
	b.SetInternal(keyFormat, []byte(formatVersion))
	if err := x.idx.Batch(b); err != nil {
		return err
	}
	x.remember(newest)
	if err := x.db.SearchClearUpTo(seq); err != nil {
		return err
	}
	x.stored = seq
	x.advance(seq)
	return nil
}

func be(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}
