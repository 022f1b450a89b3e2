package park

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// pair returns both ends of a loopback TCP connection: the server's
// accepted through Listen, in frame mode, and the client's.
func pair(t *testing.T) (srv *Conn, client net.Conn, controls chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	pl := Listen(ln)
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := pl.Accept()
		accepted <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	srv, ok := (<-accepted).(*Conn)
	if !ok {
		t.Fatal("Listen did not give a *park.Conn for a TCP connection")
	}
	t.Cleanup(func() { srv.Shut() })
	controls = make(chan string, 16)
	srv.Frames(func(op byte, payload []byte) {
		kind := "ping"
		if op == OpPong {
			kind = "pong"
		}
		controls <- kind + ":" + string(payload)
	})
	return srv, client, controls
}

// frame is a client frame (masked) with opcode op.
func frame(op byte, payload string) []byte {
	b := []byte{0x80 | op}
	switch n := len(payload); {
	case n < 126:
		b = append(b, 0x80|byte(n))
	default:
		b = append(b, 0x80|126, byte(n>>8), byte(n))
	}
	mask := []byte{1, 2, 3, 4}
	b = append(b, mask...)
	for i := range len(payload) {
		b = append(b, payload[i]^mask[i%4])
	}
	return b
}

func TestGateHandsUpDataFramesWholeAndTakesPingsAndPongs(t *testing.T) {
	srv, client, controls := pair(t)
	long := string(bytes.Repeat([]byte("x"), 600)) // longer than the gate's buffer
	text1, text2, text3 := frame(0x1, "hello"), frame(0x1, long), frame(0x1, "bye")
	var in []byte
	in = append(in, frame(OpPong, "ab")...)
	in = append(in, text1...)
	in = append(in, frame(OpPing, "p")...)
	in = append(in, text2...)
	in = append(in, frame(OpPong, "")...)
	in = append(in, text3...)
	if _, err := client.Write(in); err != nil {
		t.Fatal(err)
	}

	// Each Read stops at the end of a frame, so a reader that asks for
	// more than a frame never holds the start of the next one.
	for _, want := range [][]byte{text1, text2, text3} {
		var got []byte
		for len(got) < len(want) {
			p := make([]byte, 4096)
			n, err := srv.Read(p)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, p[:n]...)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("handed up %d bytes %q…, want the frame of %d bytes", len(got), got[:min(len(got), 20)], len(want))
		}
	}
	for _, want := range []string{"pong:ab", "ping:p", "pong:"} {
		if got := <-controls; got != want {
			t.Fatalf("control %q, want %q", got, want)
		}
	}
	if srv.Pending() {
		t.Fatal("nothing is left, yet Pending says there is")
	}
}

func TestPendingTellsWhenTheSocketCanBeParked(t *testing.T) {
	srv, client, controls := pair(t)
	// waitPending polls Pending until it says want: bytes written by the
	// client take a moment to arrive.
	waitPending := func(want bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); srv.Pending() != want; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("Pending stayed %v", !want)
			}
		}
	}

	t.Run("a lone pong is taken: nothing for the library", func(t *testing.T) {
		client.Write(frame(OpPong, "z"))
		var got string
		for deadline := time.Now().Add(5 * time.Second); got == ""; {
			if srv.Pending() {
				t.Fatal("a pong alone must leave the socket parkable")
			}
			select {
			case got = <-controls:
			default:
				if time.Now().After(deadline) {
					t.Fatal("the pong never came")
				}
				time.Sleep(time.Millisecond)
			}
		}
		if got != "pong:z" {
			t.Fatalf("control %q", got)
		}
		if srv.arr != nil {
			t.Fatal("a parkable socket keeps no buffer")
		}
	})
	t.Run("the start of a frame waits for its rest", func(t *testing.T) {
		f := frame(0x1, "partial")
		client.Write(f[:1])
		for deadline := time.Now().Add(5 * time.Second); srv.arr == nil || srv.w-srv.r != 1; time.Sleep(time.Millisecond) {
			if srv.Pending() {
				t.Fatal("one byte of a header is not a frame")
			}
			if time.Now().After(deadline) {
				t.Fatal("the byte never came")
			}
		}
		client.Write(f[1:])
		waitPending(true)
		got := make([]byte, 64)
		n, err := srv.Read(got)
		if err != nil || !bytes.Equal(got[:n], f) {
			t.Fatalf("read %q, %v", got[:n], err)
		}
		if srv.Pending() {
			t.Fatal("the frame was read")
		}
	})
	t.Run("the end of the stream is for the library to see", func(t *testing.T) {
		client.Close()
		waitPending(true)
		if _, err := srv.Read(make([]byte, 8)); err != io.EOF {
			t.Fatalf("read after the peer closed: %v", err)
		}
	})
}

func TestGatePassesOtherControlFramesUp(t *testing.T) {
	srv, client, _ := pair(t)
	// A close frame and an unmasked pong (a protocol error) are the
	// library's to handle.
	closeFrame := frame(0x8, "\x03\xe8")
	unmasked := []byte{0x8A, 0x00}
	client.Write(append(closeFrame, unmasked...))
	for _, want := range [][]byte{closeFrame, unmasked} {
		var got []byte
		for len(got) < len(want) {
			p := make([]byte, 64)
			n, err := srv.Read(p)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, p[:n]...)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("handed up %x, want %x", got, want)
		}
	}
}

func TestPollerWakesAParkedSocketOnce(t *testing.T) {
	p, err := NewPoller()
	if !Supported {
		if err == nil {
			t.Fatal("NewPoller must fail where parking is not supported")
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	srv, client, _ := pair(t)

	woken := make(chan struct{}, 4)
	if err := srv.Park(p, func() { woken <- struct{}{} }); err != nil {
		t.Fatal(err)
	}
	if p.Parked() != 1 {
		t.Fatalf("%d parked", p.Parked())
	}
	client.Write(frame(0x1, "hi"))
	select {
	case <-woken:
	case <-time.After(10 * time.Second):
		t.Fatal("a parked socket that got a frame was not woken")
	}
	if p.Parked() != 0 {
		t.Fatalf("%d parked after the wake", p.Parked())
	}
	if !srv.Pending() {
		t.Fatal("the frame that woke the socket is not pending")
	}
	srv.Read(make([]byte, 64))

	t.Run("shutting a parked socket says it was parked, and it is never woken", func(t *testing.T) {
		if err := srv.Park(p, func() { woken <- struct{}{} }); err != nil {
			t.Fatal(err)
		}
		if !srv.Shut() {
			t.Fatal("Shut did not report the socket parked")
		}
		if srv.Shut() {
			t.Fatal("a second Shut reported it parked again")
		}
		client.Write(frame(0x1, "late"))
		if err := srv.Park(p, func() {}); err != ErrClosed {
			t.Fatalf("Park after Shut: %v", err)
		}
		if p.Parked() != 0 || len(p.conns) != 0 {
			t.Fatalf("the poller still holds %d (%d parked)", len(p.conns), p.Parked())
		}
		select {
		case <-woken:
			t.Fatal("a shut socket was woken")
		default:
		}
	})
}
