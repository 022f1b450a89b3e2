package e2e

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/comptoir/comptoir/server/mail"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// offsetClock is the real time plus an offset the test moves forward, so
// the server's grace period passes without waiting while the browser's own
// clock (which formats the time the team is back) stays right.
type offsetClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *offsetClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}
func (c *offsetClock) add(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

var frenchWeekdays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// TestOfflineConversationAnsweredByEmail is issue 5's proof for "when
// nobody is there": outside office hours a French shopper sees when the
// team is back, leaves an email, writes and leaves; an agent answers from
// the agent app; the test's SMTP server receives the answer in French, and
// its link reopens the conversation in the widget.
func TestOfflineConversationAnsweredByEmail(t *testing.T) {
	needBrowser(t)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	smtp := testserver.StartSMTP(t)
	clk := &offsetClock{}
	srv := testserver.Start(t, testserver.WithClock(clk.now), testserver.WithSMTP(smtp.Addr))
	needApps(t, srv)
	shopURL := startFrenchShop(t, srv)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)

	// The team works only on the day three days from now: closed now.
	backDay := time.Now().In(paris).AddDate(0, 0, 3)

	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")
	agent := newTab(t, browser, "agent")
	if _, err := chromedp.Call(shopper.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	step := steps(t, nil, shopper, agent)
	var frame cdp.FrameID
	const (
		email    = "claire@example.com"
		question = "Bonjour, livrez-vous en Belgique ?"
		answer   = "Oui, en 3 jours ouvrés, frais de port offerts dès 50 €."
	)

	step("the agent signs in", func(t *testing.T) {
		signIn(agent, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
	})

	step("the admin sets office hours in the agent app; a wrong time zone is refused in words", func(t *testing.T) {
		agent.click(agent.ax("", "button", "Office hours"))
		agent.poll("the panel's form", `!!document.getElementById('hours-zone')`)
		eval[bool](agent, `(e => { e.value = ''; return true })(document.getElementById('hours-zone'))`)
		agent.typeInto(agent.ax("", "textbox", "Time zone"), "Europe/Pariss")
		agent.typeInto(agent.ax("", "textbox", backDay.Weekday().String()), "09:00-18:00")
		// The button is at the foot of the sheet, below the fold at 700 px.
		eval[bool](agent, `(document.getElementById('hours-save').scrollIntoView({block: 'center'}), true)`)
		agent.click(agent.ax("", "button", "Save office hours"))
		agent.poll("the server's refusal", `document.getElementById('hours-error').textContent.includes('timeZone: "Europe/Pariss" is not an IANA time zone')`)
		eval[bool](agent, `(e => { e.value = ''; return true })(document.getElementById('hours-zone'))`)
		agent.typeInto(agent.ax("", "textbox", "Time zone"), "Europe/Paris")
		// The button is at the foot of the sheet, below the fold at 700 px.
		eval[bool](agent, `(document.getElementById('hours-save').scrollIntoView({block: 'center'}), true)`)
		agent.click(agent.ax("", "button", "Save office hours"))
		agent.poll("saved", `document.getElementById('hours-now').textContent.startsWith('Shoppers see the team as away now, back ')`)
		var hours wire.SiteHours
		if status := admin.Do(t, "GET", fmt.Sprintf("/api/v1/admin/sites/%d/hours", srv.Site.ID), nil, &hours); status != 200 ||
			hours.Hours.TimeZone != "Europe/Paris" || len(hours.Hours.Week) != 1 || hours.Availability.Open {
			t.Fatalf("stored %d %+v", status, hours)
		}
		eval[bool](agent, `(h => { h.scrollIntoView(); return true })(document.getElementById('hours-title'))`)
		agent.click(agent.ax("", "button", "Close"))
		agent.poll("panel closed", `!document.getElementById('hours-panel')`)
	})

	step("the shopper sees that the team is away and when it is back, in French", func(t *testing.T) {
		shopper.do(chromedp.Navigate(shopURL))
		shopper.click(shopper.ax("", "button", "Ouvrir le chat"))
		frame = shopper.frame(srv.URL + "/w/")
		framePoll[bool](shopper, frame, "widget online", widgetOnline)
		want := "Nous sommes absents — de retour " + frenchWeekdays[backDay.Weekday()] + " à 09:00."
		got := framePoll[string](shopper, frame, "away notice", `document.querySelector('[role=status] .cpt-away')?.textContent`)
		if !strings.HasPrefix(got, want) {
			t.Fatalf("away notice %q, want it to start with %q", got, want)
		}
	})

	step("a mistyped email is refused in words and not saved", func(t *testing.T) {
		field := shopper.ax(frame, "textbox", "Votre email")
		shopper.typeInto(field, "claire.example.com")
		shopper.click(shopper.ax(frame, "button", "Enregistrer"))
		// The field says it is invalid, and its description says why.
		shopper.axWhere(frame, "textbox", "Votre email", func(n axNode) bool {
			return n.props["invalid"] == "true" && strings.HasPrefix(n.description, "Saisissez une adresse email valide")
		})
	})

	step("the shopper leaves an email, which the server keeps", func(t *testing.T) {
		framePoll[bool](shopper, frame, "field cleared", `(e => { e.value = ''; return true })(document.getElementById('cpt-email'))`)
		shopper.typeInto(shopper.ax(frame, "textbox", "Votre email"), email)
		shopper.click(shopper.ax(frame, "button", "Enregistrer"))
		framePoll[bool](shopper, frame, "thanks", `document.querySelector('[role=status] .cpt-off-status')?.textContent === `+jsString("Merci ! Si vous êtes parti, nous répondrons à "+email+"."))
		deadline := time.Now().Add(waitFor)
		for visitorEmail(t, srv) != email {
			if time.Now().After(deadline) {
				t.Fatalf("the visitor's email is %q", visitorEmail(t, srv))
			}
			time.Sleep(20 * time.Millisecond)
		}
	})

	step("the shopper writes; the message lands in the agents' inbox", func(t *testing.T) {
		shopper.typeInto(shopper.ax(frame, "textbox", "Message"), question)
		shopper.click(shopper.ax(frame, "button", "Envoyer"))
		waitList(t, "widget messages", func() ([]string, error) { return frameEval[[]string](shopper, frame, widgetBodies) }, question)
		agent.poll("inbox row", `[...document.querySelectorAll('[id^="row-"] .row-preview')].some(e => e.textContent === `+jsString(question)+`)`)
	})

	step("the shopper closes the chat and leaves the shop", func(t *testing.T) {
		before := srv.Chat().Connections()
		shopper.click(shopper.ax("", "button", "Fermer le chat"))
		// Closing the tab is leaving: its socket goes with it.
		if err := chromedp.Cancel(shopper.ctx); err != nil {
			t.Fatal(err)
		}
		waitCount(t, "closed sockets", func() int { return before - srv.Chat().Connections() }, 1)
	})

	step("the agent answers from the agent app", func(t *testing.T) {
		agent.clickCSS(`[id^="row-"]`)
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, question)
		agent.typeInto(agent.ax("", "textbox", "Reply"), answer)
		agent.do(chromedp.KeyEvent(kb.Enter))
		waitList(t, "desk messages", func() ([]string, error) { return tryEval[[]string](agent, deskBodies) }, question, answer)
	})

	var received testserver.Email
	step("after the grace period the test's SMTP server receives the answer, in French", func(t *testing.T) {
		clk.add(mail.Grace)
		srv.Mail().Pass(context.Background())
		received = smtp.Wait(t)
		if len(received.To) != 1 || received.To[0] != email {
			t.Errorf("to %v", received.To)
		}
		if !strings.HasSuffix(received.Subject, "a répondu à votre message") || received.Header.Get("Content-Language") != "fr" {
			t.Errorf("subject %q, language %q", received.Subject, received.Header.Get("Content-Language"))
		}
		for _, want := range []string{answer, question, "Reprendre la conversation"} {
			if !strings.Contains(received.Text, want) || !strings.Contains(received.HTML, html.EscapeString(want)) {
				t.Errorf("the email lacks %q:\n%s", want, received.Text)
			}
		}
	})

	step("the link in the email reopens the conversation in the widget", func(t *testing.T) {
		i := strings.Index(received.Text, srv.URL+mail.LinkPath)
		if i < 0 {
			t.Fatalf("no link to %s in:\n%s", srv.URL+mail.LinkPath, received.Text)
		}
		link := strings.Fields(received.Text[i:])[0]
		reader := newTab(t, browser, "mail reader")
		reader.do(chromedp.Navigate(link))
		reader.poll("widget online", widgetOnline)
		reader.poll("conversation", `[...document.querySelectorAll('#cpt-log .cpt-body')].map(e => e.textContent).join('|') === `+jsString(question+"|"+answer))
		if got := eval[string](reader, `location.hash`); got != "" {
			t.Errorf("the token stayed in the address bar: %q", got)
		}
		if got := eval[string](reader, `document.documentElement.lang`); got != "fr" {
			t.Errorf("widget language %q", got)
		}
		reader.noExceptions()
	})

	step("the shopper asks for the conversation by email and receives it", func(t *testing.T) {
		reader := newTab(t, browser, "transcript reader")
		i := strings.Index(received.Text, srv.URL+mail.LinkPath)
		reader.do(chromedp.Navigate(strings.Fields(received.Text[i:])[0]))
		reader.poll("widget online", widgetOnline)
		reader.click(reader.ax("", "button", "M’envoyer cette conversation par email"))
		reader.poll("confirmation", `document.querySelector('[role=status] .cpt-off-status')?.textContent === `+jsString("Cette conversation part vers "+email+"."))
		srv.Mail().Pass(context.Background())
		transcript := smtp.Wait(t)
		if transcript.To[0] != email || !strings.HasPrefix(transcript.Subject, "Votre conversation avec") ||
			!strings.Contains(transcript.Text, question) || !strings.Contains(transcript.Text, answer) {
			t.Fatalf("transcript to %v %q:\n%s", transcript.To, transcript.Subject, transcript.Text)
		}
		reader.noExceptions()
	})
}

// startFrenchShop serves the product page in French from an origin the
// demo site allows.
func startFrenchShop(t *testing.T, srv *testserver.Server) string {
	t.Helper()
	page := strings.Replace(productPage, `<html lang="en">`, `<html lang="fr">`, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sac", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, page, html.EscapeString(srv.URL), html.EscapeString(srv.SiteKey))
	})
	shop := httptest.NewServer(mux)
	t.Cleanup(shop.Close)
	if _, err := srv.DB().UpdateSite(srv.Site.ID, func(s *store.Site) { s.AllowedOrigins = append(s.AllowedOrigins, shop.URL) }); err != nil {
		t.Fatal(err)
	}
	return shop.URL + "/sac"
}

func visitorEmail(t *testing.T, srv *testserver.Server) string {
	t.Helper()
	convs, _ := srv.DB().ConversationsOfSite(srv.Site.ID, 1)
	if len(convs) == 1 {
		v, _ := srv.DB().Visitor(convs[0].VisitorID)
		return v.Email
	}
	// No conversation yet: the newest visitor of the site.
	for id := uint64(10); id > 0; id-- {
		if v, err := srv.DB().Visitor(id); err == nil && v.SiteID == srv.Site.ID {
			return v.Email
		}
	}
	return ""
}
