package chat

import (
	"encoding/binary"
	"net"
	"sync"

	"github.com/comptoir/comptoir/server/store"
)

// Writing a wake-up's frames with one syscall.
//
// Under load an agent's writer wakes up to find dozens of frames queued
// (inbox rows, messages, acks). The WebSocket library writes each message
// with its own write(2), and on the server's profile those syscalls were
// the largest cost (36 % of the CPU with 10,000 shoppers and 2,000
// messages a second). The library has no way to write several messages at
// once, so the writer frames them itself (RFC 6455 §5.2: a server's frames
// are not masked, so a frame is a 2- to 10-byte header and the payload)
// into one buffer and writes it to the TCP connection in one call.
//
// Nothing changes on the wire: each frame is still its own WebSocket
// message, so every client (an old cached widget included) reads them as
// before. Control frames (ping, close) still go through the library,
// which writes each in one call of its own; a whole frame per write keeps
// them from interleaving with ours (net.Conn serializes writes).

// batchLimit is how many bytes one write carries at most: a long replay
// is written in several, so a batch buffer stays small.
const batchLimit = 64 << 10

// batchBuffers are the writers' buffers, taken only while writing: an idle
// connection holds none.
var batchBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// appendTextFrame appends data as one final, unmasked text frame.
func appendTextFrame(buf, data []byte) []byte {
	const finText = 0x80 | 0x1
	n := len(data)
	switch {
	case n < 126:
		buf = append(buf, finText, byte(n))
	case n <= 0xFFFF:
		buf = append(buf, finText, 126)
		buf = binary.BigEndian.AppendUint16(buf, uint16(n))
	default:
		buf = append(buf, finText, 127)
		buf = binary.BigEndian.AppendUint64(buf, uint64(n))
	}
	return append(buf, data...)
}

// writeBatch writes every frame of each group, in order, as text
// messages, with as few writes to nc as batchLimit allows (one for a
// usual wake-up); false when the socket failed.
func (c *conn) writeBatch(nc net.Conn, groups ...[][]byte) bool {
	bp := batchBuffers.Get().(*[]byte)
	buf := (*bp)[:0]
	ok := true
	flush := func() {
		if len(buf) == 0 || !ok {
			return
		}
		nc.SetWriteDeadline(c.writeDeadline())
		_, err := nc.Write(buf)
		ok = err == nil
		buf = buf[:0]
	}
	for _, frames := range groups {
		for _, data := range frames {
			if len(buf) > 0 && len(buf)+len(data)+10 > batchLimit {
				flush()
			}
			buf = appendTextFrame(buf, data)
		}
	}
	flush()
	if cap(buf) <= batchLimit+4096 {
		*bp = buf[:0]
		batchBuffers.Put(bp)
	}
	return ok
}

// corkedAck is an Acker for a post by this connection's client that holds
// the writer back from the ack until uncork: the ack, the message's own
// frame (the sender is among its subscribers) and its inbox row then
// leave in one write, instead of a writer waking up for the ack alone.
// The writer waits only while the committed message is published (the
// post calls the Acker after its commit); uncork does nothing when the
// post failed before acking. Only for a client that posts one message at
// a time (a shopper's socket): an agent's posts run side by side, and
// their corks, overlapping, held its writer back until its queue filled
// (the bench's agents were closed with 4000). Whatever holds a cork, a
// queue half full starts the writer.
func (c *conn) corkedAck() (ack Acker, uncork func()) {
	corked := false
	ack = func(a store.Appended) {
		c.cork()
		corked = true
		c.ack(a)
	}
	return ack, func() {
		if corked {
			c.uncork()
		}
	}
}

func (c *conn) cork() {
	c.mu.Lock()
	c.corks++
	c.mu.Unlock()
}

// uncork lets the writing held back by cork go. The first round is
// written here, by the reader that posted, which is on a CPU now: a
// writer goroutine started instead waited behind every runnable goroutine
// (in the load bench, 0.05 ms at the median and 92 ms at p99 between its
// start and its first instruction). A socket whose buffer is full blocks
// this reader only, and only this connection's next frame waits for it.
// What comes meanwhile goes to a writer goroutine.
func (c *conn) uncork() {
	c.mu.Lock()
	if c.corks--; c.corks > 0 || !c.corkedWrite {
		c.mu.Unlock()
		return
	}
	c.corkedWrite = false
	if c.writing || c.ended || c.closing != 0 {
		c.startWriterLocked()
		c.mu.Unlock()
		return
	}
	c.writing = true
	c.writer.Add(1)
	c.mu.Unlock()
	if c.writeRound(true) && c.moreToWrite() {
		go c.writeQueued() // it takes over writing and the writer count
		return
	}
	c.writer.Done()
}

// moreToWrite says whether a writer has something to do (what writeRound
// takes); if not, writing stops here.
func (c *conn) moreToWrite() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) > 0 || (!c.holding && len(c.summaries) > 0) || c.pingDue || c.closing != 0 {
		return true
	}
	c.writing = false
	return false
}
