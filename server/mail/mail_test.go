package mail_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/mail"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture: a server sending through a test SMTP server, a shopper on a
// French page who gave an email, wrote once and left.
type fixture struct {
	srv   *testserver.Server
	smtp  *testserver.SMTPServer
	clk   *clock
	agent *testserver.Agent
	conv  string
	token string
}

func start(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{clk: &clock{t: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}, smtp: testserver.StartSMTP(t)}
	f.srv = testserver.Start(t, testserver.WithClock(f.clk.now), testserver.WithSMTP(f.smtp.Addr))
	f.agent = f.srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	v, welcome := f.srv.Visitor(t, wire.Frame{
		Page:    &wire.PageContext{URL: "https://shop.test/sac", Lang: "fr-FR"},
		Contact: &wire.ContactUpdate{Email: "anne@example.com"},
	})
	if welcome.Settings == nil || !welcome.Settings.Email {
		t.Fatalf("with SMTP settings the widget is told email works: %+v", welcome.Settings)
	}
	f.token = welcome.Token
	v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "v1", Body: "Le sac est-il imperméable ?"})
	f.conv = v.Expect(t, wire.TypeAck).Conv
	v.Conn.Close()
	f.waitOffline(t)
	return f
}

// waitOffline waits until the server has noticed the shopper's socket closed.
func (f *fixture) waitOffline(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for f.srv.Chat().Connections() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the visitor socket did not close")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (f *fixture) reply(t *testing.T, cid, body string) {
	t.Helper()
	if status := f.agent.Do(t, "POST", "/api/v1/conversations/"+f.conv+"/messages", wire.SendRequest{CID: cid, Body: body}, nil); status != 200 && status != 201 {
		t.Fatalf("reply: %d", status)
	}
}

func (f *fixture) pass() { f.srv.Mail().Pass(context.Background()) }

func (f *fixture) outbox(t *testing.T) []store.Mail {
	t.Helper()
	out, err := f.srv.DB().Outbox()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (f *fixture) nothingReceived(t *testing.T) {
	t.Helper()
	select {
	case e := <-f.smtp.Received:
		t.Fatalf("unexpected email %q to %v", e.Subject, e.To)
	default:
	}
}

func TestReplyToAShopperWhoLeftIsEmailed(t *testing.T) {
	f := start(t)
	f.reply(t, "a1", "Oui, il est imperméable.")
	f.reply(t, "a2", "Et il existe en <b>bleu</b> & vert.")

	t.Run("nothing is sent within the grace period", func(t *testing.T) {
		f.clk.add(mail.Grace - time.Second)
		f.pass()
		f.nothingReceived(t)
		if len(f.outbox(t)) != 0 {
			t.Fatal("queued before the grace period ended")
		}
	})
	f.clk.add(time.Second)
	f.pass()
	e := f.smtp.Wait(t)
	t.Run("both replies come in one email to the shopper, in French", func(t *testing.T) {
		if len(e.To) != 1 || e.To[0] != "anne@example.com" {
			t.Fatalf("to %v", e.To)
		}
		if e.Subject != "Demo shop a répondu à votre message" && !strings.Contains(e.Subject, "a répondu à votre message") {
			t.Fatalf("subject %q", e.Subject)
		}
		if e.Header.Get("Content-Language") != "fr" {
			t.Fatalf("Content-Language %q", e.Header.Get("Content-Language"))
		}
		for _, want := range []string{"Oui, il est imperméable.", "Et il existe en <b>bleu</b> & vert.", "Le sac est-il imperméable ?", "Vous:", "Reprendre la conversation"} {
			if !strings.Contains(e.Text, want) {
				t.Errorf("text part lacks %q:\n%s", want, e.Text)
			}
		}
		f.nothingReceived(t)
	})
	t.Run("the HTML part escapes what people wrote", func(t *testing.T) {
		if !strings.Contains(e.HTML, "&lt;b&gt;bleu&lt;/b&gt; &amp; vert") || strings.Contains(e.HTML, "<b>bleu</b>") {
			t.Fatalf("html:\n%s", e.HTML)
		}
		if !strings.Contains(e.HTML, `lang="fr"`) {
			t.Fatal("the HTML part does not say its language")
		}
	})
	t.Run("the link reopens the conversation in the widget", func(t *testing.T) {
		link := linkIn(t, e.Text)
		token := followLink(t, f.srv, link)
		if token == f.token {
			t.Fatal("the link handed out the shopper's own token")
		}
		_, welcome := f.srv.Visitor(t, wire.Frame{Token: token})
		if len(welcome.Conversations) != 1 || welcome.Conversations[0].ID != f.conv {
			t.Fatalf("welcome through the link: %+v", welcome.Conversations)
		}
	})
	t.Run("a damaged link is refused in words", func(t *testing.T) {
		link := linkIn(t, e.Text)
		res := get(t, link[:len(link)-3]+"xyz", "de-DE,de;q=0.9")
		if res.StatusCode != 404 || !strings.Contains(res.body, "abgelaufen") {
			t.Fatalf("%d %q", res.StatusCode, res.body)
		}
	})
	t.Run("the outbox is empty once sent, and a restart sends nothing again", func(t *testing.T) {
		if len(f.outbox(t)) != 0 {
			t.Fatalf("outbox: %+v", f.outbox(t))
		}
		f.srv.Restart(t)
		f.clk.add(time.Hour)
		f.pass()
		f.nothingReceived(t)
	})
}

func TestASeenReplyIsNotEmailed(t *testing.T) {
	f := start(t)
	v, _ := f.srv.Visitor(t, wire.Frame{Token: f.token})
	f.reply(t, "a1", "Bonjour !")
	m := v.Expect(t, wire.TypeMessage)
	for m.Message.Author.Kind != wire.AuthorAgent { // the replay of the shopper's own message first
		m = v.Expect(t, wire.TypeMessage)
	}

	t.Run("a shopper still connected but not reading is looked at again later", func(t *testing.T) {
		f.clk.add(mail.Grace)
		f.pass()
		due, _ := f.srv.DB().DueReplies(f.clk.now().Add(mail.Grace))
		if len(due) != 1 || len(f.outbox(t)) != 0 {
			t.Fatalf("pending %+v outbox %+v", due, f.outbox(t))
		}
	})
	t.Run("once read, it is dropped", func(t *testing.T) {
		v.Send(t, wire.Frame{Type: wire.TypeRead, Conv: f.conv, Seq: m.Message.Seq})
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, _ := f.srv.DB().Conversation(uint64(mustAtoi(f.conv)))
			if c.VisitorReadSeq >= m.Message.Seq {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("read not recorded")
			}
			time.Sleep(5 * time.Millisecond)
		}
		v.Conn.Close()
		f.waitOffline(t)
		f.clk.add(mail.Grace)
		f.pass()
		if due, _ := f.srv.DB().DueReplies(f.clk.now().Add(time.Hour)); len(due) != 0 || len(f.outbox(t)) != 0 {
			t.Fatalf("pending %+v outbox %+v", due, f.outbox(t))
		}
		f.nothingReceived(t)
	})
}

func TestEmailRetriesAndSurvivesRestarts(t *testing.T) {
	f := start(t)
	f.smtp.RefuseNext(1, 451)
	f.reply(t, "a1", "Nous vérifions.")
	f.clk.add(mail.Grace)
	f.pass()
	out := f.outbox(t)
	if len(out) != 1 || out[0].Attempts != 1 || !strings.Contains(out[0].LastError, "451") {
		t.Fatalf("after a refusal the email waits with its error: %+v", out)
	}
	f.nothingReceived(t)

	t.Run("a restart keeps the unsent email", func(t *testing.T) {
		f.srv.Restart(t)
		if len(f.outbox(t)) != 1 {
			t.Fatal("the outbox lost the email across a restart")
		}
	})
	t.Run("it is not retried before its backoff", func(t *testing.T) {
		f.clk.add(mail.Backoff(1) - time.Second)
		f.pass()
		f.nothingReceived(t)
	})
	t.Run("after the backoff it is sent once", func(t *testing.T) {
		f.clk.add(time.Second)
		f.pass()
		e := f.smtp.Wait(t)
		if !strings.Contains(e.Text, "Nous vérifions.") {
			t.Fatalf("text: %s", e.Text)
		}
		f.pass()
		f.nothingReceived(t)
		if len(f.outbox(t)) != 0 {
			t.Fatal("sent but still in the outbox")
		}
	})
	t.Run("a permanent refusal is given up on and audited", func(t *testing.T) {
		f.smtp.RefuseNext(1, 550)
		f.reply(t, "a2", "Autre chose ?")
		f.clk.add(mail.Grace)
		f.pass()
		if len(f.outbox(t)) != 0 {
			t.Fatalf("outbox: %+v", f.outbox(t))
		}
		log, _ := f.srv.DB().AuditLog(1)
		if len(log) != 1 || log[0].Action != store.AuditMailFailed || !strings.Contains(log[0].Detail, "550") {
			t.Fatalf("audit: %+v", log)
		}
	})
}

func TestTranscript(t *testing.T) {
	f := start(t)
	f.reply(t, "a1", "Voici la réponse.")
	v, _ := f.srv.Visitor(t, wire.Frame{Token: f.token})

	t.Run("a bad address is refused", func(t *testing.T) {
		v.Send(t, wire.Frame{Type: wire.TypeTranscript, Conv: f.conv, Contact: &wire.ContactUpdate{Email: "not an email"}})
		if e := v.Expect(t, wire.TypeError); e.Error.Code != wire.CodeInvalidEmail {
			t.Fatalf("%+v", e.Error)
		}
	})
	t.Run("someone else's conversation is not found", func(t *testing.T) {
		v.Send(t, wire.Frame{Type: wire.TypeTranscript, Conv: "999"})
		if e := v.Expect(t, wire.TypeError); e.Error.Code != wire.CodeConversationNotFound {
			t.Fatalf("%+v", e.Error)
		}
	})
	t.Run("the whole conversation goes to the new address, which is saved", func(t *testing.T) {
		v.Send(t, wire.Frame{Type: wire.TypeTranscript, Conv: f.conv, Contact: &wire.ContactUpdate{Email: "anne.b@example.org"}})
		if ok := v.Expect(t, wire.TypeTranscript); ok.Conv != f.conv {
			t.Fatalf("%+v", ok)
		}
		f.pass()
		e := f.smtp.Wait(t)
		if e.To[0] != "anne.b@example.org" || !strings.Contains(e.Subject, "Votre conversation avec") ||
			!strings.Contains(e.Text, "Le sac est-il imperméable ?") || !strings.Contains(e.Text, "Voici la réponse.") {
			t.Fatalf("%v %q\n%s", e.To, e.Subject, e.Text)
		}
		c, _ := f.srv.DB().Conversation(uint64(mustAtoi(f.conv)))
		visitor, _ := f.srv.DB().Visitor(c.VisitorID)
		if visitor.Email != "anne.b@example.org" {
			t.Fatalf("email not saved: %q", visitor.Email)
		}
	})
	t.Run("transcripts are rationed", func(t *testing.T) {
		v.Send(t, wire.Frame{Type: wire.TypeTranscript, Conv: f.conv})
		v.Expect(t, wire.TypeTranscript)
		v.Send(t, wire.Frame{Type: wire.TypeTranscript, Conv: f.conv})
		v.Expect(t, wire.TypeTranscript)
		v.Send(t, wire.Frame{Type: wire.TypeTranscript, Conv: f.conv})
		if e := v.Expect(t, wire.TypeError); e.Error.Code != wire.CodeRateLimited {
			t.Fatalf("%+v", e.Error)
		}
	})
}

func TestWithoutSMTPThereIsNoEmail(t *testing.T) {
	srv := testserver.Start(t)
	v, welcome := srv.Visitor(t, wire.Frame{Contact: &wire.ContactUpdate{Email: "a@example.com"}})
	if welcome.Settings.Email {
		t.Fatal("the widget is told email works without SMTP settings")
	}
	v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "v1", Body: "hi"})
	conv := v.Expect(t, wire.TypeAck).Conv
	v.Send(t, wire.Frame{Type: wire.TypeTranscript, Conv: conv})
	if e := v.Expect(t, wire.TypeError); e.Error.Code != wire.CodeMailUnavailable {
		t.Fatalf("%+v", e.Error)
	}
}

func linkIn(t *testing.T, text string) string {
	t.Helper()
	i := strings.Index(text, "http://")
	if i < 0 {
		t.Fatalf("no link in:\n%s", text)
	}
	return strings.Fields(text[i:])[0]
}

type response struct {
	*http.Response
	body string
}

func get(t *testing.T, u, lang string) response {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return response{res, sb.String()}
}

// followLink opens an emailed link and returns the visitor token the
// widget page receives in the fragment.
func followLink(t *testing.T, srv *testserver.Server, link string) string {
	t.Helper()
	if !strings.HasPrefix(link, srv.URL+mail.LinkPath) {
		t.Fatalf("link %q is not on the server", link)
	}
	res := get(t, link, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("link: %d %s", res.StatusCode, res.body)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Path != "/w/" || loc.Query().Get("site") != srv.SiteKey || loc.Query().Get("lang") != "fr" || !strings.HasPrefix(loc.Fragment, "t=") {
		t.Fatalf("redirect to %q", res.Header.Get("Location"))
	}
	return strings.TrimPrefix(loc.Fragment, "t=")
}

func mustAtoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}
