package search

import (
	"os"
	"strconv"
	"syscall"
)

// lowerPriority sets every thread of this process to nice. Linux keeps a
// priority per thread, and a new thread takes its creator's: going over
// the threads twice catches one created during the first pass.
func lowerPriority(nice int) {
	for range 2 {
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return
		}
		for _, t := range tasks {
			if tid, err := strconv.Atoi(t.Name()); err == nil {
				syscall.Setpriority(syscall.PRIO_PROCESS, tid, nice)
			}
		}
	}
}
