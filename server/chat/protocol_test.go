package chat_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
	"github.com/fasthttp/websocket"
)

func send(conv, cid, body string) wire.Frame {
	return wire.Frame{Type: wire.TypeSend, Conv: conv, CID: cid, Body: body}
}

func TestVisitorToAgentAndBack(t *testing.T) {
	srv := testserver.Start(t)
	agent := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	agentWS, welcome := srv.AgentSocket(t, agent)
	if welcome.Agent == nil || welcome.Agent.Email != testserver.AdminEmail {
		t.Fatalf("agent welcome: %+v", welcome)
	}

	product := &wire.Product{Name: "Linen Tote Bag", Price: "39.00", Currency: "EUR", SKU: "TOTE-1"}
	visitor, vw := srv.Visitor(t, wire.Frame{Page: &wire.PageContext{URL: "https://shop.test/tote", Title: "Tote", Product: product}})
	if vw.Token == "" || vw.Visitor == nil || vw.Settings == nil || vw.Settings.Name == "" {
		t.Fatalf("a new visitor gets a token, an id and the site settings: %+v", vw)
	}

	visitor.Send(t, send("", "v-1", "Is the tote waterproof?"))
	ack := visitor.Expect(t, wire.TypeAck)
	if ack.CID != "v-1" || ack.Seq != 1 || ack.Conv == "" {
		t.Fatalf("ack: %+v", ack)
	}
	echo := visitor.Expect(t, wire.TypeMessage)
	if echo.Message.Seq != 1 || echo.Message.Author.Kind != wire.AuthorVisitor {
		t.Fatalf("the visitor's other tabs get the message: %+v", echo.Message)
	}

	t.Run("the agent's inbox learns of the new conversation with its product", func(t *testing.T) {
		f := agentWS.Expect(t, wire.TypeConversation)
		c := f.Conversations[0]
		if c.ID != ack.Conv || c.Unread != 1 || c.Product == nil || c.Product.Name != "Linen Tote Bag" || c.Preview != "Is the tote waterproof?" {
			t.Fatalf("inbox row: %+v", c)
		}
	})
	t.Run("subscribing replays the conversation with pages seen", func(t *testing.T) {
		agentWS.Send(t, wire.Frame{Type: wire.TypeSubscribe, Conv: ack.Conv})
		detail := agentWS.Expect(t, wire.TypeConversation)
		if len(detail.Conversations[0].Pages) != 1 || detail.Conversations[0].Pages[0].URL != "https://shop.test/tote" {
			t.Fatalf("pages: %+v", detail.Conversations[0].Pages)
		}
		m := agentWS.Expect(t, wire.TypeMessage)
		if m.Message.Body != "Is the tote waterproof?" {
			t.Fatalf("replayed %+v", m.Message)
		}
		if s := agentWS.Expect(t, wire.TypeSynced); s.Seq != 1 {
			t.Fatalf("synced at %d", s.Seq)
		}
	})
	t.Run("the agent's reply reaches the visitor after the agent's ack", func(t *testing.T) {
		agentWS.Send(t, send(ack.Conv, "a-1", "Yes, it is coated."))
		frames := agentWS.Until(t, wire.TypeMessage)
		if frames[0].Type != wire.TypeAck || frames[0].Seq != 2 {
			t.Fatalf("agent got %+v before its message", frames)
		}
		got := visitor.Expect(t, wire.TypeMessage)
		if got.Message.Seq != 2 || got.Message.Author.Kind != wire.AuthorAgent || got.Message.Author.Name != "Admin" {
			t.Fatalf("visitor got %+v", got.Message)
		}
	})
}

func TestResendWithSameCIDIsStoredOnce(t *testing.T) {
	srv := testserver.Start(t)
	v, _ := srv.Visitor(t, wire.Frame{})
	v.Send(t, send("", "same", "hello"))
	first := v.Expect(t, wire.TypeAck)
	v.Send(t, send("", "same", "hello"))
	second := v.Expect(t, wire.TypeAck)
	if first.Seq != second.Seq || first.Conv != second.Conv {
		t.Fatalf("first %+v, resend %+v", first, second)
	}
	msgs, _ := srv.DB().Messages(chat.ParseID(first.Conv), 0, 0)
	if len(msgs) != 1 {
		t.Fatalf("%d messages stored", len(msgs))
	}
}

func TestResumeAfterDropReplaysExactlyTheMissedMessages(t *testing.T) {
	srv := testserver.Start(t)
	agent := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	v, welcome := srv.Visitor(t, wire.Frame{})
	v.Send(t, send("", "c0", "first"))
	ack := v.Expect(t, wire.TypeAck)
	v.Expect(t, wire.TypeMessage)

	// The shopper's connection drops; the agent writes five messages meanwhile.
	v.Conn.Close()
	a, _ := srv.AgentSocket(t, agent)
	for i := range 5 {
		a.Send(t, send(ack.Conv, fmt.Sprint("a", i), fmt.Sprint("reply ", i)))
		a.Expect(t, wire.TypeAck)
	}

	v2, w2 := srv.Visitor(t, wire.Frame{Token: welcome.Token, Resume: map[string]uint64{ack.Conv: 1}})
	if w2.Token != "" {
		t.Fatal("a known token must not be replaced")
	}
	frames := v2.Until(t, wire.TypeSynced)
	var seqs []uint64
	for _, f := range frames {
		if f.Type == wire.TypeMessage {
			seqs = append(seqs, f.Message.Seq)
		}
	}
	if fmt.Sprint(seqs) != "[2 3 4 5 6]" {
		t.Fatalf("replayed seqs %v, want [2 3 4 5 6]", seqs)
	}
	// Live again: the next message arrives once.
	a.Send(t, send(ack.Conv, "a-live", "live"))
	if m := v2.Expect(t, wire.TypeMessage); m.Message.Seq != 7 {
		t.Fatalf("live message seq %d", m.Message.Seq)
	}
}

func TestNothingAcknowledgedIsLostAcrossARestart(t *testing.T) {
	srv := testserver.Start(t)
	v, welcome := srv.Visitor(t, wire.Frame{})
	var conv string
	for i := range 20 {
		v.Send(t, send(conv, fmt.Sprint("m", i), fmt.Sprint("message ", i)))
		conv = v.Expect(t, wire.TypeAck).Conv
	}
	srv.Restart(t)
	if code := v.CloseCode(t); code != wire.CloseGoingAway {
		t.Fatalf("clients are told to reconnect with 1001, got %d", code)
	}
	v2, w := srv.Visitor(t, wire.Frame{Token: welcome.Token})
	if len(w.Conversations) != 1 || w.Conversations[0].LastSeq != 20 {
		t.Fatalf("after restart: %+v", w.Conversations)
	}
	n := 0
	for _, f := range v2.Until(t, wire.TypeSynced) {
		if f.Type == wire.TypeMessage {
			n++
		}
	}
	if n != 20 {
		t.Fatalf("replayed %d of 20 acknowledged messages", n)
	}
}

func TestProtocolErrors(t *testing.T) {
	srv := testserver.Start(t, testserver.WithChat(chat.Options{SendQueue: 8}))

	t.Run("a frame before hello is refused and the socket closed", func(t *testing.T) {
		c := srv.Dial(t, "/ws/visitor", nil)
		c.Send(t, send("", "x", "hi"))
		if e := c.Expect(t, wire.TypeError); e.Error.Code != wire.CodeHelloRequired {
			t.Fatalf("got %+v", e.Error)
		}
		if code := c.CloseCode(t); code != wire.CloseHelloTimeout {
			t.Fatalf("close code %d", code)
		}
	})
	t.Run("an unknown site key is final", func(t *testing.T) {
		c := srv.Dial(t, "/ws/visitor", nil)
		c.Send(t, wire.Frame{Type: wire.TypeHello, V: 1, Site: "pk_nope"})
		if e := c.Expect(t, wire.TypeError); e.Error.Code != wire.CodeSiteNotFound {
			t.Fatalf("got %+v", e.Error)
		}
		if code := c.CloseCode(t); wire.ShouldReconnect(code) {
			t.Fatalf("close code %d tells the widget to retry", code)
		}
	})
	t.Run("a wrong protocol version is final", func(t *testing.T) {
		c := srv.Dial(t, "/ws/visitor", nil)
		c.Send(t, wire.Frame{Type: wire.TypeHello, V: 99, Site: srv.SiteKey})
		if e := c.Expect(t, wire.TypeError); e.Error.Code != wire.CodeBadVersion {
			t.Fatalf("got %+v", e.Error)
		}
		if code := c.CloseCode(t); code != wire.CloseBadVersion {
			t.Fatalf("close code %d", code)
		}
	})

	v, _ := srv.Visitor(t, wire.Frame{})
	for _, tc := range []struct {
		name  string
		frame string
		code  string
	}{
		{"text that is not JSON gets bad_frame", `hello?`, wire.CodeBadFrame},
		{"an unknown type gets bad_frame", `{"type":"dance"}`, wire.CodeBadFrame},
		{"an empty body gets bad_frame", `{"type":"send","cid":"e","body":"  "}`, wire.CodeBadFrame},
		{"a body over 5000 characters gets bad_frame", `{"type":"send","cid":"e","body":"` + strings.Repeat("é", 5001) + `"}`, wire.CodeBadFrame},
		{"a conversation of someone else is not found", `{"type":"send","cid":"e","conv":"424242","body":"hi"}`, wire.CodeConversationNotFound},
		{"agent frames are forbidden to visitors", `{"type":"status","conv":"1","status":"resolved"}`, wire.CodeForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v.Conn.WriteMessage(websocket.TextMessage, []byte(tc.frame))
			if e := v.Expect(t, wire.TypeError); e.Error.Code != tc.code {
				t.Fatalf("got %+v, want %s", e.Error, tc.code)
			}
		})
	}
	t.Run("the connection survives refused frames", func(t *testing.T) {
		v.Send(t, send("", "ok", "still here"))
		v.Expect(t, wire.TypeAck)
	})
}

func TestSlowClientIsDisconnected(t *testing.T) {
	srv := testserver.Start(t, testserver.WithChat(chat.Options{SendQueue: 4, WriteWait: 500 * time.Millisecond, FramesPerSecond: 1e6, FrameBurst: 1e6}))
	agent := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	srv.DB().UpdateSite(srv.Site.ID, func(s *store.Site) {
		s.Limits = store.SiteLimits{MessagesPerMinute: 1e6, MessagesPerIPPerMinute: 1e6}
	})
	v, _ := srv.Visitor(t, wire.Frame{})
	v.Send(t, send("", "first", "hello"))
	conv := v.Expect(t, wire.TypeAck).Conv

	// An agent that follows the conversation, then stops reading.
	slow := srv.DialStalled(t, "/ws/agent", http.Header{"Cookie": {agent.Cookie()}})
	for _, f := range []string{`{"type":"hello","v":1}`, `{"type":"subscribe","conv":"` + conv + `"}`} {
		slow.WriteMessage(websocket.TextMessage, []byte(f))
	}
	body := strings.Repeat("x", 4000)
	// Both sockets must be counted before the loop reads the count.
	for deadline := time.Now().Add(30 * time.Second); srv.Chat().Connections() != 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections, want the visitor and the stalled agent", srv.Chat().Connections())
		}
	}
	// A guard, not a measure: a busy machine commits slowly, and the
	// stalled socket's kernel buffers take a few hundred 4 KB frames.
	deadline := time.Now().Add(3 * time.Minute)
	sent := 0
	for ; srv.Chat().Connections() == 2 && time.Now().Before(deadline); sent++ {
		v.Send(t, send(conv, fmt.Sprint("f", sent), body))
		v.Expect(t, wire.TypeAck)
	}
	if n := srv.Chat().Connections(); n != 1 {
		t.Fatalf("%d connections left after %d messages; the stalled one should be gone", n, sent)
	}
	t.Logf("stalled client dropped after %d messages of 4 KB", sent)
	t.Run("the fast client is unaffected", func(t *testing.T) {
		v.Send(t, send(conv, "after", "still fine"))
		v.Expect(t, wire.TypeAck)
	})
}

func TestAgentSocketNeedsASession(t *testing.T) {
	srv := testserver.Start(t)
	_, err := srv.TryDial("/ws/agent", nil)
	var de *testserver.DialError
	if err == nil || !asDialError(err, &de) || de.Status != http.StatusUnauthorized {
		t.Fatalf("dial without cookie: %v", err)
	}
	t.Run("logout closes the agent's sockets with 4500", func(t *testing.T) {
		a := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		ws, _ := srv.AgentSocket(t, a)
		if status := a.Do(t, "POST", "/api/v1/auth/logout", nil, nil); status != http.StatusNoContent {
			t.Fatalf("logout: %d", status)
		}
		if code := ws.CloseCode(t); code != wire.CloseUnauthorized {
			t.Fatalf("close code %d", code)
		}
	})
	t.Run("a socket from a foreign origin is refused before the upgrade", func(t *testing.T) {
		_, err := srv.TryDial("/ws/visitor", http.Header{"Origin": {"https://evil.example"}})
		if err == nil || !asDialError(err, &de) || de.Status != http.StatusForbidden {
			t.Fatalf("dial from evil origin: %v", err)
		}
	})
}

func asDialError(err error, de **testserver.DialError) bool {
	d, ok := err.(*testserver.DialError)
	*de = d
	return ok
}

func TestAgentViewingAConversationSeesTheShopperMove(t *testing.T) {
	srv := testserver.Start(t)
	agent := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	v, _ := srv.Visitor(t, wire.Frame{Page: &wire.PageContext{URL: "https://shop.test/tote", Title: "Tote"}})
	v.Send(t, send("", "c1", "hello"))
	conv := v.Expect(t, wire.TypeAck).Conv
	a, _ := srv.AgentSocket(t, agent)
	a.Send(t, wire.Frame{Type: wire.TypeSubscribe, Conv: conv})
	a.Expect(t, wire.TypeSynced)

	v.Send(t, wire.Frame{Type: wire.TypePage, Page: &wire.PageContext{URL: "https://shop.test/checkout", Title: "Checkout",
		Product: &wire.Product{Name: "Linen Tote Bag", Price: "39.00"}}})
	for {
		f := a.Expect(t, wire.TypeConversation)
		c := f.Conversations[0]
		if len(c.Pages) == 2 {
			if c.Pages[1].URL != "https://shop.test/checkout" || c.Product == nil || c.Product.Name != "Linen Tote Bag" {
				t.Fatalf("detail %+v", c)
			}
			return
		}
	}
}

func TestTypingAndSeenReceipts(t *testing.T) {
	srv := testserver.Start(t)
	agent := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	v, _ := srv.Visitor(t, wire.Frame{Contact: &wire.ContactUpdate{Name: "Ana"}})
	v.Send(t, send("", "c1", "hello"))
	conv := v.Expect(t, wire.TypeAck).Conv
	v.Expect(t, wire.TypeMessage)
	a, _ := srv.AgentSocket(t, agent)
	a.Send(t, wire.Frame{Type: wire.TypeSubscribe, Conv: conv})
	a.Expect(t, wire.TypeSynced)

	t.Run("the agent viewing the conversation sees the shopper typing, then stop", func(t *testing.T) {
		v.Send(t, wire.Frame{Type: wire.TypeTyping, Conv: conv, Typing: true})
		f := a.Expect(t, wire.TypeTyping)
		if !f.Typing || f.Author == nil || f.Author.Kind != wire.AuthorVisitor || f.Author.Name != "Ana" {
			t.Fatalf("got %+v", f)
		}
		v.Send(t, wire.Frame{Type: wire.TypeTyping, Conv: conv, Typing: false})
		if f := a.Expect(t, wire.TypeTyping); f.Typing {
			t.Fatalf("got %+v", f)
		}
	})
	t.Run("the shopper sees the agent typing", func(t *testing.T) {
		a.Send(t, wire.Frame{Type: wire.TypeTyping, Conv: conv, Typing: true})
		f := v.Expect(t, wire.TypeTyping)
		if !f.Typing || f.Author.Kind != wire.AuthorAgent || f.Author.Name != "Admin" {
			t.Fatalf("got %+v", f)
		}
	})
	t.Run("the shopper sees that the agent has seen the message", func(t *testing.T) {
		a.Send(t, wire.Frame{Type: wire.TypeRead, Conv: conv, Seq: 1})
		f := v.Expect(t, wire.TypeRead)
		if f.Seq != 1 || f.Author.Kind != wire.AuthorAgent || f.Conv != conv {
			t.Fatalf("got %+v", f)
		}
	})
	t.Run("the agent sees that the shopper has seen the reply", func(t *testing.T) {
		a.Send(t, send(conv, "a1", "hi Ana"))
		v.Expect(t, wire.TypeMessage)
		v.Send(t, wire.Frame{Type: wire.TypeRead, Conv: conv, Seq: 2})
		f := a.Expect(t, wire.TypeRead)
		for f.Author.Kind == wire.AuthorAgent { // its own receipt comes back too
			f = a.Expect(t, wire.TypeRead)
		}
		if f.Seq != 2 || f.Author.Kind != wire.AuthorVisitor {
			t.Fatalf("got %+v", f)
		}
	})
	t.Run("typing in someone else's conversation reaches nobody", func(t *testing.T) {
		mallory, _ := srv.Visitor(t, wire.Frame{})
		mallory.Send(t, wire.Frame{Type: wire.TypeTyping, Conv: conv, Typing: true})
		// The shopper's own next frame comes before any relay of mallory's.
		v.Send(t, wire.Frame{Type: wire.TypeTyping, Conv: conv, Typing: true})
		if f := a.Expect(t, wire.TypeTyping); f.Author.ID != fmt.Sprint(chat.ParseID(f.Author.ID)) || f.Author.Name != "Ana" {
			t.Fatalf("relayed %+v", f)
		}
	})
}
