package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// Canned replies: every agent of a site reads its library; admins write it.
// A site or reply outside the caller's sites answers 404 before any role
// check, so ids tell an agent of another shop nothing.

var errCannedUnknown = &wire.Error{Code: wire.CodeNotFound, Message: "no canned reply has this id"}

// cannedRoutes registers the library's endpoints; they sit behind
// requireAgent (session and CSRF).
func (srv *Server) cannedRoutes(api fiber.Router) {
	api.Get("/sites/:id/canned", srv.listCanned)
	api.Post("/sites/:id/canned", srv.createCanned)
	api.Patch("/canned/:id", srv.patchCanned)
	api.Delete("/canned/:id", srv.deleteCanned)
}

// cannedSite reads :id as a site the caller works on.
func (srv *Server) cannedSite(c *fiber.Ctx) (store.Site, error) {
	id := chat.ParseID(c.Params("id"))
	if id == 0 || !chat.CanSee(currentSession(c).agent, id) {
		return store.Site{}, errSiteUnknown
	}
	s, err := srv.db.Site(id)
	if errors.Is(err, store.ErrNotFound) {
		return s, errSiteUnknown
	}
	return s, err
}

// cannedReply reads :id as a reply of a site the caller works on.
func (srv *Server) cannedReply(c *fiber.Ctx) (store.CannedReply, error) {
	id := chat.ParseID(c.Params("id"))
	if id == 0 {
		return store.CannedReply{}, errCannedUnknown
	}
	r, err := srv.db.Canned(id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !chat.CanSee(currentSession(c).agent, r.SiteID) {
		return store.CannedReply{}, errCannedUnknown
	}
	return r, err
}

// adminOnly refuses agents who are not admins.
func adminOnly(c *fiber.Ctx) error {
	if currentSession(c).agent.Role != wire.RoleAdmin {
		return errAdminOnly
	}
	return nil
}

func cannedView(r store.CannedReply) wire.CannedReply {
	texts := make(map[string]string, len(r.Texts))
	for k, v := range r.Texts {
		texts[k] = v
	}
	return wire.CannedReply{
		ID: strconv.FormatUint(r.ID, 10), Site: strconv.FormatUint(r.SiteID, 10),
		Shortcut: r.Shortcut, Title: r.Title, Texts: texts, UpdatedAt: r.UpdatedAt.UnixMilli(),
	}
}

func (srv *Server) listCanned(c *fiber.Ctx) error {
	site, err := srv.cannedSite(c)
	if err != nil {
		return err
	}
	replies, err := srv.db.CannedBySite(site.ID)
	if err != nil {
		return err
	}
	out := wire.CannedList{Replies: make([]wire.CannedReply, 0, len(replies))}
	for _, r := range replies {
		out.Replies = append(out.Replies, cannedView(r))
	}
	return c.JSON(out)
}

// applyCannedChange checks every field present in ch and applies it to r;
// the error names the first bad field.
func applyCannedChange(r *store.CannedReply, ch wire.CannedChange) *wire.Error {
	if ch.Shortcut != nil {
		s := strings.TrimPrefix(strings.TrimSpace(*ch.Shortcut), "/")
		if !wire.ValidCannedShortcut(s) {
			return badRequest(fmt.Sprintf("shortcut: %q must be 1 to %d lower-case letters, digits, - or _ (like refund)", *ch.Shortcut, wire.MaxCannedShortcut))
		}
		r.Shortcut = s
	}
	if ch.Title != nil {
		t := strings.TrimSpace(*ch.Title)
		if t == "" || utf8.RuneCountInString(t) > wire.MaxCannedTitle {
			return badRequest(fmt.Sprintf("title must have 1 to %d characters", wire.MaxCannedTitle))
		}
		r.Title = t
	}
	if ch.Texts != nil {
		if len(ch.Texts) == 0 {
			return badRequest("texts: give at least one language's text, e.g. {\"en\": \"…\"}")
		}
		for lang := range ch.Texts {
			if !slices.Contains(supportedLangs, lang) {
				return badRequest(fmt.Sprintf("texts: %q is not one of %s", lang, strings.Join(supportedLangs, ", ")))
			}
		}
		texts := make(map[string]string, len(ch.Texts))
		// In a fixed order, so the same body always names the same field.
		for _, lang := range supportedLangs {
			text, ok := ch.Texts[lang]
			if !ok {
				continue
			}
			if msg := wire.CheckCannedText(lang, text); msg != "" {
				return badRequest(msg)
			}
			texts[lang] = text
		}
		r.Texts = texts
	}
	return nil
}

// decodeCannedChange reads the body; unknown fields are refused, so a
// typo ("text" for "texts") is named instead of silently ignored.
func decodeCannedChange(c *fiber.Ctx) (wire.CannedChange, *wire.Error) {
	var ch wire.CannedChange
	dec := json.NewDecoder(strings.NewReader(string(c.Body())))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ch); err != nil {
		return ch, badRequest("the body must be JSON {\"shortcut\", \"title\", \"texts\": {\"en\": …}}: " + err.Error())
	}
	return ch, nil
}

// cannedStoreError turns the store's refusals into named 400s.
func cannedStoreError(err error, shortcut string) error {
	switch {
	case errors.Is(err, store.ErrConflict):
		return badRequest(fmt.Sprintf("shortcut: /%s is already used in this site", shortcut))
	case errors.Is(err, store.ErrLibraryFull):
		return badRequest(fmt.Sprintf("this site already has %d canned replies, the most it may hold", wire.MaxCannedPerSite))
	case errors.Is(err, store.ErrNotFound):
		return errCannedUnknown
	}
	return err
}

func (srv *Server) createCanned(c *fiber.Ctx) error {
	site, err := srv.cannedSite(c)
	if err != nil {
		return err
	}
	if err := adminOnly(c); err != nil {
		return err
	}
	ch, bad := decodeCannedChange(c)
	if bad != nil {
		return bad
	}
	switch {
	case ch.Shortcut == nil:
		return badRequest("shortcut is required")
	case ch.Title == nil:
		return badRequest("title is required")
	case ch.Texts == nil:
		return badRequest("texts is required: at least one language's text, e.g. {\"en\": \"…\"}")
	}
	r := store.CannedReply{SiteID: site.ID}
	if bad := applyCannedChange(&r, ch); bad != nil {
		return bad
	}
	created, err := srv.db.CreateCanned(currentSession(c).agent.ID, r, wire.MaxCannedPerSite)
	if err != nil {
		return cannedStoreError(err, r.Shortcut)
	}
	return c.Status(fiber.StatusCreated).JSON(cannedView(created))
}

func (srv *Server) patchCanned(c *fiber.Ctx) error {
	r, err := srv.cannedReply(c)
	if err != nil {
		return err
	}
	if err := adminOnly(c); err != nil {
		return err
	}
	ch, bad := decodeCannedChange(c)
	if bad != nil {
		return bad
	}
	// Checked against a scratch copy first: a refused change writes
	// nothing, not even an audit line.
	scratch := r
	if bad := applyCannedChange(&scratch, ch); bad != nil {
		return bad
	}
	updated, err := srv.db.UpdateCanned(currentSession(c).agent.ID, r.ID, func(stored *store.CannedReply) { applyCannedChange(stored, ch) })
	if err != nil {
		return cannedStoreError(err, scratch.Shortcut)
	}
	return c.JSON(cannedView(updated))
}

func (srv *Server) deleteCanned(c *fiber.Ctx) error {
	r, err := srv.cannedReply(c)
	if err != nil {
		return err
	}
	if err := adminOnly(c); err != nil {
		return err
	}
	if _, err := srv.db.DeleteCanned(currentSession(c).agent.ID, r.ID); err != nil {
		return cannedStoreError(err, r.Shortcut)
	}
	return c.SendStatus(fiber.StatusNoContent)
}
