package search

import (
	"errors"
	"fmt"
	"io"
	"net/rpc"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// The index in a child process.
//
// Measured on a 2-CPU server at 2,000 messages a second (docs/benchmarks.md,
// "sixth round"): kept in the server's process, the index's goroutines
// (analysis, bleve's persister and merger) held scheduler threads for up to
// Go's 10 ms preemption slice and made a quarter of the heap's allocations,
// and a shopper's message waited behind them; the same work in another
// process cost the chat half as much tail latency. So the server runs the
// same binary a second time (ChildCommand), lowers its priority, and talks
// to it with net/rpc over the child's stdin and stdout: one call per
// batch, one per search. The child ends when its parent does (its stdin
// closes), even if the parent is killed; it ignores SIGINT and SIGTERM, which
// a terminal or systemd send to the whole group, so that the parent ends it
// once its own shutdown is done. The parent starts it again if it dies first.

// ChildCommand is the argument that makes the comptoir binary serve the
// index (server/main.go).
const ChildCommand = "search-index"

// childNice is the child's CPU priority: below the chat, which must answer
// within milliseconds, while the index may lag a moment.
const childNice = 10

// closeWait bounds how long Close waits for the child to close its index
// files before killing it (bleve persists what it holds first).
const closeWait = 30 * time.Second

// ErrUnavailable means the index's process died: searches fail with it
// until the indexer has started it again (restartPause).
var ErrUnavailable = errors.New("search: the index process stopped; it is being started again")

// ServeChild serves the index to the parent process over in and out (the
// child's stdin and stdout) until the parent closes them or exits, then
// closes the index.
func ServeChild(in io.ReadCloser, out io.WriteCloser) error {
	// Ctrl-C in a terminal and systemd's stop signal the whole group: the
	// server then closes the child's stdin when it shuts down, and the child
	// closes its index cleanly instead of dying in the middle of a batch.
	signal.Ignore(os.Interrupt, syscall.SIGTERM)
	// Stdout carries the RPC stream: a stray print from a library would
	// corrupt it, so prints go to stderr.
	if out == os.Stdout {
		os.Stdout = os.Stderr
	}
	lowerPriority(childNice)
	e := &bleveEngine{}
	srv := rpc.NewServer()
	if err := srv.RegisterName("Engine", e); err != nil {
		return err
	}
	srv.ServeConn(pipes{in, out})
	return e.Close()
}

// SelfCommand is an Options.Process starting this very binary with args:
// /proc/self/exe where there is one, so that a binary replaced on disk by
// an upgrade still starts the index of the version running.
func SelfCommand(args ...string) func() *exec.Cmd {
	return func() *exec.Cmd {
		self := "/proc/self/exe"
		if _, err := os.Stat(self); err != nil {
			if self, err = os.Executable(); err != nil {
				self = os.Args[0]
			}
		}
		return exec.Command(self, args...)
	}
}

// pipes is one connection made of a reader and a writer.
type pipes struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipes) Close() error {
	return errors.Join(p.WriteCloser.Close(), p.ReadCloser.Close())
}

// childEngine is an engine served by a child process.
type childEngine struct {
	command func() *exec.Cmd

	mu     sync.Mutex
	client *rpc.Client // nil while no process runs
	exited chan struct{}
	cmd    *exec.Cmd
}

// Open starts a new process (stopping the previous one, if any) and opens
// the index in it.
func (c *childEngine) Open(req *OpenRequest, reply *Opened) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stop() // a process that died: how is already reported
	cmd := c.command()
	// Pipes of our own rather than cmd.StdinPipe: Wait, on the process's
	// exit, must not close what the RPC client may still be reading.
	childIn, toChild, err := os.Pipe()
	if err != nil {
		return err
	}
	fromChild, childOut, err := os.Pipe()
	if err != nil {
		childIn.Close()
		toChild.Close()
		return err
	}
	cmd.Stdin, cmd.Stdout = childIn, childOut
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr // its panics and bleve's messages
	}
	err = cmd.Start()
	childIn.Close()
	childOut.Close()
	if err != nil {
		toChild.Close()
		fromChild.Close()
		return fmt.Errorf("search: start the index process: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	c.client, c.cmd, c.exited = rpc.NewClient(pipes{fromChild, toChild}), cmd, exited
	if err := c.client.Call("Engine.Open", req, reply); err != nil {
		return c.callError(err)
	}
	return nil
}

func (c *childEngine) Apply(b *Batch, _ *struct{}) error {
	return c.call("Engine.Apply", b, &struct{}{})
}

func (c *childEngine) Search(req *SearchRequest, hits *[]Hit) error {
	return c.call("Engine.Search", req, hits)
}

func (c *childEngine) call(method string, args, reply any) error {
	c.mu.Lock()
	client := c.client
	c.mu.Unlock()
	if client == nil {
		return ErrUnavailable
	}
	return c.callError(client.Call(method, args, reply))
}

// callError tells a process that is gone (ErrUnavailable) from an error the
// index returned.
func (c *childEngine) callError(err error) error {
	var served rpc.ServerError
	if err == nil || errors.As(err, &served) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}

// Close ends the child: its stdin closes, it closes its index and exits;
// one that takes longer than closeWait is killed.
func (c *childEngine) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stop()
}

func (c *childEngine) stop() error {
	if c.client == nil {
		return nil
	}
	c.client.Close()
	var err error
	select {
	case <-c.exited:
	case <-time.After(closeWait):
		c.cmd.Process.Kill()
		<-c.exited
		err = fmt.Errorf("search: the index process did not stop within %s; killed", closeWait)
	}
	// An exit status is its answer to the closing (its message is on
	// stderr); a signal means it had died before (the indexer says so).
	if st := c.cmd.ProcessState; err == nil && st.Exited() && !st.Success() {
		err = fmt.Errorf("search: the index process failed to close the index (%s)", st)
	}
	c.client, c.cmd, c.exited = nil, nil, nil
	return err
}

// Lost is closed when the running process exits.
func (c *childEngine) Lost() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.exited
}

// pid is the child's process id, 0 when none runs (tests).
func (c *childEngine) pid() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil {
		return 0
	}
	return c.cmd.Process.Pid
}
