package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/exp/trace"
)

// The store's writer, read from a runtime trace of the server (-profile):
// where its commits' time goes. bbolt's commit ends with two fdatasyncs,
// one for the data pages (in (*Tx).write) and one for the meta page (in
// (*Tx).writeMeta); one commit cycle runs from the end of one meta sync to
// the end of the next: taking the queued writes and running them, bbolt
// writing its pages, then the two syncs. A write that arrives during a
// cycle waits for it, then for its own.

// durations is a sample of durations, for quantiles.
type durations []time.Duration

func (d durations) String() string {
	if len(d) == 0 {
		return "none"
	}
	s := slices.Clone(d)
	slices.Sort(s)
	q := func(p float64) float64 { return ms(s[min(len(s)-1, int(p*float64(len(s))))]) }
	return fmt.Sprintf("p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms", q(.5), q(.99), q(.999), ms(s[len(s)-1]))
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// writerFigures is what writerTrace found.
type writerFigures struct {
	span                   time.Duration
	running, syscall, idle time.Duration // the writer goroutine's time in each state
	runnable               time.Duration
	cycles, cpuPart        durations
	dataSync, metaSync     durations
	pwrites                int
	posterResume           durations // a committed write's caller waiting for a CPU
}

func (f writerFigures) String() string {
	share := func(d time.Duration) float64 { return 100 * float64(d) / float64(f.span) }
	perCommit := 0.0
	if len(f.cycles) > 0 {
		perCommit = float64(f.pwrites) / float64(len(f.cycles))
	}
	return fmt.Sprintf("the store's writer over %.1f s of trace: running %.0f %%, in system calls %.0f %%, waiting for a CPU %.0f %%, idle %.0f %%; "+
		"%.0f commits/s, %.1f page writes each; commit cycle %s; of it, running the writes and bbolt's page writes %s, data fdatasync %s, meta fdatasync %s; "+
		"a committed write's caller waiting for a CPU %s",
		f.span.Seconds(), share(f.running), share(f.syscall), share(f.runnable), share(f.idle),
		float64(len(f.cycles))/f.span.Seconds(), perCommit, f.cycles, f.cpuPart, f.dataSync, f.metaSync, f.posterResume)
}

func stackHas(s trace.Stack, fn string) bool {
	for f := range s.Frames() {
		if strings.Contains(f.Func, fn) {
			return true
		}
	}
	return false
}

// writerTrace reads a runtime trace of the server.
func writerTrace(path string) (writerFigures, error) {
	var f writerFigures
	file, err := os.Open(path)
	if err != nil {
		return f, err
	}
	defer file.Close()
	r, err := trace.NewReader(file)
	if err != nil {
		return f, err
	}
	type goroutine struct {
		since          trace.Time
		writer, poster bool   // the writer; a caller waiting for its commit
		sync           string // the writer's current system call: "data", "meta" or ""
	}
	gs := map[trace.GoID]*goroutine{}
	var first, last, metaEnd, dataStart trace.Time
	var idleInCycle time.Duration
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			return f, err
		}
		now := ev.Time()
		if first == 0 {
			first = now
		}
		last = now
		if ev.Kind() != trace.EventStateTransition {
			continue
		}
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			continue
		}
		g := gs[st.Resource.Goroutine()]
		if g == nil {
			g = &goroutine{}
			gs[st.Resource.Goroutine()] = g
		}
		from, to := st.Goroutine()
		var d time.Duration
		if g.since != 0 {
			d = time.Duration(now - g.since)
		}
		if to == trace.GoSyscall || to == trace.GoWaiting {
			g.writer = g.writer || stackHas(st.Stack, "store.(*DB).writer")
		}
		if g.writer && g.since != 0 {
			switch from {
			case trace.GoRunning:
				f.running += d
			case trace.GoRunnable:
				f.runnable += d
			case trace.GoWaiting:
				f.idle += d
				idleInCycle += d
			case trace.GoSyscall:
				f.syscall += d
				switch g.sync {
				case "data":
					f.dataSync = append(f.dataSync, d)
				case "meta":
					f.metaSync = append(f.metaSync, d)
					if metaEnd != 0 && dataStart > metaEnd {
						f.cycles = append(f.cycles, time.Duration(now-metaEnd)-idleInCycle)
						f.cpuPart = append(f.cpuPart, time.Duration(dataStart-metaEnd)-idleInCycle)
					}
					metaEnd, idleInCycle = now, 0
				}
			}
		}
		if g.writer && to == trace.GoSyscall {
			stack := ev.Stack()
			switch {
			case stackHas(stack, "writeMeta") && stackHas(stack, "fdatasync"):
				g.sync = "meta"
			case stackHas(stack, "fdatasync"):
				g.sync, dataStart = "data", now
			default:
				g.sync = ""
				if stackHas(stack, "WriteAt") && !stackHas(stack, "writeMeta") {
					f.pwrites++
				}
			}
		}
		if g.poster && from == trace.GoRunnable && to == trace.GoRunning && g.since != 0 {
			f.posterResume = append(f.posterResume, d)
		}
		if to == trace.GoWaiting {
			g.poster = stackHas(st.Stack, "store.(*DB).update")
		} else if to == trace.GoRunning {
			g.poster = false
		}
		g.since = now
	}
	f.span = time.Duration(last - first)
	return f, nil
}
