package e2e

import (
	"fmt"
	"testing"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// TestAdminGivesAnAgentASite: in the Agents panel an admin ticks a second
// site for an agent and saves; the agent's open app reconnects and its
// inbox then holds that site's conversation too, with the site filter.
// With two sites, the admin's settings panels show a site picker
// (sitePicker, shared by the canned replies, office hours, routing and
// conversation panels): office hours chosen for the second site are saved
// on it and on it only.
func TestAdminGivesAnAgentASite(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	boutique, err := srv.DB().CreateSite(store.Site{Key: "pk_boutique", Name: "Boutique Two"})
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword("carla-password-1")
	carla, err := srv.DB().CreateAgent(store.Agent{Email: "carla@atelier.example", Name: "Carla", Role: wire.RoleAgent, Sites: []uint64{srv.Site.ID}, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	for key, body := range map[string]string{srv.SiteKey: "A question for the atelier", boutique.Key: "A question for the boutique"} {
		v, _ := srv.Visitor(t, wire.Frame{Site: key})
		v.Send(t, wire.Frame{Type: wire.TypeSend, CID: key, Body: body})
		v.Expect(t, wire.TypeAck)
	}
	browser := startBrowser(t)
	admin := newTab(t, browser, "admin")
	agent := newTab(t, browser, "agent")
	step := steps(t, nil, admin, agent)

	step("the agent of one site sees that site's conversation only, and no site filter", func(t *testing.T) {
		signIn(agent, srv.URL, "carla@atelier.example", "carla-password-1")
		agent.poll("one row", `document.querySelectorAll('[id^="row-"]').length === 1`)
		if eval[bool](agent, `!!document.getElementById('filter-site') || !!document.getElementById('agents-open')`) {
			t.Error("a site filter with one site, or the admins' Agents button for an agent")
		}
	})
	step("the admin ticks the second site in the Agents panel and saves", func(t *testing.T) {
		signIn(admin, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
		admin.click(admin.ax("", "button", "Agents"))
		admin.ax("", "dialog", "Agents")
		box := fmt.Sprintf("agent-%d-site-%d", carla.ID, boutique.ID)
		admin.poll("the agent's site boxes", `!!document.getElementById('`+box+`') && !document.getElementById('`+box+`').checked`)
		admin.clickCSS("#" + box)
		admin.poll("ticked", `document.getElementById('`+box+`').checked`)
		admin.clickCSS(fmt.Sprintf("#agent-save-%d", carla.ID))
		admin.poll("saved", `document.getElementById('agents-notice').textContent === 'Sites of Carla saved.'`)
		a, _ := srv.DB().Agent(carla.ID)
		if len(a.Sites) != 2 {
			t.Fatalf("stored sites %v", a.Sites)
		}
	})
	step("the agent's app comes back with both sites and a site filter", func(t *testing.T) {
		agent.poll("two rows", `document.querySelectorAll('[id^="row-"]').length === 2`)
		agent.poll("site filter", `!!document.getElementById('filter-site')`)
		choose(agent, "filter-site", fmt.Sprint(boutique.ID))
		agent.poll("the boutique's row only", `document.querySelectorAll('[id^="row-"]').length === 1 && document.querySelector('[id^="row-"]').textContent.includes('boutique')`)
	})
	step("the office hours panel picks the second site, and saves its hours there only", func(t *testing.T) {
		admin.click(admin.ax("", "button", "Close"))
		admin.poll("the Agents panel closed", `!document.getElementById('agents-panel')`)
		admin.click(admin.ax("", "button", "Office hours"))
		admin.poll("a picker of the two sites, the first chosen", fmt.Sprintf(
			`(s => !!s && s.options.length === 2 && s.value === '%d')(document.getElementById('hours-site')) && !!document.getElementById('hours-zone')`, srv.Site.ID))
		// The form of the first site is replaced once the second's hours are in.
		eval[bool](admin, `(document.getElementById('hours-zone').dataset.first = '1', true)`)
		choose(admin, "hours-site", fmt.Sprint(boutique.ID))
		admin.poll("the second site's form", `(z => !!z && !z.dataset.first)(document.getElementById('hours-zone'))`)
		eval[bool](admin, `(e => { e.value = ''; return true })(document.getElementById('hours-zone'))`)
		admin.typeInto(admin.ax("", "textbox", "Time zone"), "Europe/Rome")
		admin.typeInto(admin.ax("", "textbox", "Monday"), "09:00-18:00")
		eval[bool](admin, `(document.getElementById('hours-save').scrollIntoView({block: 'center'}), true)`)
		admin.click(admin.ax("", "button", "Save office hours"))
		admin.poll("saved", `[...document.querySelectorAll('#hours-panel [role=status]')].some(p => p.textContent.includes('saved'))`)
		api := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		var hours wire.SiteHours
		if status := api.Do(t, "GET", fmt.Sprintf("/api/v1/admin/sites/%d/hours", boutique.ID), nil, &hours); status != 200 || hours.Hours.TimeZone != "Europe/Rome" || len(hours.Hours.Week) != 1 {
			t.Fatalf("the second site's hours: %d %+v", status, hours.Hours)
		}
		var first wire.SiteHours // a fresh value: decoding leaves absent fields alone
		if status := api.Do(t, "GET", fmt.Sprintf("/api/v1/admin/sites/%d/hours", srv.Site.ID), nil, &first); status != 200 || first.Hours.TimeZone == "Europe/Rome" {
			t.Fatalf("the first site's hours changed too: %d %+v", status, first.Hours)
		}
	})
}
