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
// on 2 CPUs, the wait from readable to read was 16–30 ms at p99 with 2 Ps.
// With two Ps per CPU the kernel shares each CPU between two threads at a
// far finer grain: about 6 ms, and the median of an ack's p99 fell from 56
// to 33 ms, for 8 % more CPU per message (docs/benchmarks.md, "sixth
// round"). 8 Ps on 2 CPUs did no better. On 4 CPUs and more, one busy
// goroutine is a smaller share, and the default is kept. An operator's
// GOMAXPROCS always wins. Once set, the runtime no longer follows a change
// of the container's CPU limit while running; a restart picks it up.
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
