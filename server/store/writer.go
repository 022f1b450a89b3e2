package store

import (
	"errors"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// write is one queued change. fn may run more than once (when another write
// in its batch fails, the batch is retried without it), so it must derive
// everything from the transaction and its captured inputs.
type write struct {
	fn   func(tx *bolt.Tx) error
	done chan error
	// queued, taken and committed time the write's way through the writer
	// (taken and committed are set by the writer before done is sent).
	queued, taken, committed time.Time
}

// CommitObserver is told, for each write the store commits, how long it
// waited for the writer to take it (the commit in progress, and the writer
// getting a CPU) and how long its transaction took (the writes, bbolt's
// commit and its two fdatasyncs, and the writer getting a CPU back after
// each). The chat's stages split the commit with it (docs/benchmarks.md).
type CommitObserver func(wait, transaction time.Duration)

// ObserveCommits sets the observer (nil: none). It is called on the
// committing caller's goroutine, so it must be quick.
func (db *DB) ObserveCommits(f CommitObserver) { db.observer.Store(&f) }

// update queues fn for the writer and waits until its batch is committed.
func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	w := &write{fn: fn, done: make(chan error, 1), queued: time.Now()}
	db.mu.RLock()
	if db.closed {
		db.mu.RUnlock()
		return ErrClosed
	}
	db.writes <- w
	db.mu.RUnlock()
	err := <-w.done
	if obs := db.observer.Load(); err == nil && obs != nil && *obs != nil {
		(*obs)(w.taken.Sub(w.queued), w.committed.Sub(w.taken))
	}
	return err
}

// writer is the single goroutine that commits. It blocks for one write, then
// takes whatever else is already queued (no timer: an idle store commits a
// lone write at once, a busy one shares each fsync among many writes).
func (db *DB) writer(maxBatch int) {
	defer close(db.stopped)
	batch := make([]*write, 0, maxBatch)
	last := 0 // size of the previous batch
	sample := []metrics.Sample{{Name: runnableMetric}}
	for w := range db.writes {
		batch = append(batch[:0], w)
		// Senders that wait for each ack (shoppers, the benchmark's
		// writers) queue their next write a moment after the commit that
		// answered them: taken at once, the queue splits them into two
		// groups that alternate commits, each paying for the fsyncs.
		// Yielding once lets the senders just answered queue and share
		// this commit. A yield puts the writer behind every runnable
		// goroutine, so it yields only when those are few (about the
		// senders it answered), never in a server busy with thousands.
		if last > 1 && runnable(sample) <= 2*last {
			runtime.Gosched()
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case w, ok := <-db.writes:
				if !ok {
					break fill
				}
				batch = append(batch, w)
			default:
				break fill
			}
		}
		last = len(batch)
		db.commit(batch)
	}
}

// failedWrite marks which write of a batch returned an error.
type failedWrite struct {
	index int
	err   error
}

func (f *failedWrite) Error() string { return f.err.Error() }

// commit runs the batch in one transaction. A write that fails gets its own
// error and the rest are committed without it.
func (db *DB) commit(batch []*write) {
	for len(batch) > 0 {
		start := time.Now()
		for _, w := range batch {
			w.taken = start
		}
		var ran time.Time
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			db.journal.begin(tx)
			searched := searchSequence(tx)
			for i, w := range batch {
				if err := w.fn(tx); err != nil {
					return &failedWrite{index: i, err: err}
				}
			}
			if db.journal.due() {
				if err := checkpoint(tx); err != nil {
					return err
				}
			} else if err := trim(tx); err != nil {
				return err
			}
			if searchSequence(tx) != searched {
				tx.OnCommit(db.pokeSearch) // the search index has work (search.go)
			}
			ran = time.Now()
			return nil
		})
		if err != nil {
			db.journal.rolledBack()
		} else {
			db.journal.committedTx()
		}
		var failed *failedWrite
		if errors.As(err, &failed) {
			batch[failed.index].done <- failed.err
			batch = append(batch[:failed.index:failed.index], batch[failed.index+1:]...)
			continue
		}
		if !ran.IsZero() {
			db.stats.record(len(batch), ran.Sub(start), time.Since(ran))
		}
		committed := time.Now()
		for _, w := range batch {
			w.committed = committed
			w.done <- err
		}
		return
	}
}

// writerStats counts commits, for the benchmarks (bench_test.go) to tell
// batch sizes and where a batch's time goes.
type writerStats struct {
	commits, writes   atomic.Int64
	running, commitNs atomic.Int64 // running the writes; bbolt's Commit (spill, write, fsync)
}

func (s *writerStats) record(writes int, running, committing time.Duration) {
	s.commits.Add(1)
	s.writes.Add(int64(writes))
	s.running.Add(int64(running))
	s.commitNs.Add(int64(committing))
}

// runnableMetric counts the goroutines waiting for a CPU.
const runnableMetric = "/sched/goroutines/runnable:goroutines"

// runnable reads how many goroutines wait for a CPU (the scheduler's run
// queues; approximate, and cheap: no stop of the world) into s, a sample
// of runnableMetric that the caller reuses.
func runnable(s []metrics.Sample) int {
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 1 << 30 // unknown: assume busy, never yield
	}
	return int(s[0].Value.Uint64())
}
