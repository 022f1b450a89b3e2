package chat

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/fasthttp/websocket"
)

// countingSocket is a real server-side WebSocket whose connection counts
// the writes made to it.
type countingSocket struct {
	*websocket.Conn
	nc *countingConn
}

func (s countingSocket) NetConn() net.Conn { return s.nc }

type countingConn struct {
	net.Conn
	writes atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// socketPair opens a real WebSocket over loopback: the server's end as a
// countingSocket, and a client made by the same library as the test and
// bench clients.
func socketPair(t *testing.T) (countingSocket, *websocket.Conn) {
	t.Helper()
	server := make(chan *websocket.Conn, 1)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			t.Error(err)
			return
		}
		server <- ws
	}))
	t.Cleanup(hs.Close)
	client, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(hs.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	ws := <-server
	t.Cleanup(func() { ws.Close() })
	return countingSocket{ws, &countingConn{Conn: ws.NetConn()}}, client
}

func TestAWakeUpIsOneWrite(t *testing.T) {
	svc := New(nil, hub.New(), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{SendQueue: 1000})
	sock, client := socketPair(t)
	c := newConn(svc, sock)
	t.Cleanup(func() { close(c.readerDone); c.close(1000); c.writer.Wait() })

	// Frames of every header size (7-bit, 16-bit and 64-bit lengths, at
	// their edges), then inbox rows, all queued before the writer runs.
	sizes := []int{0, 1, 125, 126, 127, 65535, 65536, 70000}
	var want [][]byte
	c.mu.Lock()
	for i, n := range sizes {
		data := bytes.Repeat([]byte{byte('a' + i)}, n)
		c.queue = append(c.queue, data)
		want = append(want, data)
	}
	for i := range 50 {
		data := []byte(fmt.Sprintf(`{"type":"message","seq":%d}`, i+1))
		c.queue = append(c.queue, data)
		want = append(want, data)
	}
	c.summaries = map[uint64][]byte{9: []byte(`{"type":"conversation","conv":"9"}`)}
	want = append(want, c.summaries[9])
	c.startWriterLocked()
	c.mu.Unlock()

	client.SetReadDeadline(time.Now().Add(time.Minute)) // a guard, not a timed assertion
	for i, w := range want {
		kind, got, err := client.ReadMessage()
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if kind != websocket.TextMessage || !bytes.Equal(got, w) {
			t.Fatalf("frame %d: got %d bytes (%.20q), want %d (%.20q)", i, len(got), got, len(w), w)
		}
	}
	c.writer.Wait() // the writer ends once the queue is empty
	// Writes are cut at batchLimit (64 KiB): the small frames go together,
	// each frame near or over the limit alone, then the 50 messages and
	// the inbox row together: 5 writes for 59 frames.
	if n := sock.nc.writes.Load(); n != 5 {
		t.Fatalf("%d frames took %d writes, want 5", len(want), n)
	}

	t.Run("a frame queued later is written by a new wake-up", func(t *testing.T) {
		c.mu.Lock()
		c.enqueueLocked([]byte(`{"type":"ack"}`))
		c.mu.Unlock()
		if _, got, err := client.ReadMessage(); err != nil || string(got) != `{"type":"ack"}` {
			t.Fatalf("got %q, %v", got, err)
		}
	})
}

func TestAPostsAckAndEchoLeaveInOneWrite(t *testing.T) {
	svc := New(nil, hub.New(), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	sock, client := socketPair(t)
	c := newConn(svc, sock)
	t.Cleanup(func() { close(c.readerDone); c.close(1000); c.writer.Wait() })

	ack, uncork := c.corkedAck()
	ack(store.Appended{Message: store.Message{ConvID: 3, Seq: 1, CID: "v-1"}})           // after the commit
	c.Deliver(hub.Event{Conv: 3, Seq: 1, Data: []byte(`{"type":"message","conv":"3"}`)}) // the publish
	c.mu.Lock()
	started := c.writing
	c.mu.Unlock()
	if started {
		t.Fatal("a writer started for the ack alone, before the post's publish")
	}
	uncork()
	for _, want := range []string{"ack", "message"} {
		_, got, err := client.ReadMessage()
		if err != nil || !strings.Contains(string(got), `"type":"`+want+`"`) {
			t.Fatalf("got %s, %v; want the %s", got, err, want)
		}
	}
	c.writer.Wait()
	if n := sock.nc.writes.Load(); n != 1 {
		t.Fatalf("the ack and the echo took %d writes", n)
	}

	t.Run("a post refused before its ack holds nothing back", func(t *testing.T) {
		_, uncork := c.corkedAck()
		uncork()
		c.Deliver(hub.Event{Conv: 3, Seq: 2, Data: []byte(`{"type":"message","seq":2}`)})
		if _, got, err := client.ReadMessage(); err != nil || !strings.Contains(string(got), `"seq":2`) {
			t.Fatalf("got %s, %v", got, err)
		}
	})
	t.Run("a close is not held back", func(t *testing.T) {
		ack, _ := c.corkedAck() // never uncorked, as a post stuck in its publish
		ack(store.Appended{Message: store.Message{ConvID: 3, Seq: 3, CID: "v-3"}})
		c.close(wire.CloseGoingAway)
		for {
			_, _, err := client.ReadMessage()
			if err == nil {
				continue
			}
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != wire.CloseGoingAway {
				t.Fatalf("read %v, want close %d", err, wire.CloseGoingAway)
			}
			return
		}
	})
}

func TestACorkNeverHoldsAFillingQueue(t *testing.T) {
	svc := New(nil, hub.New(), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{SendQueue: 8})
	sock, client := socketPair(t)
	c := newConn(svc, sock)
	t.Cleanup(func() { close(c.readerDone); c.close(1000); c.writer.Wait() })
	ack, _ := c.corkedAck() // a post that never gets to uncork
	ack(store.Appended{Message: store.Message{ConvID: 3, Seq: 1, CID: "v-1"}})
	for seq := uint64(2); seq <= 4; seq++ {
		c.Deliver(hub.Event{Conv: 3, Seq: seq, Data: []byte(fmt.Sprintf(`{"type":"message","seq":%d}`, seq))})
	}
	// 4 frames queued of 8: the writer runs despite the cork.
	for i := range 4 {
		if _, _, err := client.ReadMessage(); err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
	}
	select {
	case <-c.done:
		t.Fatal("the connection was closed")
	default:
	}
}
