package daemon

import (
	"runtime"
	"strings"
)

// smallMachine is the CPU count under which the server runs two schedulers'
// threads (Ps) per CPU.
const smallMachine = 4

// SchedulerProcs is how many Ps (GOMAXPROCS) the server asks for, given
// the GOMAXPROCS environment variable and the runtime's default (one per
// CPU the process may use).
//
// Go preempts a goroutine that keeps its P busy only after 10 ms. On a
// small machine, one busy goroutine (the search index analysing a batch or
// merging segments, a collection's mark worker) holds half the Ps, and a
// shopper's socket that became readable waits behind it: in the load bench
// on 2 CPUs, the wait from readable to read was 16–27 ms at p99 with 2 Ps.
// With two Ps per CPU the kernel shares each CPU between two threads at a
// far finer grain: 6.2–6.7 ms at p99, an ack's p99 of 28–37 ms instead of
// 27–71 ms, for 8 % more CPU per message (docs/benchmarks.md, "sixth
// round"). 8 Ps on 2 CPUs did not do better. On 4 CPUs and more, one busy
// goroutine is a smaller share, and the default is kept. An operator's
// GOMAXPROCS always wins.
func SchedulerProcs(env string, defaultProcs int) int {
	if strings.TrimSpace(env) != "" || defaultProcs >= smallMachine {
		return defaultProcs
	}
	return 2 * defaultProcs
}

// SetSchedulerProcs applies SchedulerProcs to this process and returns the
// number of Ps it now runs with.
func SetSchedulerProcs(getenv func(string) string) int {
	current := runtime.GOMAXPROCS(0)
	if n := SchedulerProcs(getenv("GOMAXPROCS"), current); n != current {
		runtime.GOMAXPROCS(n)
	}
	return runtime.GOMAXPROCS(0)
}
