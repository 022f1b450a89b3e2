package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childOf is the index's process of f.
func childOf(t *testing.T, f *fixture) (*childEngine, *os.Process) {
	t.Helper()
	c, ok := f.x.engine.(*childEngine)
	if !ok {
		t.Fatalf("engine %T, want the child process", f.x.engine)
	}
	pid := c.pid()
	if pid == 0 {
		t.Fatal("no index process runs")
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		t.Fatal(err)
	}
	return c, p
}

// flushWithin retries Flush until it succeeds: while the index's process
// is started again, Flush reports the loss.
func (f *fixture) flushWithin(d time.Duration) {
	f.t.Helper()
	deadline := time.Now().Add(d)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Until(deadline))
		err := f.x.Flush(ctx)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("index not caught up within %s: %v", d, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestIndexProcessIsStartedAgainAfterItDies(t *testing.T) {
	f := newFixture(t)
	f.say(f.site.ID, "Ann", "written before the crash")
	f.flush()
	_, p := childOf(t, f)
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}

	// Written while the process is dead or being started again: nothing
	// is lost, since the store keeps the change until it is indexed.
	f.say(f.site.ID, "Ben", "written after the crash")
	f.flushWithin(10 * time.Second)
	if hits := f.find("crash", f.site.ID); len(hits) != 2 {
		t.Fatalf("hits %+v, want both messages", hits)
	}
	_, again := childOf(t, f)
	if again.Pid == p.Pid {
		t.Fatalf("still process %d", p.Pid)
	}
	if !f.x.Ready() {
		t.Fatal("not ready after the restart")
	}
}

func TestSearchWhileTheProcessIsDownFailsClearly(t *testing.T) {
	f := newFixture(t)
	f.say(f.site.ID, "Ann", "a parcel")
	f.flush()
	c, p := childOf(t, f)
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	// Until the indexer notices and starts it again (restartPause), a
	// search gets an error saying so, never a wrong empty answer.
	deadline := time.Now().Add(5 * time.Second)
	for c.pid() == p.Pid && time.Now().Before(deadline) {
		_, err := f.x.Search(Query{Text: "parcel", Sites: []uint64{f.site.ID}})
		if err != nil {
			if !errors.Is(err, ErrUnavailable) {
				t.Fatalf("err %v, want ErrUnavailable", err)
			}
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("no search failed while the index process was dead")
}

func TestCloseEndsTheIndexProcess(t *testing.T) {
	f := newFixture(t)
	f.say(f.site.ID, "Ann", "a parcel")
	f.flush()
	_, p := childOf(t, f)
	if err := f.x.Close(); err != nil {
		t.Fatal(err)
	}
	f.x = nil
	// Reaped by Close: the pid is gone (signal 0 checks it exists).
	if err := p.Signal(syscall.Signal(0)); err == nil {
		t.Fatalf("process %d still runs after Close", p.Pid)
	}
}

func TestIndexProcessRunsAtALowerPriority(t *testing.T) {
	f := newFixture(t)
	f.say(f.site.ID, "Ann", "a parcel")
	f.flush() // the child has worked: its threads exist
	_, p := childOf(t, f)
	// Every thread's nice value, from /proc: Linux keeps one per thread.
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", p.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/stat", p.Pid, task.Name()))
		if err != nil {
			t.Fatal(err)
		}
		// Fields after the command's closing parenthesis start at the 3rd;
		// nice is the 19th.
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if nice := fields[19-3]; nice != strconv.Itoa(childNice) {
			t.Errorf("thread %s of the index process: nice %s, want %d", task.Name(), nice, childNice)
		}
	}
	if len(tasks) < 2 {
		t.Fatalf("%d threads", len(tasks))
	}
}
