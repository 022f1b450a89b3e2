package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// engine holds the bleve index, in this process (bleveEngine) or in a
// child process serving one (childEngine, child.go). The Index feeds it
// whole batches, so a process boundary is crossed once per batch and once
// per search. The methods have net/rpc's shape so that the child serves
// the very same bleveEngine.
type engine interface {
	Open(req *OpenRequest, reply *Opened) error
	Apply(b *Batch, _ *struct{}) error
	Search(req *SearchRequest, hits *[]Hit) error
	Close() error
	// Lost is closed when the engine's process dies (nil: it cannot).
	Lost() <-chan struct{}
}

// OpenRequest opens the index kept in Dir for a store whose newest change
// number is StoreSeq. (It and the other exported types below cross to the
// index's child process.)
type OpenRequest struct {
	Dir      string
	StoreSeq uint64
}

// Opened says what the engine found in its directory.
type Opened struct {
	// Fresh: the index was missing or unusable and starts empty; it must be
	// rebuilt from the store. Reason says why, for the log ("" when it was
	// simply missing).
	Fresh  bool
	Reason string
	// Watermark is the store change number everything is indexed up to.
	Watermark uint64
}

// Doc is one document: a message (Conv set) or a contact.
type Doc struct {
	ID, Text, Site, Conv string
}

// Batch is one atomic change of the index.
type Batch struct {
	// Erased are conversations whose every message document goes.
	Erased []uint64
	// Deleted are documents that go.
	Deleted []string
	// Docs are added, each replacing a document of the same ID.
	Docs []Doc
	// Watermark, when not 0, is the store change number everything is now
	// indexed up to.
	Watermark uint64
	// Complete marks the end of a build from the store: the index's format
	// and watermark are written, whatever the watermark.
	Complete bool
}

func (b *Batch) size() int { return len(b.Erased) + len(b.Deleted) + len(b.Docs) }

// SearchRequest finds the documents of Sites holding every one of Terms
// (already analysed; the last one also as a prefix).
type SearchRequest struct {
	Terms []string
	Sites []uint64
}

// bleveEngine is the index itself.
type bleveEngine struct {
	idx bleve.Index
}

// oneAnalyser makes bleve analyse a batch's documents on one goroutine
// instead of four (its default). A batch gathers a quarter of a second of
// messages (hundreds at 2,000 a second); analysed four at a time, they
// took both cores of a small server for tens of milliseconds, four times
// a second, and every shopper's message in that window waited. On one,
// indexing takes as long in CPU and leaves a core to the chat. bleve's
// configuration is process-wide; Comptoir is its only user.
var oneAnalyser sync.Once

// Open opens the index in req.Dir when it is complete, of this format and
// not ahead of the store; otherwise it starts a new, empty one.
func (e *bleveEngine) Open(req *OpenRequest, reply *Opened) error {
	oneAnalyser.Do(func() { bleve.Config.SetAnalysisQueueSize(1) })
	*reply = Opened{}
	idx, err := bleve.Open(req.Dir)
	switch {
	case err == nil:
		reason, watermark := staleness(idx, req.StoreSeq)
		if reason == "" {
			e.idx, reply.Watermark = idx, watermark
			return nil
		}
		reply.Reason = reason
		idx.Close()
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
	default:
		reply.Reason = "unreadable: " + err.Error()
	}
	if err := os.RemoveAll(req.Dir); err != nil {
		return fmt.Errorf("search: remove stale index %s: %w", req.Dir, err)
	}
	m, err := newMapping()
	if err != nil {
		return err
	}
	if e.idx, err = bleve.New(req.Dir, m); err != nil {
		return fmt.Errorf("search: create index in %s: %w", req.Dir, err)
	}
	reply.Fresh = true
	return nil
}

// staleness says why an opened index cannot be used (or ""), and its
// watermark.
func staleness(idx bleve.Index, storeSeq uint64) (string, uint64) {
	f, err := idx.GetInternal(keyFormat)
	if err != nil || string(f) != formatVersion {
		return "incomplete, or written by another version", 0
	}
	w, err := idx.GetInternal(keyWatermark)
	if err != nil || len(w) != 8 {
		return "no watermark", 0
	}
	watermark := binary.BigEndian.Uint64(w)
	if watermark > storeSeq {
		return "the index is ahead of the store (a backup was restored?)", 0
	}
	return "", watermark
}

// Apply writes b in one bleve batch.
func (e *bleveEngine) Apply(b *Batch, _ *struct{}) error {
	if e.idx == nil {
		return errNotOpen
	}
	batch := e.idx.NewBatch()
	for _, conv := range b.Erased {
		if err := e.deleteConversation(batch, conv); err != nil {
			return err
		}
	}
	for _, id := range b.Deleted {
		batch.Delete(id)
	}
	for _, d := range b.Docs {
		fields := map[string]any{fieldText: d.Text, fieldSite: d.Site}
		if d.Conv != "" {
			fields[fieldConv] = d.Conv
		}
		if err := batch.Index(d.ID, fields); err != nil {
			return err
		}
	}
	if b.Watermark != 0 || b.Complete {
		batch.SetInternal(keyWatermark, be(b.Watermark))
	}
	if b.Complete {
		batch.SetInternal(keyFormat, []byte(formatVersion))
	}
	if batch.Size() == 0 {
		return nil
	}
	return e.idx.Batch(batch)
}

var errNotOpen = errors.New("search: the index is not open")

// deleteConversation deletes every indexed message of conversation id.
func (e *bleveEngine) deleteConversation(b *bleve.Batch, id uint64) error {
	q := bleve.NewTermQuery(strconv.FormatUint(id, 10))
	q.SetField(fieldConv)
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	res, err := e.idx.Search(req)
	if err != nil {
		return err
	}
	if res.Total == 0 {
		return nil
	}
	req.Size = int(res.Total)
	if res, err = e.idx.Search(req); err != nil {
		return err
	}
	for _, h := range res.Hits {
		b.Delete(h.ID)
	}
	return nil
}

// Search runs req, best hits first, each with its snippet.
func (e *bleveEngine) Search(req *SearchRequest, hits *[]Hit) error {
	if e.idx == nil {
		return errNotOpen
	}
	var must []query.Query
	for i, t := range req.Terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(fieldText)
		if i == len(req.Terms)-1 && utf8.RuneCountInString(t) >= minPrefix {
			pq := bleve.NewPrefixQuery(t)
			pq.SetField(fieldText)
			must = append(must, bleve.NewDisjunctionQuery(tq, pq))
			continue
		}
		must = append(must, tq)
	}
	// The scope is part of the query itself: a document of another site is
	// never read, let alone returned.
	var scope []query.Query
	for _, s := range req.Sites {
		sq := bleve.NewTermQuery(strconv.FormatUint(s, 10))
		sq.SetField(fieldSite)
		scope = append(scope, sq)
	}
	must = append(must, bleve.NewDisjunctionQuery(scope...))
	sr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), maxHits, 0, false)
	sr.Fields = []string{fieldText}
	sr.IncludeLocations = true
	res, err := e.idx.Search(sr)
	if err != nil {
		return err
	}
	out := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hit, ok := parseID(h.ID)
		if !ok {
			continue
		}
		text, _ := h.Fields[fieldText].(string)
		var spans [][2]int
		for _, locs := range h.Locations[fieldText] {
			for _, l := range locs {
				spans = append(spans, [2]int{int(l.Start), int(l.End)})
			}
		}
		hit.Snippet = Snippet(text, spans)
		hit.Score = h.Score
		out = append(out, hit)
	}
	*hits = out
	return nil
}

func (e *bleveEngine) Lost() <-chan struct{} { return nil }

// Close closes the index files.
func (e *bleveEngine) Close() error {
	if e.idx == nil {
		return nil
	}
	err := e.idx.Close()
	e.idx = nil
	return err
}

func be(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}
