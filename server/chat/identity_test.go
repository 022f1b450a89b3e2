package chat_test

import (
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/identity"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// signed is an identify() made by the shop's backend for shopper id.
func signed(srv *testserver.Server, id string, expires time.Time) *wire.ContactUpdate {
	exp := expires.Unix()
	return &wire.ContactUpdate{ID: id, Expires: exp, Signature: identity.Sign(srv.Site.IdentitySecret, id, exp), Name: "Ana"}
}

func TestVerifiedIdentity(t *testing.T) {
	srv := testserver.Start(t)
	soon := time.Now().Add(10 * time.Minute)

	// Device 1: a shopper signs in on the shop and writes.
	laptop, lw := srv.Visitor(t, wire.Frame{Contact: signed(srv, "cust-42", soon)})
	if !lw.Visitor.Verified || lw.Visitor.ExternalID != "cust-42" {
		t.Fatalf("verified identify not applied: %+v", lw.Visitor)
	}
	laptop.Send(t, send("", "l1", "Where is my order?"))
	conv := laptop.Expect(t, wire.TypeAck).Conv

	t.Run("the same shopper on another device sees the same history", func(t *testing.T) {
		phone, pw := srv.Visitor(t, wire.Frame{Contact: signed(srv, "cust-42", soon.Add(time.Second))})
		if pw.Visitor.ID != lw.Visitor.ID || len(pw.Conversations) != 1 || pw.Conversations[0].ID != conv {
			t.Fatalf("phone welcome: %+v", pw)
		}
		if m := phone.Expect(t, wire.TypeMessage); m.Message.Body != "Where is my order?" {
			t.Fatalf("replayed %+v", m.Message)
		}
	})
	t.Run("an anonymous conversation joins the shopper's history when they sign in", func(t *testing.T) {
		anon, aw := srv.Visitor(t, wire.Frame{})
		anon.Send(t, send("", "a1", "question before signing in"))
		anonConv := anon.Expect(t, wire.TypeAck).Conv
		_, w := srv.Visitor(t, wire.Frame{Token: aw.Token, Contact: signed(srv, "cust-42", soon.Add(2*time.Second))})
		if w.Visitor.ID != lw.Visitor.ID || len(w.Conversations) != 2 {
			t.Fatalf("after sign-in: visitor %s with %d conversations", w.Visitor.ID, len(w.Conversations))
		}
		c, _ := srv.DB().Conversation(chat.ParseID(anonConv))
		if c.VisitorID != chat.ParseID(lw.Visitor.ID) {
			t.Fatal("anonymous conversation not moved")
		}
	})

	t.Run("a verified identify after hello makes the widget reconnect", func(t *testing.T) {
		c, _ := srv.Visitor(t, wire.Frame{})
		c.Send(t, wire.Frame{Type: wire.TypeContact, Contact: signed(srv, "cust-7", soon)})
		if code := c.CloseCode(t); code != wire.CloseReidentify || !wire.ShouldReconnect(code) {
			t.Fatalf("close code %d", code)
		}
	})
	t.Run("a site that requires verified identities ignores unverified names", func(t *testing.T) {
		srv.DB().UpdateSite(srv.Site.ID, func(s *store.Site) { s.RequireVerifiedIdentity = true })
		_, w := srv.Visitor(t, wire.Frame{Contact: &wire.ContactUpdate{Name: "Mallory", Email: "ceo@shop.test"}})
		if w.Visitor.Name != "" || w.Visitor.Email != "" {
			t.Fatalf("unverified contact stored: %+v", w.Visitor)
		}
		c, _ := srv.Visitor(t, wire.Frame{})
		c.Send(t, wire.Frame{Type: wire.TypeContact, Contact: &wire.ContactUpdate{Name: "Mallory"}})
		if e := c.Expect(t, wire.TypeError); e.Error.Code != wire.CodeIdentityRefused {
			t.Fatalf("got %+v", e.Error)
		}
	})
}
