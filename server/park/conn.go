// Package park lets an idle WebSocket cost no goroutine. A socket's reader
// goroutine can return ("park" the socket) once nothing is buffered for it;
// a Poller (an epoll set of our own) says when the socket has something to
// read again, and a new goroutine reads it.
//
// Two things stand in the way with gofiber/contrib/websocket and
// fasthttp/websocket, and Conn removes both:
//
//   - ReadMessage answers pings and pongs inside and then waits for the
//     next data frame: a pong (every idle socket gets one per ping interval)
//     would hold the goroutine until the shopper types. Conn takes pings and
//     pongs out of the byte stream itself, so the library sees only data and
//     close frames.
//   - The library reads ahead into its own buffer, where the poller cannot
//     see it. Conn never hands it more than the rest of the current frame,
//     so once ReadMessage returns the library holds no byte.
//
// Conn only limits and filters what it hands up; it never changes a byte of
// a data frame, and any frame it does not understand goes up whole for the
// library to judge.
package park

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"syscall"
)

// Listen wraps ln so that the TCP connections it accepts are *Conn.
// Anything else (a TLS listener's connections) is passed through.
func Listen(ln net.Listener) net.Listener { return listener{ln} }

type listener struct{ net.Listener }

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return c, nil
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return c, nil
	}
	return &Conn{Conn: tc, raw: raw}, nil
}

// ErrClosed is returned by Park on a closed connection.
var ErrClosed = errors.New("park: connection closed")

// Conn is an accepted TCP connection. Until Frames is called it is a plain
// net.Conn (HTTP); after, reads go through the frame gate described in the
// package comment. Reads must come from one goroutine at a time.
type Conn struct {
	net.Conn
	raw syscall.RawConn

	// Set by Frames; only the reading goroutine uses the fields below.
	framed  bool
	control func(op byte, payload []byte)
	arr     *[bufSize]byte // pooled; nil when nothing is buffered
	r, w    int            // arr[r:w] is read and not handed up
	left    int64          // bytes of the frame being handed up not yet handed
	err     error          // the socket's read error, returned once arr is drained

	mu         sync.Mutex // guards the parking state
	poller     *Poller
	token      uint64
	registered bool // in the poller's epoll set
	armed      bool // waiting for readiness; ready will be called once
	closed     bool
	ready      func()
}

// bufSize holds any frame header (14 bytes) and any control frame (131).
const bufSize = 256

var bufs = sync.Pool{New: func() any { return new([bufSize]byte) }}

// Control frame opcodes (RFC 6455).
const (
	OpPing = 0x9
	OpPong = 0xA
)

// Frames starts the frame gate: from now on the bytes read are WebSocket
// frames from a client. control is called for each ping and pong taken out
// of the stream, with its unmasked payload (valid only during the call),
// from the reading goroutine.
func (c *Conn) Frames(control func(op byte, payload []byte)) {
	c.framed = true
	c.control = control
}

// Read hands up bytes of at most one frame, never beyond its end; pings and
// pongs are taken and given to the control function instead.
func (c *Conn) Read(p []byte) (int, error) {
	if !c.framed {
		return c.Conn.Read(p)
	}
	if len(p) == 0 {
		return 0, nil
	}
	for c.left == 0 {
		total, take, ok := c.head()
		if ok && !take {
			c.left = total
			break
		}
		if ok && int64(c.w-c.r) >= total {
			c.takeControl(total)
			continue
		}
		// The header, or a ping or pong, is not all here yet.
		if c.err != nil {
			if c.r == c.w {
				return 0, c.err
			}
			c.left = int64(c.w - c.r) // hand up the rest; the library sees the stream end
			break
		}
		c.fill()
	}
	if c.r < c.w {
		n := copy(p[:min(int64(len(p)), c.left)], c.arr[c.r:c.w])
		c.r += n
		c.left -= int64(n)
		c.releaseIfEmpty()
		return n, nil
	}
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.Conn.Read(p[:min(int64(len(p)), c.left)])
	c.left -= int64(n)
	return n, err
}

// Pending reads what the socket has without waiting, takes the pings and
// pongs, and reports whether the WebSocket reader has something to read: a
// frame (perhaps not all there yet), the rest of one, or the end of the
// stream. False means the socket can be parked: the library holds nothing,
// and what is buffered here (at most the start of a header, a ping or a
// pong) is completed by bytes the poller will see arrive.
func (c *Conn) Pending() bool {
	if !c.framed || c.left > 0 || c.err != nil {
		return true
	}
	for {
		total, take, ok := c.head()
		if ok && !take {
			return true
		}
		if ok && int64(c.w-c.r) >= total {
			c.takeControl(total)
			continue
		}
		n := c.fillNow()
		if c.err != nil {
			return true
		}
		if n == 0 {
			c.releaseIfEmpty()
			return false
		}
	}
}

// head parses the frame header at the start of the buffer: the frame's
// whole length, and whether it is a ping or pong the gate takes itself. ok
// is false while the header is not all buffered.
func (c *Conn) head() (total int64, take, ok bool) {
	if c.arr == nil {
		return 0, false, false
	}
	b := c.arr[c.r:c.w]
	if len(b) < 2 {
		return 0, false, false
	}
	n, hl := int64(b[1]&0x7f), 2
	switch n {
	case 126:
		if hl = 4; len(b) < hl {
			return 0, false, false
		}
		n = int64(binary.BigEndian.Uint16(b[2:4]))
	case 127:
		if hl = 10; len(b) < hl {
			return 0, false, false
		}
		n = int64(min(binary.BigEndian.Uint64(b[2:10]), 1<<62))
	}
	masked := b[1]&0x80 != 0
	if masked {
		hl += 4
	}
	if len(b) < hl {
		return 0, false, false
	}
	// Only well-formed client pings and pongs are taken: final, no reserved
	// bits, masked, at most 125 bytes. Anything else goes up to the library.
	take = (b[0] == 0x80|OpPing || b[0] == 0x80|OpPong) && masked && n <= 125
	return int64(hl) + n, take, true
}

// takeControl removes the ping or pong of total bytes at the start of the
// buffer and gives it to the control function.
func (c *Conn) takeControl(total int64) {
	b := c.arr[c.r : c.r+int(total)]
	op := b[0] & 0x0f
	payload := b[6:]
	mask := b[2:6]
	for i := range payload {
		payload[i] ^= mask[i%4]
	}
	c.r += int(total)
	if c.control != nil {
		c.control(op, payload)
	}
	c.releaseIfEmpty()
}

// fill reads from the socket into the buffer, waiting as a read does.
func (c *Conn) fill() {
	c.compact()
	n, err := c.Conn.Read(c.arr[c.w:])
	c.w += n
	if err != nil {
		c.err = err
	}
}

// fillNow reads what the socket already has, without waiting; 0 when it
// has nothing (the end of the stream and errors are kept in err).
func (c *Conn) fillNow() int {
	c.compact()
	var n int
	var rerr error
	err := c.raw.Read(func(fd uintptr) bool {
		n, rerr = readNow(fd, c.arr[c.w:])
		return true
	})
	switch {
	case err != nil:
		c.err = err
		return 0
	case rerr == errWouldBlock:
		return 0
	case rerr != nil:
		c.err = rerr
		return 0
	case n == 0:
		c.err = io.EOF
		return 0
	}
	c.w += n
	return n
}

// compact makes room at the end of the buffer, taking one from the pool.
func (c *Conn) compact() {
	if c.arr == nil {
		c.arr = bufs.Get().(*[bufSize]byte)
		c.r, c.w = 0, 0
		return
	}
	if c.r > 0 {
		c.w = copy(c.arr[:], c.arr[c.r:c.w])
		c.r = 0
	}
}

// releaseIfEmpty gives the buffer back to the pool once it is drained: a
// parked socket keeps none.
func (c *Conn) releaseIfEmpty() {
	if c.arr != nil && c.r == c.w {
		bufs.Put(c.arr)
		c.arr, c.r, c.w = nil, 0, 0
	}
}

// Park asks p to call ready once the socket has something to read, has
// been closed by the peer, or has failed; ready runs once (on the poller's
// goroutine: it must only start the reading). Call Pending first: what is
// already buffered does not wake the poller. Park fails when the
// connection is closed (read it to see the end) or p is closed.
func (c *Conn) Park(p *Poller, ready func()) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if c.poller != nil && c.poller != p {
		return errors.New("park: parked with another poller")
	}
	c.ready, c.armed = ready, true
	if err := p.arm(c); err != nil {
		c.ready, c.armed = nil, false
		return err
	}
	p.parked.Add(1)
	return nil
}

// fire is the poller's: the socket is readable.
func (c *Conn) fire() {
	c.mu.Lock()
	if !c.armed {
		c.mu.Unlock()
		return
	}
	ready := c.ready
	c.ready, c.armed = nil, false
	c.poller.parked.Add(-1)
	c.mu.Unlock()
	ready()
}

// Shut removes the socket from its poller and closes it. wasParked says it
// was parked: its ready will not be called, and whoever shut it must read
// it (the read fails at once) to end it. Shut is safe to call more than
// once and from any goroutine.
func (c *Conn) Shut() (wasParked bool) {
	c.mu.Lock()
	wasParked = c.armed
	if wasParked {
		c.poller.parked.Add(-1)
	}
	c.ready, c.armed = nil, false
	first := !c.closed
	c.closed = true
	if c.registered {
		c.poller.remove(c)
	}
	c.mu.Unlock()
	if first {
		c.Conn.Close()
	}
	return wasParked
}

// Close is Shut (fasthttp's hijacked connection closes through it).
func (c *Conn) Close() error {
	c.Shut()
	return nil
}
