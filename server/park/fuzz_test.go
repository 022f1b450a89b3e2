package park

import (
	"bytes"
	"io"
	"net"
	"testing"
)

// streamConn is a net.Conn whose reads come from r, in pieces of at most
// chunk bytes (how the bytes arrive must not matter).
type streamConn struct {
	net.Conn
	r     io.Reader
	chunk int
}

func (s *streamConn) Read(p []byte) (int, error) { return s.r.Read(p[:min(len(p), s.chunk)]) }

// FuzzGate feeds the frame gate bytes from a client: whatever they are, it
// must not panic, must hand up every byte it does not take, in order and
// unchanged, and must take only whole pings and pongs.
func FuzzGate(f *testing.F) {
	f.Add(byte(7), append(append(frame(OpPong, "ab"), frame(0x1, "hello")...), frame(OpPing, "p")...))
	f.Add(byte(1), frame(0x1, string(bytes.Repeat([]byte("x"), 300))))
	f.Add(byte(200), append(frame(0x8, "\x03\xe8"), 0x8A, 0x00))
	f.Add(byte(3), []byte{0x8A, 0xFF, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Add(byte(2), []byte{0x81, 0xFE, 0xFF})
	f.Fuzz(func(t *testing.T, chunk byte, in []byte) {
		taken := 0
		c := &Conn{Conn: &streamConn{r: bytes.NewReader(in), chunk: int(chunk%64) + 1}, framed: true}
		c.control = func(op byte, payload []byte) {
			if op != OpPing && op != OpPong || len(payload) > 125 {
				t.Fatalf("took opcode %x with %d bytes", op, len(payload))
			}
			taken += 6 + len(payload) // a taken frame is masked, with a short length
		}
		var up []byte
		p := make([]byte, 97)
		for {
			n, err := c.Read(p)
			up = append(up, p[:n]...)
			if err != nil {
				break
			}
			if n == 0 {
				t.Fatal("Read returned nothing and no error")
			}
		}
		if len(up)+taken != len(in) {
			t.Fatalf("handed up %d and took %d of %d bytes", len(up), taken, len(in))
		}
		// What went up is the input with the taken frames cut out, in order.
		i := 0
		for _, b := range in {
			if i < len(up) && up[i] == b {
				i++
			}
		}
		if i != len(up) {
			t.Fatal("handed-up bytes are not the input's, in order")
		}
	})
}
