package web_test

// Each test here is one attack on Comptoir, and what stops it.

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// otherShop adds a second site with its own agent (role agent) and returns
// that agent signed in.
func otherShop(t *testing.T, srv *testserver.Server) (store.Site, *testserver.Agent) {
	t.Helper()
	site, err := srv.DB().CreateSite(store.Site{Key: "pk_other", Name: "Other shop", AllowedOrigins: []string{"https://other.example"}})
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword("other-agent-password")
	if _, err := srv.DB().CreateAgent(store.Agent{Email: "bob@other.example", Name: "Bob", Role: wire.RoleAgent, Sites: []uint64{site.ID}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return site, srv.Login(t, "bob@other.example", "other-agent-password")
}

// aConversation makes a shopper of the demo site write once.
func aConversation(t *testing.T, srv *testserver.Server) (conv, token string) {
	t.Helper()
	v, w := srv.Visitor(t, wire.Frame{})
	v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "c", Body: "my address is 1 rue de la Paix"})
	return v.Expect(t, wire.TypeAck).Conv, w.Token
}

func TestAttackScopeWideningByID(t *testing.T) {
	srv := testserver.Start(t)
	conv, _ := aConversation(t, srv)
	_, bob := otherShop(t, srv)

	t.Run("an agent of another shop cannot read the conversation by id", func(t *testing.T) {
		var body wire.ErrorBody
		if status := bob.Do(t, "GET", "/api/v1/conversations/"+conv, nil, &body); status != 404 || body.Error.Code != wire.CodeConversationNotFound {
			t.Fatalf("got %d %+v", status, body.Error)
		}
	})
	t.Run("nor answer it", func(t *testing.T) {
		if status := bob.Do(t, "POST", "/api/v1/conversations/"+conv+"/messages", wire.SendRequest{CID: "x", Body: "hi"}, nil); status != 404 {
			t.Fatalf("got %d", status)
		}
	})
	t.Run("nor resolve it", func(t *testing.T) {
		if status := bob.Do(t, "POST", "/api/v1/conversations/"+conv+"/status", wire.StatusRequest{Status: "resolved"}, nil); status != 404 {
			t.Fatalf("got %d", status)
		}
	})
	t.Run("nor follow it on the socket", func(t *testing.T) {
		ws, w := srv.AgentSocket(t, bob)
		if len(w.Conversations) != 0 {
			t.Fatalf("bob's inbox shows %d conversations of another shop", len(w.Conversations))
		}
		ws.Send(t, wire.Frame{Type: wire.TypeSubscribe, Conv: conv})
		if e := ws.Expect(t, wire.TypeError); e.Error.Code != wire.CodeConversationNotFound {
			t.Fatalf("got %+v", e.Error)
		}
		ws.Send(t, wire.Frame{Type: wire.TypeSend, Conv: conv, CID: "y", Body: "hi"})
		if e := ws.Expect(t, wire.TypeError); e.Error.Code != wire.CodeConversationNotFound || e.Error.CID != "y" {
			t.Fatalf("got %+v", e.Error)
		}
	})
	t.Run("nor list it", func(t *testing.T) {
		var list wire.ConversationList
		bob.Do(t, "GET", "/api/v1/conversations", nil, &list)
		if len(list.Conversations) != 0 {
			t.Fatalf("listed %d", len(list.Conversations))
		}
	})
}

func TestAttackAnotherVisitorsConversation(t *testing.T) {
	srv := testserver.Start(t)
	conv, _ := aConversation(t, srv)
	mallory, w := srv.Visitor(t, wire.Frame{})
	t.Run("a guessed conversation id gets not found, never data", func(t *testing.T) {
		mallory.Send(t, wire.Frame{Type: wire.TypeSend, Conv: conv, CID: "m", Body: "hello?"})
		if e := mallory.Expect(t, wire.TypeError); e.Error.Code != wire.CodeConversationNotFound {
			t.Fatalf("got %+v", e.Error)
		}
		if len(w.Conversations) != 0 {
			t.Fatal("a new visitor sees conversations")
		}
	})
	t.Run("resuming someone else's conversation replays nothing", func(t *testing.T) {
		c, w := srv.Visitor(t, wire.Frame{Resume: map[string]uint64{conv: 0}})
		c.Send(t, wire.Frame{Type: "probe"}) // answered with an error: everything before it has arrived
		for _, f := range c.Until(t, wire.TypeError) {
			if f.Type == wire.TypeMessage {
				t.Fatalf("leaked %+v", f.Message)
			}
		}
		if len(w.Conversations) != 0 {
			t.Fatal("leaked a conversation")
		}
	})
	t.Run("a token of another site opens nothing there", func(t *testing.T) {
		other, _ := srv.DB().CreateSite(store.Site{Key: "pk_b", Name: "B"})
		_, token := aConversation(t, srv)
		_, w := srv.Visitor(t, wire.Frame{Site: other.Key, Token: token})
		if w.Token == "" || len(w.Conversations) != 0 {
			t.Fatalf("token crossed sites: %+v", w)
		}
	})
}

func TestAttackCrossSiteRequests(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	conv, _ := aConversation(t, srv)

	t.Run("a state change without the CSRF token is refused", func(t *testing.T) {
		csrf := admin.CSRF
		admin.CSRF = ""
		defer func() { admin.CSRF = csrf }()
		var body wire.ErrorBody
		if status := admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/status", wire.StatusRequest{Status: "resolved"}, &body); status != 403 || body.Error.Code != wire.CodeForbidden {
			t.Fatalf("got %d %+v", status, body.Error)
		}
	})
	t.Run("a sign-in posted from another site is refused", func(t *testing.T) {
		res, body := postLogin(t, srv, testserver.AdminEmail, testserver.AdminPassword, http.Header{"Origin": {"https://evil.example"}})
		if res.StatusCode != 403 || body.Error.Code != wire.CodeForbidden {
			t.Fatalf("got %d %+v", res.StatusCode, body.Error)
		}
	})
	for _, tc := range []struct{ path, origin string }{
		{"/ws/visitor", "https://evil.example"},
		{"/ws/visitor", ""},
		{"/ws/agent", "https://evil.example"},
		{"/ws/agent", ""},
	} {
		name := "a " + strings.TrimPrefix(tc.path, "/ws/") + " socket from " + map[bool]string{true: "no origin", false: tc.origin}[tc.origin == ""] + " is refused before the upgrade"
		t.Run(name, func(t *testing.T) {
			h := http.Header{"Origin": {tc.origin}, "Cookie": {admin.Cookie()}}
			if tc.origin == "" {
				h["Origin"] = []string{""}
			}
			_, err := srv.TryDial(tc.path, h)
			de, ok := err.(*testserver.DialError)
			if !ok || de.Status != http.StatusForbidden {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestAttackSessionAfterLogout(t *testing.T) {
	srv := testserver.Start(t)
	a := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	stolen := a.Cookie()
	a.Do(t, "POST", "/api/v1/auth/logout", nil, nil)
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/me", nil)
	req.Header.Set("Cookie", stolen)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Fatalf("a cookie kept after logout still works: %d", res.StatusCode)
	}
	t.Run("and a session expires on its own", func(t *testing.T) {
		clk := newClock()
		srv := testserver.Start(t, testserver.WithClock(clk.now))
		a := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		clk.advance(31 * 24 * time.Hour)
		if status := a.Do(t, "GET", "/api/v1/me", nil, nil); status != 401 {
			t.Fatalf("got %d", status)
		}
	})
}
