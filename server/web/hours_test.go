package web_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

type hoursClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *hoursClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *hoursClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func TestOfficeHours(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	// Saturday 28 November 2026, 15:00 in Paris.
	clk := &hoursClock{t: time.Date(2026, 11, 28, 15, 0, 0, 0, paris)}
	srv := testserver.Start(t, testserver.WithClock(clk.now))
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	path := "/api/v1/admin/sites/" + idOf(srv.Site.ID) + "/hours"

	visitor, welcome := srv.Visitor(t, wire.Frame{})
	t.Run("without office hours the team counts as in", func(t *testing.T) {
		if welcome.Availability == nil || !welcome.Availability.Open {
			t.Fatalf("%+v", welcome.Availability)
		}
	})
	t.Run("a schedule is refused with the bad field named, and nothing changes", func(t *testing.T) {
		for body, field := range map[string]string{
			`{"timeZone":"Paris","week":{"mon":["09:00-18:00"]}}`:                         "timeZone",
			`{"week":{"mon":["09:00-18:00"]}}`:                                            "timeZone is required",
			`{"timeZone":"Europe/Paris","week":{"lundi":["09:00-18:00"]}}`:                "lundi",
			`{"timeZone":"Europe/Paris","week":{"mon":["18:00-09:00"]}}`:                  "week.mon",
			`{"timeZone":"Europe/Paris","week":{"mon":["09:00-18:00"]},"holidays":["x"]}`: "holidays",
			`[1,2]`: "the body must be office hours",
		} {
			var e wire.ErrorBody
			if status := admin.Do(t, "PUT", path, rawJSON(body), &e); status != 400 || e.Error.Code != wire.CodeBadRequest || !strings.Contains(e.Error.Message, field) {
				t.Errorf("%s: %d %+v", body, status, e.Error)
			}
		}
		var got wire.SiteHours
		if admin.Do(t, "GET", path, nil, &got); len(got.Hours.Week) != 0 {
			t.Fatalf("a refused schedule was stored: %+v", got)
		}
	})
	t.Run("agents who are not admins cannot change them", func(t *testing.T) {
		if status, code := adminErr(t, adminPlainAgent(t, srv), "PUT", path, wire.OfficeHours{}); status != 403 || code != wire.CodeForbidden {
			t.Fatalf("%d %s", status, code)
		}
	})
	monday9 := time.Date(2026, 11, 30, 9, 0, 0, 0, paris)
	t.Run("a weekday schedule closes the weekend; widgets are told at once when the team is back", func(t *testing.T) {
		var got wire.SiteHours
		status := admin.Do(t, "PUT", path, wire.OfficeHours{TimeZone: "Europe/Paris", Week: map[string][]string{
			"mon": {"09:00-18:00"}, "tue": {"09:00-18:00"}, "wed": {"09:00-18:00"}, "thu": {"09:00-18:00"}, "fri": {"09:00-18:00"}, "sat": {},
		}, Holidays: []string{"2026-12-25"}}, &got)
		if status != 200 || got.Availability.Open || got.Availability.BackAt != monday9.UnixMilli() || len(got.Hours.Week) != 5 {
			t.Fatalf("%d %+v", status, got)
		}
		f := visitor.Expect(t, wire.TypeAvailability)
		if f.Availability.Open || f.Availability.BackAt != monday9.UnixMilli() {
			t.Fatalf("pushed %+v", f.Availability)
		}
		_, w := srv.Visitor(t, wire.Frame{})
		if w.Availability.Open || w.Availability.BackAt != monday9.UnixMilli() {
			t.Fatalf("a new widget's welcome: %+v", w.Availability)
		}
	})
	t.Run("when the schedule opens, widgets are told", func(t *testing.T) {
		clk.set(monday9)
		srv.Chat().CheckHours()
		f := visitor.Expect(t, wire.TypeAvailability)
		if !f.Availability.Open || f.Availability.BackAt != 0 {
			t.Fatalf("pushed %+v", f.Availability)
		}
	})
	t.Run("a shopper writing while the team is away still reaches the inbox", func(t *testing.T) {
		clk.set(time.Date(2026, 12, 25, 10, 0, 0, 0, paris)) // a holiday
		srv.Chat().CheckHours()
		visitor.Expect(t, wire.TypeAvailability)
		visitor.Send(t, wire.Frame{Type: wire.TypeSend, CID: "off-1", Body: "Anyone there?"})
		ack := visitor.Expect(t, wire.TypeAck)
		convs, _ := srv.DB().ConversationsOfSite(srv.Site.ID, 0)
		if len(convs) != 1 || idOf(convs[0].ID) != ack.Conv || convs[0].UnreadByAgents != 1 {
			t.Fatalf("%+v", convs)
		}
	})
	t.Run("an empty week means always open again", func(t *testing.T) {
		var got wire.SiteHours
		if status := admin.Do(t, "PUT", path, wire.OfficeHours{}, &got); status != 200 || !got.Availability.Open {
			t.Fatalf("%d %+v", status, got)
		}
		if s, _ := srv.DB().Site(srv.Site.ID); s.OfficeHours != nil {
			t.Fatalf("stored %+v", s.OfficeHours)
		}
		log, _ := srv.DB().AuditLog(1)
		if log[0].Detail != "changed officeHours" {
			t.Fatalf("audit %+v", log[0])
		}
	})
}

func TestContactEmailIsChecked(t *testing.T) {
	srv := testserver.Start(t)
	v, _ := srv.Visitor(t, wire.Frame{})
	v.Send(t, wire.Frame{Type: wire.TypeContact, Contact: &wire.ContactUpdate{Email: "anne at example"}})
	if e := v.Expect(t, wire.TypeError); e.Error.Code != wire.CodeInvalidEmail {
		t.Fatalf("%+v", e.Error)
	}
}

func idOf(id uint64) string { return strconv.FormatUint(id, 10) }
