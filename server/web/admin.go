package web

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// Audit log page sizes.
const (
	defaultAuditLimit = 100
	maxAuditLimit     = 1000
	// maxRetentionDays is a hundred years: beyond that, say 0 (forever).
	maxRetentionDays = 36500
)

var (
	errAdminOnly      = &wire.Error{Code: wire.CodeForbidden, Message: "only an admin can do this"}
	errContactUnknown = &wire.Error{Code: wire.CodeNotFound, Message: "no contact (visitor) has this id"}
	errSiteUnknown    = &wire.Error{Code: wire.CodeSiteNotFound, Message: "no site has this id"}
)

// adminRoutes registers the data-protection endpoints. They sit behind
// requireAgent (session and CSRF) and add the admin check.
func (srv *Server) adminRoutes(api fiber.Router) {
	admin := api.Group("/admin", srv.requireAdmin)
	admin.Get("/contacts/:id/export", srv.exportContact)
	admin.Post("/contacts/:id/erase", srv.eraseContact)
	admin.Get("/backup", srv.backup)
	admin.Get("/audit", srv.auditLog)
	admin.Post("/sites/:id/retention", srv.setRetention)
	admin.Get("/sites", srv.listSites)
	admin.Post("/sites", srv.createSite)
	admin.Patch("/sites/:id", srv.patchSite)
	srv.hoursRoutes(admin)
}

// requireAdmin lets admins through. The role comes from the stored agent
// behind the session, never from the request.
func (srv *Server) requireAdmin(c *fiber.Ctx) error {
	as := currentSession(c)
	if as == nil {
		return errUnauthorized
	}
	if as.agent.Role != wire.RoleAdmin {
		return errAdminOnly
	}
	return c.Next()
}

// contactParam reads :id as a visitor id.
func contactParam(c *fiber.Ctx) (uint64, error) {
	id := chat.ParseID(c.Params("id"))
	if id == 0 {
		return 0, errContactUnknown
	}
	return id, nil
}

// exportContact answers everything stored about one visitor, as a JSON
// download. The audit line is written before the data leaves.
func (srv *Server) exportContact(c *fiber.Ctx) error {
	id, err := contactParam(c)
	if err != nil {
		return err
	}
	exp, err := srv.db.ExportVisitorAudited(currentSession(c).agent.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return errContactUnknown
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="comptoir-contact-%d.json"`, id))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(exp)
}

// EraseResult is the answer of the erase endpoint.
type EraseResult struct {
	Erased store.Erased `json:"erased"`
	// Note tells the admin what is left to do for the bytes to leave the disk.
	Note string `json:"note"`
}

// eraseContact deletes a visitor and its conversations, then closes the
// shopper's open sockets (their token no longer opens anything).
func (srv *Server) eraseContact(c *fiber.Ctx) error {
	id, err := contactParam(c)
	if err != nil {
		return err
	}
	erased, err := srv.db.EraseVisitor(currentSession(c).agent.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return errContactUnknown
	}
	if err != nil {
		return err
	}
	srv.hub.Publish(hub.VisitorTopic(id), hub.Event{CloseCode: wire.CloseUnauthorized})
	srv.flushSearch()
	srv.log.Info("contact erased", "visitor", id, "by", currentSession(c).agent.ID, "erased", erased.String())
	return c.JSON(EraseResult{
		Erased: erased,
		Note:   "erased from the database; run `comptoir compact` in a maintenance window to wipe the freed space of the data file, and rotate older backups",
	})
}

// backup streams a consistent copy of the database. It is first copied to
// an unlinked temporary file (a short read transaction), then sent at the
// client's pace, so a slow download never holds up the writer.
func (srv *Server) backup(c *fiber.Ctx) error {
	if _, err := srv.db.Audit(store.AuditEntry{AgentID: currentSession(c).agent.ID, Action: store.AuditBackup, Target: "database"}); err != nil {
		return err
	}
	f, size, err := srv.db.Snapshot()
	if err != nil {
		return err
	}
	name := "comptoir-" + srv.now().UTC().Format("20060102T150405Z") + ".db"
	c.Set(fiber.HeaderContentType, "application/octet-stream")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	// fasthttp closes f (freeing the space) once it is sent.
	return c.SendStream(f, int(size))
}

// AuditLog is the answer of the audit endpoint, newest entry first.
type AuditLog struct {
	Entries []store.AuditEntry `json:"entries"`
}

func (srv *Server) auditLog(c *fiber.Ctx) error {
	limit := defaultAuditLimit
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxAuditLimit {
			return badRequest(fmt.Sprintf("limit must be a number from 1 to %d", maxAuditLimit))
		}
		limit = n
	}
	entries, err := srv.db.AuditLog(limit)
	if err != nil {
		return err
	}
	return c.JSON(AuditLog{Entries: entries})
}

// RetentionRequest sets a site's retention; 0 keeps conversations forever.
type RetentionRequest struct {
	RetentionDays *int `json:"retentionDays"`
}

// RetentionSetting is the answer of the retention endpoint.
type RetentionSetting struct {
	Site          uint64 `json:"site"`
	RetentionDays int    `json:"retentionDays"`
}

func (srv *Server) setRetention(c *fiber.Ctx) error {
	siteID := chat.ParseID(c.Params("id"))
	if siteID == 0 {
		return errSiteUnknown
	}
	var req RetentionRequest
	if err := c.BodyParser(&req); err != nil || req.RetentionDays == nil {
		return badRequest(`the body must be JSON: {"retentionDays": 30} (0 keeps conversations forever)`)
	}
	days := *req.RetentionDays
	if days < 0 || days > maxRetentionDays {
		return badRequest(fmt.Sprintf("retentionDays must be from 0 (forever) to %d", maxRetentionDays))
	}
	site, err := srv.db.SetRetention(currentSession(c).agent.ID, siteID, days)
	if errors.Is(err, store.ErrNotFound) {
		return errSiteUnknown
	}
	if err != nil {
		return err
	}
	return c.JSON(RetentionSetting{Site: site.ID, RetentionDays: site.RetentionDays})
}
