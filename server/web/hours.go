package web

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/hours"
	"github.com/comptoir/comptoir/server/mail"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// Office hours (admins) and the links of emails to shoppers.

func (srv *Server) hoursRoutes(admin fiber.Router) {
	admin.Get("/sites/:id/hours", srv.getHours)
	admin.Put("/sites/:id/hours", srv.putHours)
}

func (srv *Server) siteHours(s store.Site) wire.SiteHours {
	out := wire.SiteHours{Availability: srv.chat.Availability(s)}
	if s.OfficeHours != nil {
		out.Hours = wire.OfficeHours(*s.OfficeHours)
	}
	return out
}

func (srv *Server) getHours(c *fiber.Ctx) error {
	s, err := srv.db.Site(chat.ParseID(c.Params("id")))
	if err != nil {
		return errSiteUnknown
	}
	return c.JSON(srv.siteHours(s))
}

// putHours replaces a site's office hours. Nothing is stored unless the
// whole schedule is valid; the error names the bad field.
func (srv *Server) putHours(c *fiber.Ctx) error {
	id := chat.ParseID(c.Params("id"))
	if _, err := srv.db.Site(id); err != nil {
		return errSiteUnknown
	}
	var h wire.OfficeHours
	if err := json.Unmarshal(c.Body(), &h); err != nil {
		return badRequest(`the body must be office hours: {"timeZone":"Europe/Paris","week":{"mon":["09:00-17:00"]},"holidays":["2026-12-25"]}`)
	}
	if _, err := hours.Parse(h); err != nil {
		return badRequest(err.Error())
	}
	for day, ranges := range h.Week {
		if len(ranges) == 0 {
			delete(h.Week, day) // closed: the same as absent
		}
	}
	var stored *store.OfficeHours // no opening range at all: always open
	if len(h.Week) > 0 {
		stored = new(store.OfficeHours(h))
	}
	updated, err := srv.db.UpdateSiteAs(currentSession(c).agent.ID, id, "changed officeHours", func(s *store.Site) { s.OfficeHours = stored })
	if err != nil {
		return err
	}
	srv.chat.HoursChanged()
	return c.JSON(srv.siteHours(updated))
}

// openLink answers a link from an email: it checks the signature, gives
// this browser a new visitor token for the shopper, and opens the widget
// on its own page with the token in the fragment (never sent to a server
// nor in a Referer), where the widget takes it and removes it.
func (srv *Server) openLink(c *fiber.Ctx) error {
	lang := mail.PickLang(acceptLanguage(c.Get(fiber.HeaderAcceptLanguage))...)
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderCacheControl, "no-store")
	key, err := srv.db.LinkKey()
	if err != nil {
		return err
	}
	convID, visitorID, err := mail.VerifyLink(key, c.Params("token"), srv.now())
	if err != nil {
		return c.Status(fiber.StatusNotFound).SendString(mail.LinkExpired(lang))
	}
	conv, err := srv.db.Conversation(convID)
	if err != nil || conv.VisitorID != visitorID {
		return c.Status(fiber.StatusNotFound).SendString(mail.LinkExpired(lang))
	}
	site, err := srv.db.Site(conv.SiteID)
	if err != nil {
		return c.Status(fiber.StatusNotFound).SendString(mail.LinkExpired(lang))
	}
	token := auth.NewToken(32)
	if err := srv.db.AddVisitorToken(visitorID, token); err != nil {
		return c.Status(fiber.StatusNotFound).SendString(mail.LinkExpired(lang))
	}
	if v, err := srv.db.Visitor(visitorID); err == nil {
		if l := mail.VisitorLang(v); l != "" {
			lang = l
		}
	}
	return c.Redirect("/w/?site="+url.QueryEscape(site.Key)+"&lang="+lang+"#t="+token, fiber.StatusSeeOther)
}

// acceptLanguage lists the languages of an Accept-Language header in order.
func acceptLanguage(h string) []string {
	var out []string
	for _, part := range strings.Split(h, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if tag != "" {
			out = append(out, tag)
		}
	}
	return out
}
