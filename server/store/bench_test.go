package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The durable write path, measured three ways on the same data shape: the
// very same AppendMessage transaction (conversation read, message and cid
// puts, conversation rewrite) committed by
//
//   - groupcommit: Comptoir's single writer (writer.go), which shares one
//     fsync among whatever is queued, with no timer;
//   - update: one bolt db.Update (one fsync) per message, the textbook way;
//   - batch: bolt's db.Batch (MaxBatchDelay 10 ms, MaxBatchSize 1000 by
//     default), bbolt's own answer to concurrent writers.
//
// Only the commit strategy differs: the baselines replace the writer
// goroutine by a dispatcher that hands each queued write to Update or Batch
// on its own goroutine, so every figure pays for the same marshalling and
// the same pages. fsync stays on (NoSync is never set): the point is
// durable messages per second. Each writer is a visitor writing to its own
// conversation, as concurrent shoppers do.
//
//	go test -run '^$' -bench Append -benchtime 2s ./server/store
//
// Reported: msgs/s, and p50/p99 commit latency (ms) as one writer sees it,
// from the call to its return.

// commitMode is how a write reaches the disk.
type commitMode string

const (
	groupCommit commitMode = "groupcommit"
	perUpdate   commitMode = "update"
	boltBatch   commitMode = "batch"
)

// openBench opens a store in a fresh temp dir committing with mode.
func openBench(b *testing.B, mode commitMode) *DB {
	b.Helper()
	dir := b.TempDir()
	if mode == groupCommit {
		db, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		return db
	}
	bdb, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	if err := migrate(bdb); err != nil {
		b.Fatal(err)
	}
	registerConvCache(bdb)
	// No journal (journal.go): it needs the single writer's transactions.
	db := &DB{bolt: bdb, now: time.Now, writes: make(chan *write, 512), stopped: make(chan struct{}), journal: newJournal(-1)}
	commit := bdb.Update
	if mode == boltBatch {
		commit = bdb.Batch
	}
	go func() {
		var inflight sync.WaitGroup
		for w := range db.writes {
			inflight.Go(func() { w.done <- commit(w.fn) })
		}
		inflight.Wait()
		close(db.stopped)
	}()
	return db
}

// benchBody is a typical shopper message (about 90 bytes).
var benchBody = strings.Repeat("Bonjour, is the linen tote still available in sand? ", 2)[:90]

func BenchmarkAppendMessage(b *testing.B) {
	for _, mode := range []commitMode{groupCommit, perUpdate, boltBatch} {
		for _, writers := range []int{1, 16, 100} {
			b.Run(fmt.Sprintf("%s/writers=%d", mode, writers), func(b *testing.B) {
				benchAppend(b, mode, writers, 0)
			})
		}
	}
	// Above, each writer's conversation grows to thousands of messages,
	// so each conversation's newest leaf has a branch page of its own.
	// Shoppers' conversations are short: here each writer moves to a new
	// conversation every 20 messages, as many shoppers one after another.
	b.Run("groupcommit/writers=16/conversations-of-20", func(b *testing.B) {
		benchAppend(b, groupCommit, 16, 20)
	})
}

// benchAppend runs writers senders; each writes to its own conversation,
// or moves to a new one every convLen messages when convLen > 0.
func benchAppend(b *testing.B, mode commitMode, writers, convLen int) {
	db := openBench(b, mode)
	defer func() {
		if err := db.Close(); err != nil {
			b.Error(err)
		}
	}()
	site, err := db.CreateSite(Site{Key: "pk_bench", Name: "Bench shop"})
	if err != nil {
		b.Fatal(err)
	}
	// One visitor and one open conversation per writer (per conversation a
	// writer will use), made before the clock.
	perWriter := 1
	if convLen > 0 {
		perWriter = b.N/writers/convLen + 2
	}
	convs := make([][]uint64, writers)
	var setup sync.WaitGroup
	var setupErr atomic.Value
	for w := range writers {
		convs[w] = make([]uint64, perWriter)
		setup.Go(func() {
			for j := range perWriter {
				v, err := db.CreateVisitor(site.ID, fmt.Sprintf("token-%d-%d", w, j), VisitorUpdate{Name: "Ana"})
				if err != nil {
					setupErr.Store(err)
					return
				}
				a, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "first", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: benchBody})
				if err != nil {
					setupErr.Store(err)
					return
				}
				convs[w][j] = a.Conversation.ID
			}
		})
	}
	setup.Wait()
	if err, _ := setupErr.Load().(error); err != nil {
		b.Fatal(err)
	}

	lat := make([][]time.Duration, writers)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for _, n := range []*atomic.Int64{&db.stats.commits, &db.stats.writes, &db.stats.running, &db.stats.commitNs} {
		n.Store(0)
	}
	tx0 := db.bolt.Stats().TxStats
	cpu0 := cpuTime()
	start := time.Now()
	for w := range writers {
		wg.Go(func() {
			mine := make([]time.Duration, 0, b.N/writers+1)
			sent := 0
			for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
				conv := convs[w][0]
				if convLen > 0 {
					conv = convs[w][min(sent/convLen, perWriter-1)]
				}
				sent++
				t0 := time.Now()
				_, err := db.AppendMessage(NewMessage{ConvID: conv, CID: fmt.Sprintf("m%d", i), Author: Author{Kind: AuthorVisitor}, Body: benchBody})
				mine = append(mine, time.Since(t0))
				if err != nil {
					b.Error(err)
					return
				}
			}
			lat[w] = mine
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	b.ReportMetric(float64(cpu)/float64(b.N)/1e3, "cpu-us/msg")

	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	if n := db.stats.commits.Load(); n > 0 && mode == groupCommit {
		b.ReportMetric(float64(db.stats.writes.Load())/float64(n), "msgs/commit")
		b.ReportMetric(float64(db.stats.running.Load())/float64(n)/1e3, "run-us/commit")
		b.ReportMetric(float64(db.stats.commitNs.Load())/float64(n)/1e3, "commit-us/commit")
		tx := db.bolt.Stats().TxStats
		b.ReportMetric(float64(tx.GetWrite()-tx0.GetWrite())/float64(n), "pages/commit")
		b.ReportMetric(float64(tx.GetNodeCount()-tx0.GetNodeCount())/float64(n), "nodes/commit")
		// Inside commit-us: spill (nodes to pages, CPU) and write (the
		// pages' and the meta page's pwrites and the two fdatasyncs).
		b.ReportMetric(float64(tx.GetSpillTime()-tx0.GetSpillTime())/float64(n)/1e3, "spill-us/commit")
		b.ReportMetric(float64(tx.GetWriteTime()-tx0.GetWriteTime())/float64(n)/1e3, "write-us/commit")
	}
	b.ReportMetric(ms(quantile(all, 0.50)), "p50-ms")
	b.ReportMetric(ms(quantile(all, 0.99)), "p99-ms")
}

// quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// cpuTime is the CPU time the process has used (user + system): on a
// shared machine, a steadier figure of cost than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
