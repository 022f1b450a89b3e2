package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Errors callers switch on.
var (
	ErrNotFound = errors.New("store: not found")
	ErrClosed   = errors.New("store: closed")
	ErrConflict = errors.New("store: already exists")
)

// DB is Comptoir's store: a bbolt file and its single writer.
type DB struct {
	bolt *bolt.DB
	now  func() time.Time
	// uploads is the directory of uploaded files (attachment.go).
	uploads string

	writes chan *write
	// mu guards closed; senders hold it shared while queueing so that Close
	// never closes the channel under a sender.
	mu      sync.RWMutex
	closed  bool
	stopped chan struct{}
	stats   writerStats
	// searchPoke wakes the search index after commits (search.go).
	searchPoke chan struct{}
	// visitors caches decoded visitors for Visitor (visitorcache.go).
	visitors visitorCache
	// journal holds plain messages and read marks until they move to
	// their conversations (journal.go).
	journal *journal
	// observer is told each committed write's timings (writer.go).
	observer atomic.Pointer[CommitObserver]
}

// Options tune Open. The zero value is right for production.
type Options struct {
	// Now is the clock; defaults to time.Now.
	Now func() time.Time
	// MaxBatch bounds how many queued writes share one commit. Default 512.
	MaxBatch int

	// journalLimit overrides journalLimit (journal.go) in tests; < 0 turns
	// the journal off.
	journalLimit int
}

// FileName is the data file's name inside the data directory.
const FileName = "comptoir.db"

// Open opens (creating if needed) the store in dir and migrates it.
func Open(dir string, opts Options) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	uploads := filepath.Join(dir, UploadsDir)
	if err := os.MkdirAll(uploads, 0o700); err != nil {
		return nil, fmt.Errorf("store: create uploads directory: %w", err)
	}
	// The freelist is not written at each commit (fewer pages per fsync;
	// bbolt rebuilds it by scanning the file at open) and is kept as a
	// hashmap (allocation does not walk a long array). Data pages and the
	// meta page are still fsynced at every commit: never NoSync.
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{
		Timeout: 2 * time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType,
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w (is another Comptoir using this data directory?)", filepath.Join(dir, FileName), err)
	}
	if err := migrate(b); err != nil {
		b.Close()
		return nil, err
	}
	registerConvCache(b)
	if opts.journalLimit == 0 {
		opts.journalLimit = journalLimit
	}
	j := newJournal(opts.journalLimit)
	if err := recoverJournal(b, j); err != nil {
		unregisterConvCache(b)
		b.Close()
		return nil, err
	}
	journals.Store(b, j)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 512
	}
	db := &DB{
		bolt:    b,
		now:     opts.Now,
		uploads: uploads,
		writes:  make(chan *write, opts.MaxBatch),
		stopped: make(chan struct{}),

		searchPoke: make(chan struct{}, 1),
		journal:    j,
	}
	go db.writer(opts.MaxBatch)
	return db, nil
}

// Close stops taking writes, commits what is queued, and closes the file.
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	db.closed = true
	close(db.writes)
	db.mu.Unlock()
	<-db.stopped
	// A clean close leaves an empty journal (journal.go).
	var err error
	if len(db.journal.order) > 0 {
		err = db.bolt.Update(func(tx *bolt.Tx) error {
			db.journal.begin(tx)
			return checkpoint(tx)
		})
	}
	journals.Delete(db.bolt)
	unregisterConvCache(db.bolt)
	return errors.Join(err, db.bolt.Close())
}

// Bolt exposes the underlying database for backups and checks.
func (db *DB) Bolt() *bolt.DB { return db.bolt }

// Check runs bbolt's consistency check and returns every problem found.
// It runs in a writable transaction, rolled back, so that no commit can
// change the freelist under it: in a read transaction, bbolt's Check
// compares the snapshot's pages with the live freelist and reports pages
// freed by a concurrent commit as corruption ("reachable freed").
func (db *DB) Check() error {
	tx, err := db.bolt.Begin(true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var errs []error
	for err := range tx.Check() {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// view runs fn in a read transaction, counted by the journal so that it
// keeps what the snapshot needs (journal.go).
func (db *DB) view(fn func(tx *bolt.Tx) error) error {
	at := db.journal.enter()
	defer db.journal.leave(at)
	return db.bolt.View(fn)
}

func put(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// get decodes the value at key into v inside the transaction.
func get(b *bolt.Bucket, key []byte, v any) error {
	data := b.Get(key)
	if data == nil {
		return ErrNotFound
	}
	return json.Unmarshal(data, v)
}
