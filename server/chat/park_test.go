package chat_test

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// waitUntil polls cond until it holds, failing the test after a guard
// (a machine running the race detector beside other builds is slow).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s", what)
		}
	}
}

// An idle shopper's socket is parked: no goroutine reads it, yet it gets
// live messages, its frames are read, and its pongs keep it open without
// holding a goroutine.
func TestIdleVisitorSocketIsParked(t *testing.T) {
	// Short enough to see pings within the test, long enough that a client
	// slowed down by a busy machine still answers in time.
	const pingEvery, pongWait = 160 * time.Millisecond, 2 * time.Second
	srv := testserver.Start(t, testserver.WithChat(chat.Options{PingInterval: pingEvery, PongWait: pongWait}))
	parked := func(n int) func() bool { return func() bool { return srv.Chat().Parked() == n } }
	agent := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	agentWS, _ := srv.AgentSocket(t, agent)

	v, _ := srv.Visitor(t, wire.Frame{})
	waitUntil(t, "the visitor's socket to be parked", parked(1))

	t.Run("a frame wakes it: read, answered, parked again", func(t *testing.T) {
		v.Send(t, send("", "p-1", "Do you ship to Norway?"))
		ack := v.Expect(t, wire.TypeAck)
		if ack.CID != "p-1" || ack.Seq != 1 {
			t.Fatalf("ack %+v", ack)
		}
		v.Expect(t, wire.TypeMessage)
		waitUntil(t, "the socket to be parked again", parked(1))

		t.Run("a live message reaches it while parked", func(t *testing.T) {
			agentWS.Send(t, wire.Frame{Type: wire.TypeSubscribe, Conv: ack.Conv})
			agentWS.Expect(t, wire.TypeSynced)
			agentWS.Send(t, send(ack.Conv, "a-1", "We do, in 3 days."))
			if m := v.Expect(t, wire.TypeMessage); m.Message.Body != "We do, in 3 days." {
				t.Fatalf("visitor got %+v", m.Message)
			}
		})
	})

	t.Run("pings are answered and keep it open, parked", func(t *testing.T) {
		// A raw client, to count the pings and answer each with a pong.
		raw := dialRaw(t, srv)
		raw.hello(t, srv.SiteKey)
		waitUntil(t, "both visitors parked", parked(2))
		// Two pong waits: a socket not heard from would be closed.
		for pings := 0; pings < int(2*pongWait/pingEvery); {
			op, payload := raw.next(t)
			if op == 0x8 {
				t.Fatalf("closed after %d pings: %x", pings, payload)
			}
			if op == 0x9 {
				pings++
				raw.write(t, maskedFrame(0xA, payload))
			}
		}
		waitUntil(t, "both visitors parked after the pongs", parked(2))
		if n := srv.Chat().Connections(); n != 3 {
			t.Fatalf("%d connections, want the agent and two visitors", n)
		}

		t.Run("a client's ping gets its pong", func(t *testing.T) {
			raw.write(t, maskedFrame(0x9, []byte("are you there")))
			for {
				op, payload := raw.next(t)
				if op == 0x9 {
					raw.write(t, maskedFrame(0xA, payload))
					continue
				}
				if op != 0xA || string(payload) != "are you there" {
					t.Fatalf("got opcode %x %q, want the pong", op, payload)
				}
				break
			}
			waitUntil(t, "both visitors parked after the ping", parked(2))
		})
	})
}

// A socket that stays silent (no pong) is closed once the pong wait is
// over, though no read deadline runs while it is parked.
func TestSilentParkedVisitorIsDropped(t *testing.T) {
	srv := testserver.Start(t, testserver.WithChat(chat.Options{PingInterval: 160 * time.Millisecond, PongWait: 500 * time.Millisecond}))
	raw := dialRaw(t, srv)
	raw.hello(t, srv.SiteKey)
	waitUntil(t, "the socket to be parked", func() bool { return srv.Chat().Parked() == 1 })
	pings := 0
	for {
		op, payload := raw.next(t)
		if op == 0x9 {
			pings++ // and never answered
			continue
		}
		if op == 0x8 {
			t.Logf("closed (%x) after %d unanswered pings", payload, pings)
			break
		}
	}
	waitUntil(t, "the connection to be gone", func() bool { return srv.Chat().Connections() == 0 && srv.Chat().Parked() == 0 })
}

// Shutting down tells parked shoppers to come back (1001), like the others.
func TestParkedVisitorsAreToldToReconnectOnShutdown(t *testing.T) {
	srv := testserver.Start(t)
	v1, _ := srv.Visitor(t, wire.Frame{})
	v2, _ := srv.Visitor(t, wire.Frame{})
	waitUntil(t, "both sockets parked", func() bool { return srv.Chat().Parked() == 2 })
	srv.Restart(t)
	for _, v := range []*testserver.Client{v1, v2} {
		if code := v.CloseCode(t); code != wire.CloseGoingAway {
			t.Fatalf("close code %d, want %d", code, wire.CloseGoingAway)
		}
	}
}

// A client that sends its hello in the same packet as the handshake leaves
// bytes in fasthttp's read buffer, which fasthttp releases when the upgrade
// handler returns: that socket must keep its goroutine, and still work.
func TestPipelinedHandshakeIsServedWithoutParking(t *testing.T) {
	srv := testserver.Start(t)
	raw := dialRaw(t, srv)
	hello, _ := json.Marshal(wire.Frame{Type: wire.TypeHello, V: wire.Version, Site: srv.SiteKey})
	raw.upgrade(t, maskedFrame(0x1, hello))
	raw.expect(t, wire.TypeWelcome)

	// Another visitor, plain, parks; then both talk, then HTTP requests on
	// new connections take fasthttp's pooled readers, then both talk again.
	plain, _ := srv.Visitor(t, wire.Frame{})
	for round := range 2 {
		waitUntil(t, "the plain visitor parked", func() bool { return srv.Chat().Parked() == 1 })
		raw.send(t, send("", fmt.Sprint("pipelined-", round), "hello"))
		if ack := raw.expect(t, wire.TypeAck); ack.CID != fmt.Sprint("pipelined-", round) {
			t.Fatalf("ack %+v", ack)
		}
		plain.Send(t, send("", fmt.Sprint("plain-", round), "hello"))
		plain.Expect(t, wire.TypeAck)
		waitUntil(t, "the plain visitor parked", func() bool { return srv.Chat().Parked() == 1 })
		if n := srv.Chat().Parked(); n != 1 {
			t.Fatalf("%d sockets parked; the pipelined one must not be", n)
		}
		for range 5 {
			res, err := http.Get(srv.URL + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
		}
	}
}

// rawClient speaks the WebSocket protocol by hand, to control each byte.
type rawClient struct {
	c net.Conn
	r *bufio.Reader
}

func dialRaw(t *testing.T, srv *testserver.Server) *rawClient {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawClient{c: c, r: bufio.NewReader(c)}
}

// upgrade sends the handshake, followed in the same write by extra.
func (rc *rawClient) upgrade(t *testing.T, extra []byte) {
	t.Helper()
	key := make([]byte, 16)
	rand.Read(key)
	addr := rc.c.RemoteAddr().String()
	req := fmt.Sprintf("GET /ws/visitor HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nOrigin: http://%s\r\n\r\n", addr, base64.StdEncoding.EncodeToString(key), addr)
	rc.write(t, append([]byte(req), extra...))
	rc.c.SetReadDeadline(time.Now().Add(30 * time.Second))
	res, err := http.ReadResponse(rc.r, nil)
	if err != nil || res.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade: %v %v", res, err)
	}
}

func (rc *rawClient) hello(t *testing.T, site string) {
	t.Helper()
	rc.upgrade(t, nil)
	data, _ := json.Marshal(wire.Frame{Type: wire.TypeHello, V: wire.Version, Site: site})
	rc.write(t, maskedFrame(0x1, data))
	rc.expect(t, wire.TypeWelcome)
}

func (rc *rawClient) write(t *testing.T, b []byte) {
	t.Helper()
	if _, err := rc.c.Write(b); err != nil {
		t.Fatal(err)
	}
}

func (rc *rawClient) send(t *testing.T, f wire.Frame) {
	t.Helper()
	data, _ := json.Marshal(f)
	rc.write(t, maskedFrame(0x1, data))
}

// next reads the next frame from the server (30 s guard).
func (rc *rawClient) next(t *testing.T) (op byte, payload []byte) {
	t.Helper()
	rc.c.SetReadDeadline(time.Now().Add(30 * time.Second))
	op, payload, err := readServerFrame(rc.r)
	if err != nil {
		t.Fatalf("reading a frame: %v", err)
	}
	return op, payload
}

// expect skips to the next text frame of type typ (answering pings).
func (rc *rawClient) expect(t *testing.T, typ string) wire.Frame {
	t.Helper()
	for {
		op, payload := rc.next(t)
		switch op {
		case 0x9:
			rc.write(t, maskedFrame(0xA, payload))
		case 0x8:
			t.Fatalf("closed while waiting for %s: %x", typ, payload)
		case 0x1:
			var f wire.Frame
			if err := json.Unmarshal(payload, &f); err != nil {
				t.Fatal(err)
			}
			if f.Type == typ {
				return f
			}
			if f.Type == wire.TypeError {
				t.Fatalf("waiting for %s, got %+v", typ, f.Error)
			}
		}
	}
}

// maskedFrame frames payload as a client's frame of opcode op.
func maskedFrame(op byte, payload []byte) []byte {
	if op == 0x1 {
		return maskedText(payload)
	}
	frame := []byte{0x80 | op, 0x80 | byte(len(payload)), 9, 8, 7, 6}
	for i, b := range payload {
		frame = append(frame, b^[]byte{9, 8, 7, 6}[i%4])
	}
	return frame
}
