package chat_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// manualClock is the server's clock in these tests, moved by hand.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *manualClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// leaks reports whether a frame a shopper received carries anything of a
// private note: its text anywhere, or a message marked private.
func leaks(f wire.Frame, secret string) bool {
	data, _ := json.Marshal(f)
	return strings.Contains(string(data), secret) || (f.Message != nil && f.Message.Private)
}

func TestPrivateNotesNeverReachTheShopper(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	agentWS, _ := srv.AgentSocket(t, admin)
	tab1, welcome := srv.Visitor(t, wire.Frame{})
	tab2, _ := srv.Visitor(t, wire.Frame{Token: welcome.Token})

	tab1.Send(t, send("", "v-1", "My parcel never came"))
	conv := tab1.Expect(t, wire.TypeAck).Conv
	agentWS.Send(t, wire.Frame{Type: wire.TypeSubscribe, Conv: conv})
	agentWS.Expect(t, wire.TypeSynced)
	agentWS.Send(t, send(conv, "a-1", "Let me check with the carrier."))
	agentWS.Until(t, wire.TypeMessage)

	const secret = "carrier confirms it was left at the wrong door"
	note := send(conv, "n-1", secret)
	note.Private = true
	agentWS.Send(t, note)
	t.Run("the agents get the note, marked private, after its ack", func(t *testing.T) {
		var frames []wire.Frame
		for len(frames) == 0 || frames[len(frames)-1].Type != wire.TypeMessage {
			if f := agentWS.Next(t); f.Type == wire.TypeAck || f.Type == wire.TypeMessage {
				frames = append(frames, f)
			}
		}
		m := frames[len(frames)-1].Message
		if frames[0].Type != wire.TypeAck || frames[0].Seq != 3 || !m.Private || m.Body != secret || m.Seq != 3 {
			t.Fatalf("%+v", frames)
		}
		var d wire.ConversationDetail
		admin.Do(t, "GET", "/api/v1/conversations/"+conv, nil, &d)
		if row := d.Conversation; row.Preview != "Let me check with the carrier." {
			t.Fatalf("the inbox preview shows the note: %q", row.Preview)
		}
	})
	t.Run("a shopper reconnecting is replayed everything but the note", func(t *testing.T) {
		tab3, w3 := srv.Visitor(t, wire.Frame{Token: welcome.Token})
		if w3.Conversations[0].LastSeq != 2 || w3.Conversations[0].Preview != "Let me check with the carrier." {
			t.Fatalf("the shopper's summary counts the note: %+v", w3.Conversations[0])
		}
		var seqs []uint64
		for _, f := range tab3.Until(t, wire.TypeSynced) {
			if leaks(f, secret) {
				t.Fatalf("replay leaks the note: %+v", f)
			}
			if f.Message != nil {
				seqs = append(seqs, f.Message.Seq)
			}
			if f.Type == wire.TypeSynced && f.Seq != 2 {
				t.Fatalf("synced at %d", f.Seq)
			}
		}
		if len(seqs) != 2 || seqs[1] != 2 {
			t.Fatalf("replayed %v", seqs)
		}
		agentWS.Send(t, send(conv, "a-2", "Found it."))
		// Every tab, live since before the note or not, sees the next
		// public messages and nothing of the note in between.
		for i, tab := range []*testserver.Client{tab1, tab2, tab3} {
			for {
				f := tab.Next(t)
				if leaks(f, secret) {
					t.Fatalf("tab %d got the note: %+v", i+1, f)
				}
				if f.Message != nil && f.Message.Body == "Found it." {
					break
				}
			}
		}
	})
	t.Run("REST: a note posted with private true, listed for agents, left out of the export", func(t *testing.T) {
		var m wire.Message
		if st := admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/messages", wire.SendRequest{CID: "n-2", Body: "refund approved by " + secret, Private: true}, &m); st != 201 || !m.Private {
			t.Fatalf("%d %+v", st, m)
		}
		var d wire.ConversationDetail
		admin.Do(t, "GET", "/api/v1/conversations/"+conv, nil, &d)
		notes := 0
		for _, m := range d.Messages {
			if m.Private {
				notes++
			}
		}
		if notes != 2 {
			t.Fatalf("agents see %d notes: %+v", notes, d.Messages)
		}
		var exp store.ContactExport
		if st := admin.Do(t, "GET", "/api/v1/admin/contacts/"+welcome.Visitor.ID+"/export", nil, &exp); st != 200 {
			t.Fatalf("export: %d", st)
		}
		data, _ := json.Marshal(exp)
		if strings.Contains(string(data), secret) || len(exp.Conversations[0].Messages) != 3 {
			t.Fatalf("export: %s", data)
		}
	})
	t.Run("a shopper's send marked private is an ordinary message", func(t *testing.T) {
		f := send(conv, "v-3", "sneaky")
		f.Private = true
		tab1.Send(t, f)
		for {
			g := agentWS.Expect(t, wire.TypeMessage)
			if g.Message.Body == "sneaky" {
				if g.Message.Private {
					t.Fatal("a shopper wrote a private note")
				}
				break
			}
		}
	})
}

func TestConfirmToCloseOverTheSockets(t *testing.T) {
	// From the real time: session cookies expire by this clock.
	clock := &manualClock{t: time.Now()}
	srv := testserver.Start(t, testserver.WithClock(clock.now))
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	agentWS, aw := srv.AgentSocket(t, admin)
	agentID := aw.Agent.ID

	// start opens a conversation for a new shopper (in French) and has the
	// agent propose a solution; it returns the shopper's socket and conv.
	start := func(t *testing.T) (*testserver.Client, string) {
		t.Helper()
		v, _ := srv.Visitor(t, wire.Frame{Page: &wire.PageContext{URL: "https://shop.test/", Lang: "fr-FR"}})
		v.Send(t, send("", "v-1", "Mon code promo ne marche pas"))
		conv := v.Expect(t, wire.TypeAck).Conv
		agentWS.Send(t, send(conv, "a-"+conv, "Voici un nouveau code : MERCI10"))
		v.Expect(t, wire.TypeMessage)
		agentWS.Send(t, wire.Frame{Type: wire.TypeStatus, Conv: conv, Status: wire.StatusAwaiting})
		got := v.Expect(t, wire.TypeConversation).Conversations[0]
		if got.ID != conv || got.Status != wire.StatusAwaiting || got.ConfirmBy != clock.now().Add(24*time.Hour).UnixMilli() || got.Labels != nil {
			t.Fatalf("the shopper is asked to confirm: %+v", got)
		}
		return v, conv
	}
	// agentRow waits for the agents' summary of conv with status, after
	// reopens reopenings.
	agentRow := func(t *testing.T, conv, status string, reopens int) wire.Conversation {
		t.Helper()
		for {
			f := agentWS.Expect(t, wire.TypeConversation)
			if c := f.Conversations[0]; c.ID == conv && c.Status == status && c.Reopens == reopens {
				return c
			}
		}
	}

	t.Run("yes: resolved and confirmed, with a thank-you in the shopper's language", func(t *testing.T) {
		v, conv := start(t)
		if row := agentRow(t, conv, wire.StatusAwaiting, 0); row.ProposedBy != agentID {
			t.Fatalf("%+v", row)
		}
		v.Send(t, wire.Frame{Type: wire.TypeConfirm, Conv: conv, Answer: wire.AnswerYes})
		thanks := v.Expect(t, wire.TypeMessage).Message
		if thanks.Author.Kind != wire.AuthorSystem || !strings.HasPrefix(thanks.Body, "Ravis") {
			t.Fatalf("%+v", thanks)
		}
		if got := v.Expect(t, wire.TypeConversation).Conversations[0]; got.Status != wire.StatusResolved {
			t.Fatalf("%+v", got)
		}
		row := agentRow(t, conv, wire.StatusResolved, 0)
		if row.Resolution != wire.ResolutionConfirmed || !row.FirstContact {
			t.Fatalf("%+v", row)
		}
		v.Send(t, wire.Frame{Type: wire.TypeConfirm, Conv: conv, Answer: wire.AnswerNo})
		if e := v.Expect(t, wire.TypeError); e.Error.Code != wire.CodeWrongStatus {
			t.Fatalf("%+v", e.Error)
		}
	})
	t.Run("no: reopened and assigned to the agent who proposed", func(t *testing.T) {
		v, conv := start(t)
		v.Send(t, wire.Frame{Type: wire.TypeConfirm, Conv: conv, Answer: wire.AnswerNo})
		if got := v.Expect(t, wire.TypeConversation).Conversations[0]; got.Status != wire.StatusOpen || got.ConfirmBy != 0 {
			t.Fatalf("%+v", got)
		}
		row := agentRow(t, conv, wire.StatusOpen, 1)
		if row.Assignee != agentID || row.Reopens != 1 || row.Resolution != "" {
			t.Fatalf("%+v", row)
		}
	})
	t.Run("no answer: closed as unconfirmed after the site's delay, by the clock", func(t *testing.T) {
		v, conv := start(t)
		clock.add(23 * time.Hour)
		srv.Chat().CloseUnconfirmed()
		clock.add(time.Hour + time.Second)
		ticks, reports := make(chan time.Time), make(chan int, 1)
		done := make(chan struct{})
		go srv.Chat().RunAutoClose(done, ticks, func(n int, err error) {
			if err != nil {
				t.Error(err)
			}
			reports <- n
		})
		<-reports
		close(done)
		if got := v.Expect(t, wire.TypeConversation).Conversations[0]; got.Status != wire.StatusResolved {
			t.Fatalf("%+v", got)
		}
		row := agentRow(t, conv, wire.StatusResolved, 0)
		if row.Resolution != wire.ResolutionUnconfirmed || row.FirstContact != true {
			t.Fatalf("%+v", row)
		}
	})
	t.Run("a shopper confirming someone else's conversation learns nothing", func(t *testing.T) {
		_, conv := start(t)
		other, _ := srv.Visitor(t, wire.Frame{})
		other.Send(t, wire.Frame{Type: wire.TypeConfirm, Conv: conv, Answer: wire.AnswerYes})
		if e := other.Expect(t, wire.TypeError); e.Error.Code != wire.CodeConversationNotFound {
			t.Fatalf("%+v", e.Error)
		}
	})
}

func TestAutoAcknowledgement(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	v, _ := srv.Visitor(t, wire.Frame{Page: &wire.PageContext{URL: "https://shop.test/", Lang: "de"}})
	v.Send(t, send("", "v-0", "Hallo"))
	v.Expect(t, wire.TypeAck)
	v.Expect(t, wire.TypeMessage)

	on := wire.AutoAck{On: true, Texts: map[string]string{"it": "Ciao! Ti rispondiamo subito."}}
	var site wire.Site
	if st := admin.Do(t, "PATCH", "/api/v1/admin/sites/"+idOf(srv.Site.ID), wire.SiteChange{AutoAck: &on}, &site); st != 200 || !site.AutoAck.On {
		t.Fatalf("%d %+v", st, site)
	}
	t.Run("off by default: a conversation started before got none", func(t *testing.T) {
		v.Send(t, send("", "v-00", "Noch da?"))
		if a := v.Expect(t, wire.TypeAck); a.Seq != 2 {
			t.Fatalf("%+v", a)
		}
		if m := v.Expect(t, wire.TypeMessage).Message; m.Author.Kind != wire.AuthorVisitor {
			t.Fatalf("%+v", m)
		}
	})
	for _, tc := range []struct{ lang, want string }{
		{"de-AT", "Danke für Ihre Nachricht"},
		{"it", "Ciao! Ti rispondiamo subito."},
		{"ja", "Thanks for your message"},
	} {
		t.Run("once, at seq 2, in "+tc.lang, func(t *testing.T) {
			v, _ := srv.Visitor(t, wire.Frame{Page: &wire.PageContext{URL: "https://shop.test/", Lang: tc.lang}})
			v.Send(t, send("", "v-1", "first"))
			conv := v.Expect(t, wire.TypeAck).Conv
			v.Expect(t, wire.TypeMessage) // own echo
			ack := v.Expect(t, wire.TypeMessage).Message
			if ack.Seq != 2 || ack.Author.Kind != wire.AuthorSystem || !strings.HasPrefix(ack.Body, tc.want) {
				t.Fatalf("%+v", ack)
			}
			v.Send(t, send(conv, "v-2", "second"))
			if a := v.Expect(t, wire.TypeAck); a.Seq != 3 {
				t.Fatalf("a second message got another acknowledgement: %+v", a)
			}
			if m := v.Expect(t, wire.TypeMessage).Message; m.Seq != 3 {
				t.Fatalf("%+v", m)
			}
		})
	}
}

func idOf(id uint64) string {
	b, _ := json.Marshal(id)
	return string(b)
}
