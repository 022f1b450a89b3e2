package chat

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/wire"
)

// stuckSocket is a peer that never reads: every write blocks until the
// test ends. Only the socket is stood in for; the conn is the real one.
type stuckSocket struct{ release chan struct{} }

func (s stuckSocket) ReadMessage() (int, []byte, error) { <-s.release; return 0, nil, io.EOF }
func (s stuckSocket) WriteMessage(int, []byte) error    { <-s.release; return io.EOF }
func (s stuckSocket) WriteControl(int, []byte, time.Time) error {
	return nil
}
func (s stuckSocket) SetReadDeadline(time.Time) error   { return nil }
func (s stuckSocket) SetWriteDeadline(time.Time) error  { return nil }
func (s stuckSocket) SetReadLimit(int64)                {}
func (s stuckSocket) SetPongHandler(func(string) error) {}
func (s stuckSocket) Close() error                      { return nil }

func TestDeliveryToABusyClient(t *testing.T) {
	svc := New(nil, hub.New(), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{SendQueue: 4})
	newStuck := func(t *testing.T) *conn {
		sock := stuckSocket{release: make(chan struct{})}
		c := newConn(svc, sock)
		done := make(chan struct{})
		go func() { c.writeLoop(); close(done) }()
		t.Cleanup(func() { close(sock.release); close(c.readerDone); <-done })
		return c
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
		c := newStuck(t)
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
		c := newStuck(t)
		for seq := uint64(1); seq <= 10; seq++ {
			c.Deliver(hub.Event{Conv: 7, Seq: seq, Data: []byte("m")})
		}
		if !closed(c) {
			t.Fatal("a client that cannot take messages must be closed (4000) and resume")
		}
		if code := <-c.closeCode; code != wire.CloseSlowClient {
			t.Fatalf("close code %d", code)
		}
	})
}
