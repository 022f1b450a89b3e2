package chat

import (
	"sync"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Where a message's time goes inside the server, measured as it happens.
//
// The load benchmark times a message from the shopper's send to the
// agent's receipt, which counts both clients and the network too; these
// histograms split the server's part into the three places a message
// waits, so that a slow tail can be put where it is (docs/benchmarks.md):
//
//   - read: a parked shopper's socket became readable → a goroutine reads
//     its frame (the poller's wake-up and a reader getting a CPU);
//   - commit: a shopper's post handed to the store → its commit is on disk
//     (the wait for the group commit and the fsyncs);
//   - store queue and store transaction: the commit's two parts, for every
//     write the store commits (shoppers' posts and all else): waiting for
//     the store's writer to take it, then its transaction (the writes,
//     bbolt's commit, its fsyncs). What the commit has beyond their sum is
//     the poster getting a CPU back;
//   - write: something queued for a shopper's socket with nothing pending
//     → written to it (the writer goroutine getting a CPU, and the
//     write). One sample per writer wake-up, not per frame;
//   - agent write: the same for agents' sockets, apart because an agent's
//     socket carries every inbox row of its sites: a write there waits
//     for the one before it, and for the agent's app to read.
//
// Recording takes the stage's mutex and a few array writes, a few
// thousand times a second under load; one mutex for all of them was seen
// waking dozens of goroutines at once in a runtime trace. The figures are served on the profiling listener
// (COMPTOIR_PPROF_ADDR), never on the public one.

// Stage names, as served.
const (
	StageRead   = "read"
	StageCommit = "commit"
	// StageStoreQueue and StageStoreTransaction split the commit, for
	// every store write (store.CommitObserver).
	StageStoreQueue       = "store queue"
	StageStoreTransaction = "store transaction"
	StageWrite            = "write"
	// StageAgentWrite is StageWrite on agents' sockets.
	StageAgentWrite = "agent write"
)

// stageMax is the largest duration recorded; longer ones count as it.
const stageMax = time.Minute

type stages struct {
	mu    sync.Mutex // guards since; each stage has its own
	since time.Time
	hists map[string]*stageHist // set once
}

type stageHist struct {
	mu sync.Mutex
	h  *hdrhistogram.Histogram
}

func newStages() *stages {
	s := &stages{since: time.Now(), hists: make(map[string]*stageHist)}
	for _, name := range []string{StageRead, StageCommit, StageStoreQueue, StageStoreTransaction, StageWrite, StageAgentWrite} {
		// Microseconds, three significant digits: about 30 KB each.
		s.hists[name] = &stageHist{h: hdrhistogram.New(1, int64(stageMax/time.Microsecond), 3)}
	}
	return s
}

func (s *stages) record(name string, d time.Duration) {
	us := min(max(1, d.Microseconds()), int64(stageMax/time.Microsecond))
	sh := s.hists[name]
	sh.mu.Lock()
	sh.h.RecordValue(us)
	sh.mu.Unlock()
}

// StageFigures are one stage's figures over a window, in microseconds.
type StageFigures struct {
	Count int64 `json:"count"`
	P50   int64 `json:"p50_us"`
	P99   int64 `json:"p99_us"`
	P999  int64 `json:"p999_us"`
	Max   int64 `json:"max_us"`
}

// StageReport is every stage's figures since Since.
type StageReport struct {
	Since  time.Time               `json:"since"`
	Stages map[string]StageFigures `json:"stages"`
}

// Stages reports where messages waited inside the server since the last
// reset (or the start); reset starts a new window.
func (s *Service) Stages(reset bool) StageReport {
	st := s.stages
	st.mu.Lock()
	defer st.mu.Unlock()
	r := StageReport{Since: st.since, Stages: make(map[string]StageFigures, len(st.hists))}
	for name, sh := range st.hists {
		sh.mu.Lock()
		h := sh.h
		r.Stages[name] = StageFigures{Count: h.TotalCount(), P50: h.ValueAtQuantile(50),
			P99: h.ValueAtQuantile(99), P999: h.ValueAtQuantile(99.9), Max: h.Max()}
		if reset {
			h.Reset()
		}
		sh.mu.Unlock()
	}
	if reset {
		st.since = time.Now()
	}
	return r
}
