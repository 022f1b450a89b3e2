package web_test

// Each test here is one attack on Comptoir, and what stops it.

import (
	"bytes"
	"github.com/comptoir/comptoir/server/upload"
	"github.com/fasthttp/websocket"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/identity"
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

func TestAttackLoginBruteForce(t *testing.T) {
	clk := newClock()
	srv := testserver.Start(t, testserver.WithClock(clk.now))

	for i := range 5 {
		res, body := postLogin(t, srv, testserver.AdminEmail, "wrong password", nil)
		if res.StatusCode != 401 || body.Error.Code != wire.CodeInvalidCredentials {
			t.Fatalf("attempt %d: %d %+v", i, res.StatusCode, body.Error)
		}
	}
	t.Run("after five failures even the right password is refused for a while", func(t *testing.T) {
		res, body := postLogin(t, srv, testserver.AdminEmail, testserver.AdminPassword, nil)
		if res.StatusCode != 429 || body.Error.Code != wire.CodeRateLimited || res.Header.Get("Retry-After") == "" {
			t.Fatalf("got %d %+v Retry-After=%q", res.StatusCode, body.Error, res.Header.Get("Retry-After"))
		}
		if !strings.Contains(body.Error.Message, "try again in") {
			t.Fatalf("message does not say when: %q", body.Error.Message)
		}
	})
	t.Run("the email is matched whatever its case", func(t *testing.T) {
		res, _ := postLogin(t, srv, strings.ToUpper(testserver.AdminEmail), testserver.AdminPassword, nil)
		if res.StatusCode != 429 {
			t.Fatalf("got %d", res.StatusCode)
		}
	})
	t.Run("the account opens again once the window has passed", func(t *testing.T) {
		clk.advance(4 * time.Minute)
		res, _ := postLogin(t, srv, testserver.AdminEmail, testserver.AdminPassword, nil)
		if res.StatusCode != 200 {
			t.Fatalf("got %d", res.StatusCode)
		}
	})
}

func TestAttackForgedForwardedFor(t *testing.T) {
	clk := newClock()
	srv := testserver.Start(t, testserver.WithClock(clk.now))
	// 20 failures from "many addresses" claimed in X-Forwarded-For are all
	// counted against the real connecting address.
	for i := range 20 {
		postLogin(t, srv, "nobody"+string(rune('a'+i))+"@example.com", "x", http.Header{"X-Forwarded-For": {"203.0.113." + string(rune('1'+i%9))}})
	}
	res, body := postLogin(t, srv, "someone@example.com", "x", http.Header{"X-Forwarded-For": {"198.51.100.7"}})
	if res.StatusCode != 429 || !strings.Contains(body.Error.Message, "your address") {
		t.Fatalf("got %d %+v", res.StatusCode, body.Error)
	}
}

func TestAttackUploads(t *testing.T) {
	srv := testserver.Start(t)
	_, welcome := srv.Visitor(t, wire.Frame{})
	me := asVisitor(srv, welcome.Token)
	photo := pngFile(t)
	big := append(bytes.Clone(pdfFile), make([]byte, upload.MaxSize+1-len(pdfFile))...)

	refused := []struct {
		name, file, ctype string
		data              []byte
		status            int
		code              string
	}{
		{"SVG with script", "logo.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), 415, wire.CodeUnsupportedFile},
		{"SVG named .png", "logo.png", "image/png", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), 415, wire.CodeUnsupportedFile},
		{"HTML", "page.html", "text/html", []byte("<html><script>alert(1)</script></html>"), 415, wire.CodeUnsupportedFile},
		{"a PNG named .pdf", "invoice.pdf", "", photo, 415, wire.CodeUnsupportedFile},
		{"a PNG declared as application/pdf", "invoice", "application/pdf", photo, 415, wire.CodeUnsupportedFile},
		{"an HTML/PDF polyglot", "doc.pdf", "application/pdf", []byte("<html><script>alert(1)</script>\n%PDF-1.4\n%%EOF"), 415, wire.CodeUnsupportedFile},
		{"an empty file", "empty.png", "image/png", nil, 400, wire.CodeBadRequest},
		{"10 MiB and one byte", "big.pdf", "application/pdf", big, 413, wire.CodeFileTooLarge},
	}
	for _, tc := range refused {
		t.Run(tc.name+" is refused and nothing is stored", func(t *testing.T) {
			status, _, e := postFile(t, srv, me, tc.file, tc.ctype, tc.data)
			if status != tc.status || e.Code != tc.code {
				t.Fatalf("%d %+v", status, e)
			}
			if tc.code == wire.CodeUnsupportedFile && !strings.Contains(e.Message, upload.Allowed) && !strings.Contains(e.Message, "content is") {
				t.Errorf("message does not say what is wrong: %q", e.Message)
			}
			if left := uploadsOnDisk(t, srv); len(left) != 0 {
				t.Fatalf("stored: %v", left)
			}
		})
	}
	t.Run("the size limit is in the message", func(t *testing.T) {
		_, _, e := postFile(t, srv, me, "big.pdf", "application/pdf", big)
		if !strings.Contains(e.Message, "10 MiB") {
			t.Fatalf("%q", e.Message)
		}
	})
	t.Run("a body far over the limit is refused from its headers, before it is read", func(t *testing.T) {
		res := headersOnly(t, srv, "/api/v1/uploads", 12<<20, "Authorization: Visitor "+welcome.Token)
		var e wire.ErrorBody
		decodeJSON(res, &e)
		if res.StatusCode != 413 || e.Error.Code != wire.CodeFileTooLarge {
			t.Fatalf("%d %+v", res.StatusCode, e)
		}
	})
	t.Run("other endpoints keep the 1 MiB body limit", func(t *testing.T) {
		res := headersOnly(t, srv, "/api/v1/auth/login", 2<<20)
		if res.StatusCode != 413 {
			t.Fatalf("%d", res.StatusCode)
		}
	})

	t.Run("without credentials, or with a token of another site, nothing is uploaded", func(t *testing.T) {
		otherSite, _ := srv.DB().CreateSite(store.Site{Key: "pk_elsewhere", Name: "Elsewhere"})
		for name, u := range map[string]uploader{
			"nobody":           {},
			"wrong token":      asVisitor(srv, "not-a-token"),
			"token, wrong key": {token: welcome.Token, site: otherSite.Key},
		} {
			if status, _, e := postFile(t, srv, u, "a.png", "image/png", photo); status != 401 || e.Code != wire.CodeUnauthorized {
				t.Errorf("%s: %d %+v", name, status, e)
			}
		}
	})
	t.Run("an agent without the CSRF header cannot upload", func(t *testing.T) {
		admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		admin.CSRF = "wrong"
		if status, _, e := postFile(t, srv, uploader{agent: admin}, "a.png", "image/png", photo); status != 403 || e.Code != wire.CodeForbidden {
			t.Fatalf("%d %+v", status, e)
		}
	})

	t.Run("another visitor's upload cannot be attached", func(t *testing.T) {
		status, theirs, _ := postFile(t, srv, me, "mine.png", "image/png", photo)
		if status != 201 {
			t.Fatal(status)
		}
		thief, _ := srv.Visitor(t, wire.Frame{})
		thief.Send(t, wire.Frame{Type: wire.TypeSend, CID: "steal", Body: "look", Attachments: []string{theirs.ID}})
		if e := thief.Expect(t, wire.TypeError); e.Error.Code != wire.CodeUploadNotFound || e.Error.CID != "steal" {
			t.Fatalf("%+v", e.Error)
		}
		if got, _ := srv.DB().Attachment(theirs.ID); got.ConvID != 0 {
			t.Fatalf("attached: %+v", got)
		}
		if res, _ := getFile(t, srv, uploader{}, theirs.URL); res.StatusCode != 404 {
			t.Fatalf("fetched while unsent: %d", res.StatusCode)
		}
		admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		conv, _ := aConversation(t, srv)
		if status := admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/messages", wire.SendRequest{CID: "a", Attachments: []string{theirs.ID}}, nil); status != 400 {
			t.Fatalf("an agent attached a shopper's upload: %d", status)
		}
	})
	t.Run("a guessed id finds nothing", func(t *testing.T) {
		if res, _ := getFile(t, srv, uploader{}, "/api/v1/uploads/"+strings.Repeat("0", 32)+"/x.png"); res.StatusCode != 404 {
			t.Fatalf("%d", res.StatusCode)
		}
		if res, _ := getFile(t, srv, uploader{}, "/api/v1/uploads/..%2F..%2Fcomptoir.db/x"); res.StatusCode != 404 {
			t.Fatalf("%d", res.StatusCode)
		}
	})
}

func TestAttackForgedIdentity(t *testing.T) {
	srv := testserver.Start(t)
	soon := time.Now().Add(10 * time.Minute)
	laptop, lw := srv.Visitor(t, wire.Frame{Contact: signed(srv, "cust-42", soon)})
	laptop.Send(t, wire.Frame{Type: wire.TypeSend, CID: "l1", Body: "my order number is 1234"})
	laptop.Expect(t, wire.TypeAck)

	refused := func(t *testing.T, contact *wire.ContactUpdate) wire.Frame {
		t.Helper()
		c := srv.Dial(t, "/ws/visitor", nil)
		c.Send(t, wire.Frame{Type: wire.TypeHello, V: 1, Site: srv.SiteKey, Contact: contact})
		e := c.Next(t)
		if e.Type != wire.TypeError || e.Error.Code != wire.CodeIdentityRefused {
			t.Fatalf("want identity_refused, got %+v", e)
		}
		w := c.Expect(t, wire.TypeWelcome)
		if w.Visitor.Verified || w.Visitor.ID == lw.Visitor.ID || len(w.Conversations) != 0 {
			t.Fatalf("a refused identity must leave an anonymous visitor: %+v", w)
		}
		return e
	}
	t.Run("a forged signature is refused and sees nothing", func(t *testing.T) {
		forged := signed(srv, "cust-42", soon)
		forged.Signature = identity.Sign("guessed-secret", "cust-42", forged.Expires)
		refused(t, forged)
	})
	t.Run("an expired signature is refused", func(t *testing.T) {
		refused(t, signed(srv, "cust-42", time.Now().Add(-time.Minute)))
	})
	t.Run("a signature replayed from another browser is refused", func(t *testing.T) {
		stolen := signed(srv, "cust-42", soon) // the laptop's own signature
		if e := refused(t, stolen); e.Error.Message == "" {
			t.Fatal("no reason given")
		}
	})
}

func TestAttackOversizedAndFloodingFrames(t *testing.T) {
	srv := testserver.Start(t)
	t.Run("an oversized frame closes with 1009", func(t *testing.T) {
		big, _ := srv.Visitor(t, wire.Frame{})
		big.Conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"send","cid":"b","body":"`+strings.Repeat("x", wire.MaxFrameBytes)+`"}`))
		if code := big.CloseCode(t); code != websocket.CloseMessageTooBig {
			t.Fatalf("close code %d, want 1009", code)
		}
	})
	t.Run("a flood of frames closes with 4002", func(t *testing.T) {
		flood, _ := srv.Visitor(t, wire.Frame{})
		for range 200 {
			if flood.Conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"read","conv":"1","seq":1}`)) != nil {
				break
			}
		}
		if code := flood.CloseCode(t); code != wire.CloseRateLimited {
			t.Fatalf("close code %d, want 4002", code)
		}
	})
}

// signed is an identify() made by the shop's backend for shopper id.
func signed(srv *testserver.Server, id string, expires time.Time) *wire.ContactUpdate {
	exp := expires.Unix()
	return &wire.ContactUpdate{ID: id, Expires: exp, Signature: identity.Sign(srv.Site.IdentitySecret, id, exp), Name: "Ana"}
}
