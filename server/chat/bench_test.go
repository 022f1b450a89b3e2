package chat_test

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// BenchmarkIdleVisitorMemory says where an idle visitor connection's memory
// goes on the server: it opens b.N visitor sockets to a real in-process
// server (each says hello and reads its welcome, then stays silent) and
// reports, per connection, the live heap, the goroutine stacks and the
// goroutines, after a GC. The clients are raw TCP sockets with no goroutine
// and no buffers, so the figures are the server's. For the allocation
// sites, a heap profile taken while the connections are open:
//
//	go test -run '^$' -bench IdleVisitorMemory -benchtime 5000x ./server/chat -idleheap /tmp/idle.heap
//	go tool pprof -sample_index=inuse_space -top /tmp/idle.heap
//
// The load benchmark (go run ./bench) measures the same thing as RSS of a
// separate server process; this one splits it by kind.
func BenchmarkIdleVisitorMemory(b *testing.B) {
	srv := testserver.Start(b, testserver.WithProxies("127.0.0.1"))
	addr := strings.TrimPrefix(srv.URL, "http://")
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	// One connection first, so that lazily built state (limiters, pools) is
	// not charged to the measured ones.
	c, err := idleVisitor(addr, srv.URL, srv.SiteKey, 0)
	if err != nil {
		b.Fatal(err)
	}
	conns = append(conns, c)

	srv.FlushSearch(b) // the index built at start settles before measuring
	before := memNow()
	b.ResetTimer()
	for i := range b.N {
		c, err := idleVisitor(addr, srv.URL, srv.SiteKey, i+1)
		if err != nil {
			b.Fatal(err)
		}
		conns = append(conns, c)
	}
	b.StopTimer()
	time.Sleep(200 * time.Millisecond) // the handlers reach their read loop
	after := memNow()
	if *idleHeap != "" {
		f, err := os.Create(*idleHeap)
		if err != nil {
			b.Fatal(err)
		}
		pprof.WriteHeapProfile(f)
		f.Close()
	}
	n := float64(b.N)
	heap, stack := float64(after.heap)-float64(before.heap), float64(after.stack)-float64(before.stack)
	b.ReportMetric(heap/n, "heap-B/conn")
	b.ReportMetric(stack/n, "stack-B/conn")
	b.ReportMetric(float64(after.goroutines-before.goroutines)/n, "goroutines/conn")
	b.ReportMetric((heap+stack)/n, "live-B/conn")
}

var idleHeap = flag.String("idleheap", "", "BenchmarkIdleVisitorMemory writes a heap profile there while its connections are open")

type memStats struct {
	heap, stack uint64
	goroutines  int
}

func memNow() memStats {
	for range 6 {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return memStats{heap: m.HeapAlloc, stack: m.StackInuse, goroutines: runtime.NumGoroutine()}
}

// idleVisitor opens a visitor WebSocket by hand (handshake, one masked hello
// frame, the welcome read) and returns the bare TCP connection.
func idleVisitor(addr, origin, site string, i int) (net.Conn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	key := make([]byte, 16)
	rand.Read(key)
	fmt.Fprintf(c, "GET /ws/visitor HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nOrigin: %s\r\nX-Forwarded-For: 10.%d.%d.%d\r\n\r\n",
		addr, base64.StdEncoding.EncodeToString(key), origin, i>>16&255, i>>8&255, i&255)
	r := bufio.NewReader(c)
	res, err := http.ReadResponse(r, nil)
	if err != nil {
		c.Close()
		return nil, err
	}
	if res.StatusCode != http.StatusSwitchingProtocols {
		c.Close()
		return nil, fmt.Errorf("upgrade: HTTP %d", res.StatusCode)
	}
	hello, _ := json.Marshal(wire.Frame{Type: wire.TypeHello, V: wire.Version, Site: site})
	if _, err := c.Write(maskedText(hello)); err != nil {
		c.Close()
		return nil, err
	}
	// The welcome: an unmasked text frame from the server (a ping may come
	// first: the pinger counts the socket from its upgrade).
	for {
		op, payload, err := readServerFrame(r)
		if err != nil {
			c.Close()
			return nil, err
		}
		if op != 0x1 {
			continue
		}
		if !strings.Contains(string(payload), `"welcome"`) {
			c.Close()
			return nil, fmt.Errorf("no welcome: %.80s", payload)
		}
		break
	}
	c.SetDeadline(time.Time{})
	return c, nil
}

// readServerFrame reads one unmasked frame: its opcode and payload.
func readServerFrame(r io.Reader) (op byte, payload []byte, err error) {
	var head [2]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	n := int64(head[1] & 0x7f)
	switch n {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return 0, nil, err
		}
		n = int64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return 0, nil, err
		}
		n = int64(binary.BigEndian.Uint64(ext[:]))
	}
	payload = make([]byte, n)
	_, err = io.ReadFull(r, payload)
	return head[0] & 0x0f, payload, err
}

// maskedText frames data as a client's text message (clients must mask).
func maskedText(data []byte) []byte {
	frame := []byte{0x81}
	switch {
	case len(data) < 126:
		frame = append(frame, 0x80|byte(len(data)))
	default:
		frame = append(frame, 0x80|126, byte(len(data)>>8), byte(len(data)))
	}
	mask := make([]byte, 4)
	rand.Read(mask)
	frame = append(frame, mask...)
	for i, b := range data {
		frame = append(frame, b^mask[i%4])
	}
	return frame
}
