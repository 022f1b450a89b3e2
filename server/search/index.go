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
//
// The server keeps the index in a child process of its own binary (child.go)
// at a lower CPU priority: bleve's analysis, segment writes and merges then
// neither hold the chat's scheduler threads nor add to its heap. The store
// is read here; documents cross to the child in whole batches.
package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
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
	db      *store.DB
	dir     string
	engine  engine
	mapping mapping.IndexMapping // for analysing queries (Terms)
	log     *slog.Logger

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

// Options of Open.
type Options struct {
	// Log receives indexing errors and rebuilds; default: discarded.
	Log *slog.Logger
	// Process, when set, makes the command of the child process the index
	// runs in (one serving ServeChild on its stdin and stdout); the index
	// starts it again if it dies. Nil keeps the index in this process.
	Process func() *exec.Cmd
}

// restartPause is how long the indexer waits before starting a child
// process again after it died (or failed to start).
const restartPause = time.Second

// Open opens the index in dir (creating or rebuilding it as needed) and
// starts keeping it up to date with db. Close it before closing db.
func Open(dir string, db *store.DB, o Options) (*Index, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	var e engine = &bleveEngine{}
	if o.Process != nil {
		e = &childEngine{command: o.Process}
	}
	x := &Index{db: db, dir: dir, engine: e, mapping: m, log: o.Log, progress: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{}), indexed: map[uint64]uint64{}}
	fresh, err := x.open()
	if err != nil {
		e.Close()
		return nil, err
	}
	go x.run(fresh)
	return x, nil
}

// open opens the engine on the store's current state; fresh means it
// starts empty and must be rebuilt.
func (x *Index) open() (fresh bool, err error) {
	seq, err := x.db.SearchSequence()
	if err != nil {
		return false, err
	}
	var o Opened
	if err := x.engine.Open(&OpenRequest{Dir: x.dir, StoreSeq: seq}, &o); err != nil {
		return false, err
	}
	switch {
	case o.Fresh && o.Reason != "":
		x.log.Info("search index rebuilt from the store", "reason", o.Reason)
	case !o.Fresh:
		x.stored = o.Watermark
		x.advance(o.Watermark)
		x.ready.Store(true)
	}
	return o.Fresh, nil
}

// Close stops indexing and closes the index (and its process).
func (x *Index) Close() error {
	close(x.stop)
	<-x.done
	return x.engine.Close()
}

// Ready says whether the index holds everything up to its watermark (false
// while the first build from the store runs).
func (x *Index) Ready() bool { return x.ready.Load() }

// run keeps the index up to date until Close; when its process dies, it
// starts it again and carries on (rebuilding if it has to).
func (x *Index) run(fresh bool) {
	defer close(x.done)
	for {
		err := x.follow(fresh)
		if errors.Is(err, errStopped) {
			return
		}
		x.fail(err) // the engine's process is gone
		for {
			select {
			case <-x.stop:
				return
			case <-time.After(restartPause):
			}
			if fresh, err = x.open(); err == nil {
				x.log.Info("search index process started again", "rebuild", fresh)
				break
			}
			x.fail(err)
		}
	}
}

// follow builds the index when fresh, then drains the store's changes each
// time a commit wakes it. It returns errStopped on Close, or the error of
// an engine that is lost (its process died).
func (x *Index) follow(fresh bool) error {
	if fresh {
		x.ready.Store(false)
		clear(x.indexed)
		if err := x.rebuild(); err != nil {
			if errors.Is(err, errStopped) || errors.Is(err, ErrUnavailable) {
				return err
			}
			x.fail(err)
		} else {
			x.ready.Store(true)
		}
	}
	lost := x.engine.Lost() // a dead process is started again even when idle
	for {
		if err := x.drain(); errors.Is(err, errStopped) || errors.Is(err, ErrUnavailable) {
			return err
		} else if err != nil {
			x.fail(err)
		}
		select {
		case <-x.stop:
			return errStopped
		case <-lost:
			return ErrUnavailable
		case <-x.db.SearchChanged():
		}
		select {
		case <-x.stop:
			return errStopped
		case <-lost:
			return ErrUnavailable
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
		var b Batch
		newest := map[uint64]uint64{} // conversation → newest seq in this batch
		for _, ch := range changes {
			switch ch.Kind {
			case store.SearchConversation:
				err = x.indexConversation(&b, ch.ID, newest)
			case store.SearchVisitor:
				err = x.indexContact(&b, ch.ID)
			}
			if err != nil {
				return err
			}
		}
		if complete && seq != x.stored {
			b.Watermark = seq
		}
		if b.size() > 0 || b.Watermark != 0 {
			if err := x.engine.Apply(&b, nil); err != nil {
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
func (x *Index) indexConversation(b *Batch, id uint64, newest map[uint64]uint64) error {
	conv, err := x.db.Conversation(id)
	if errors.Is(err, store.ErrNotFound) {
		delete(x.indexed, id)
		b.Erased = append(b.Erased, id)
		return nil
	}
	if err != nil {
		return err
	}
	msgs, err := x.db.Messages(id, x.indexed[id], 0)
	if err != nil {
		return err
	}
	addMessages(b, conv, msgs)
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

func addMessages(b *Batch, conv store.Conversation, msgs []store.Message) {
	site, id := strconv.FormatUint(conv.SiteID, 10), strconv.FormatUint(conv.ID, 10)
	for _, m := range msgs {
		if text := messageText(m); text != "" {
			b.Docs = append(b.Docs, Doc{ID: messageID(conv.ID, m.Seq), Text: text, Site: site, Conv: id})
		}
	}
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
func (x *Index) indexContact(b *Batch, id uint64) error {
	v, err := x.db.Visitor(id)
	if errors.Is(err, store.ErrNotFound) {
		b.Deleted = append(b.Deleted, contactID(id))
		return nil
	}
	if err != nil {
		return err
	}
	addContact(b, v)
	return nil
}

func addContact(b *Batch, v store.Visitor) {
	text := contactText(v)
	if text == "" {
		b.Deleted = append(b.Deleted, contactID(v.ID))
		return
	}
	b.Docs = append(b.Docs, Doc{ID: contactID(v.ID), Text: text, Site: strconv.FormatUint(v.SiteID, 10)})
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
	var b Batch
	newest := map[uint64]uint64{}
	flush := func(force bool) error {
		if b.size() == 0 || (!force && b.size() < rebuildBatch) {
			return nil
		}
		if err := x.engine.Apply(&b, nil); err != nil {
			return err
		}
		b = Batch{}
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
			addMessages(&b, c, msgs)
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
			addContact(&b, v)
		}
		if err := flush(false); err != nil {
			return err
		}
		after = vs[len(vs)-1].ID
	}
	// Complete: every change up to seq was read above.
	b.Watermark, b.Complete = seq, true
	if err := x.engine.Apply(&b, nil); err != nil {
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
