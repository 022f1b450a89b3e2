package chat

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/wire"
)

// stuckSocket is a peer that never reads: every write blocks until
// released. Only the socket is stood in for; the conn is the real one.
// Its connection is one end of a pipe nobody reads (a write blocks until
// release closes it).
type stuckSocket struct {
	release chan struct{}
	nc      net.Conn
}

func (s stuckSocket) ReadMessage() (int, []byte, error)         { <-s.release; return 0, nil, io.EOF }
func (s stuckSocket) WriteMessage(int, []byte) error            { <-s.release; return io.EOF }
func (s stuckSocket) WriteControl(int, []byte, time.Time) error { return nil }
func (s stuckSocket) SetReadDeadline(time.Time) error           { return nil }
func (s stuckSocket) SetWriteDeadline(time.Time) error          { return nil }
func (s stuckSocket) SetReadLimit(int64)                        {}
func (s stuckSocket) SetPongHandler(func(string) error)         {}
func (s stuckSocket) Close() error                              { return nil }
func (s stuckSocket) NetConn() net.Conn                         { return s.nc }

func TestDeliveryToABusyClient(t *testing.T) {
	svc := New(nil, hub.New(), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{SendQueue: 4})
	// newStuck makes a conn on a stuck socket (its writer starts with the first frame); unstick lets the
	// socket's writes fail, as a peer that finally drops would.
	newStuck := func(t *testing.T) (c *conn, sock stuckSocket, unstick func()) {
		nc, other := net.Pipe()
		sock = stuckSocket{release: make(chan struct{}), nc: nc}
		c = newConn(svc, sock)
		var once sync.Once
		unstick = func() { once.Do(func() { close(sock.release); nc.Close(); other.Close() }) }
		t.Cleanup(func() { unstick(); close(c.readerDone); c.writer.Wait() })
		return c, sock, unstick
	}
	closed := func(c *conn) bool {
		select {
		case <-c.done:
			return true
		default:
			return false
		}
	}

	t.Run("a thousand inbox updates of one conversation are one pending row", func(t *testing.T) {
		c, _, _ := newStuck(t)
		for i := range 1000 {
			c.Deliver(hub.Event{Conv: 7, Summary: true, Data: []byte(fmt.Sprint(i))})
		}
		if closed(c) {
			t.Fatal("a busy agent was cut off by inbox updates")
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if len(c.summaries) != 1 || string(c.summaries[7]) != "999" {
			t.Fatalf("pending summaries %v", c.summaries)
		}
	})
	t.Run("messages are never coalesced: a full queue closes the client to resume later", func(t *testing.T) {
		c, _, _ := newStuck(t)
		for seq := uint64(1); seq <= 10; seq++ {
			c.Deliver(hub.Event{Conv: 7, Seq: seq, Data: []byte("m")})
		}
		if !closed(c) {
			t.Fatal("a client that cannot take messages must be closed and resume")
		}
		// The peer gets 4000 when the writer is free to say it; a writer
		// stuck mid-write just drops the socket (the client sees 1006).
		if c.closedWith != wire.CloseSlowClient {
			t.Fatalf("closed with %d, want %d", c.closedWith, wire.CloseSlowClient)
		}
	})
}
