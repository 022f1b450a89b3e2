package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// Site administration (admins only, under /api/v1/admin/sites).

var (
	colorPattern   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	supportedLangs = []string{"en", "fr", "it", "es", "de"}
)

func siteAdminView(s store.Site) wire.Site {
	return wire.Site{
		ID: fmt.Sprint(s.ID), Key: s.Key, Name: s.Name, AllowedOrigins: append([]string{}, s.AllowedOrigins...),
		Color: s.Color, Greeting: s.Greeting, Languages: s.Languages, IdentitySecret: s.IdentitySecret,
		RequireVerifiedIdentity: s.RequireVerifiedIdentity, RetentionDays: s.RetentionDays,
		Limits:  wire.SiteLimits(s.Limits),
		Reasons: chat.SiteReasons(s), AutoAck: wire.AutoAck{On: s.AutoAck.On, Texts: s.AutoAck.Texts}, ConfirmHours: s.ConfirmHours,
	}
}

func (srv *Server) listSites(c *fiber.Ctx) error {
	sites, err := srv.db.Sites()
	if err != nil {
		return err
	}
	out := wire.SiteList{Sites: []wire.Site{}}
	for _, s := range sites {
		out.Sites = append(out.Sites, siteAdminView(s))
	}
	return c.JSON(out)
}

// applySiteChange checks every field of ch and applies it to s; the error
// names the first bad field.
func applySiteChange(s *store.Site, ch wire.SiteChange) *wire.Error {
	if ch.Name != nil {
		name := strings.TrimSpace(*ch.Name)
		if name == "" || len(name) > 100 {
			return badRequest("name must have 1 to 100 characters")
		}
		s.Name = name
	}
	if ch.AllowedOrigins != nil {
		var origins []string
		for _, o := range *ch.AllowedOrigins {
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || strings.ContainsAny(o, " *;'\"") {
				return badRequest(fmt.Sprintf("allowedOrigins: %q is not an origin like https://shop.example.com", o))
			}
			origins = append(origins, u.Scheme+"://"+u.Host)
		}
		if len(origins) > 20 {
			return badRequest("allowedOrigins: at most 20")
		}
		s.AllowedOrigins = origins
	}
	if ch.Color != nil {
		if !colorPattern.MatchString(*ch.Color) {
			return badRequest("color must look like #4f46e5")
		}
		s.Color = *ch.Color
	}
	if ch.Greeting != nil {
		if len(*ch.Greeting) > 500 {
			return badRequest("greeting: at most 500 characters")
		}
		s.Greeting = *ch.Greeting
	}
	if ch.Languages != nil {
		for _, l := range *ch.Languages {
			if !slices.Contains(supportedLangs, l) {
				return badRequest(fmt.Sprintf("languages: %q is not one of en, fr, it, es, de", l))
			}
		}
		s.Languages = *ch.Languages
	}
	if ch.RequireVerifiedIdentity != nil {
		s.RequireVerifiedIdentity = *ch.RequireVerifiedIdentity
	}
	if l := ch.Limits; l != nil {
		if min(l.MessagesPerMinute, l.ConversationsPerHour, l.MessagesPerIPPerMinute, l.UploadsPerHour, l.UploadsPerIPPerHour) < 0 {
			return badRequest("limits cannot be negative (0 means the default)")
		}
		s.Limits = store.SiteLimits(*l)
	}
	return applyConvoSettings(s, ch)
}

func (srv *Server) createSite(c *fiber.Ctx) error {
	var ch wire.SiteChange
	if err := json.Unmarshal(c.Body(), &ch); err != nil {
		return badRequest("the body must be a JSON site: {\"name\":…, \"allowedOrigins\":[…]}")
	}
	if ch.Name == nil {
		return badRequest("a new site needs a name")
	}
	s := store.Site{Key: "pk_" + auth.NewToken(12), Color: "#4f46e5", Languages: supportedLangs, IdentitySecret: auth.NewToken(32)}
	if err := applySiteChange(&s, ch); err != nil {
		return err
	}
	created, err := srv.db.CreateSite(s)
	if err != nil {
		return err
	}
	srv.audit(c, "site.create", fmt.Sprint("site:", created.ID), created.Name)
	return c.Status(fiber.StatusCreated).JSON(siteAdminView(created))
}

func (srv *Server) patchSite(c *fiber.Ctx) error {
	id := chat.ParseID(c.Params("id"))
	if _, err := srv.db.Site(id); err != nil {
		return errSiteUnknown
	}
	var ch wire.SiteChange
	if err := json.Unmarshal(c.Body(), &ch); err != nil {
		return badRequest("the body must be JSON with the fields to change")
	}
	// The checks do not depend on the stored site: run them first, so a
	// refused change writes nothing, not even an audit line.
	if bad := applySiteChange(&store.Site{}, ch); bad != nil {
		return bad
	}
	updated, err := srv.db.UpdateSiteAs(currentSession(c).agent.ID, id, "changed "+changedFields(ch), func(s *store.Site) { applySiteChange(s, ch) })
	if err != nil {
		return err
	}
	return c.JSON(siteAdminView(updated))
}

// changedFields names the fields a change sets, for the audit log.
func changedFields(ch wire.SiteChange) string {
	var names []string
	for name, set := range map[string]bool{
		"name": ch.Name != nil, "allowedOrigins": ch.AllowedOrigins != nil, "color": ch.Color != nil,
		"greeting": ch.Greeting != nil, "languages": ch.Languages != nil,
		"requireVerifiedIdentity": ch.RequireVerifiedIdentity != nil, "limits": ch.Limits != nil,
		"reasons": ch.Reasons != nil, "autoAck": ch.AutoAck != nil, "confirmHours": ch.ConfirmHours != nil,
	} {
		if set {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// audit records an admin action; a failure to record is logged, not shown.
func (srv *Server) audit(c *fiber.Ctx, action, target, detail string) {
	if len(detail) > 500 {
		detail = detail[:500] + "…"
	}
	if _, err := srv.db.Audit(store.AuditEntry{AgentID: currentSession(c).agent.ID, Action: action, Target: target, Detail: detail}); err != nil {
		srv.log.Error("audit", "action", action, "err", err)
	}
}
