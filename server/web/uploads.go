package web

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/limit"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/upload"
	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Uploads: POST /api/v1/uploads stores a file for its uploader, who then
// lists its id in a send; GET /api/v1/uploads/{id}/{name} serves it. A
// visitor authenticates with its token in "Authorization: Visitor <token>"
// and its site's key in X-Comptoir-Site (a header, so no other page can
// make a shopper's browser upload: no CSRF); an agent with the session
// cookie and the CSRF header, as for every other change.

const (
	uploadPath = "/api/v1/uploads"
	// visitorScheme is the Authorization scheme of a visitor's token.
	visitorScheme = "Visitor "
	siteHeader    = "X-Comptoir-Site"
	// uploadBodyLimit is the largest request body of an upload: the file
	// plus room for the multipart framing. Every other request keeps the
	// server's 1 MiB limit (see uploadRequestConfig).
	uploadBodyLimit = upload.MaxSize + 64<<10
	// uploadReadTimeout gives a 10 MiB upload time on a slow mobile link.
	uploadReadTimeout = 3 * time.Minute
)

// Upload rates. A shopper sends a few photos of a parcel, not hundreds
// (per site: SiteLimits.UploadsPerHour, UploadsPerIPPerHour); an agent
// sends labels and invoices all day. Refused uploads count too, so probing
// the allowlist is as slow as uploading. The per-IP rule counts shoppers
// only: a support team often shares one office address.
var uploadAgentRule = limit.Rule{Burst: 200, Per: time.Hour}

// uploadLimiters are the upload rate limiters: shoppers' by their site's
// rules, agents' by one rule.
type uploadLimiters struct {
	sites *limit.ByRule
	agent *limit.Keyed
}

func newUploadLimiters(now func() time.Time) uploadLimiters {
	return uploadLimiters{sites: limit.NewByRule(now), agent: limit.New(uploadAgentRule, now)}
}

// uploadRequestConfig lets an upload's body be up to uploadBodyLimit and
// take longer to arrive; it runs on the request's headers, before the body
// is read, so every other request is still cut at the server's BodyLimit
// without being read. Set as the fasthttp server's HeaderReceived.
func uploadRequestConfig(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	if string(h.Method()) != fiber.MethodPost {
		return fasthttp.RequestConfig{}
	}
	path, _, _ := strings.Cut(string(h.RequestURI()), "?")
	// The absolute form (a proxy's "POST http://host/api/v1/uploads").
	if _, rest, ok := strings.Cut(path, "://"); ok {
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			path = rest[i:]
		}
	}
	if path != uploadPath {
		return fasthttp.RequestConfig{}
	}
	return fasthttp.RequestConfig{MaxRequestBodySize: uploadBodyLimit, ReadTimeout: uploadReadTimeout}
}

// tooLarge is the error of a request body cut by the server's limits.
func tooLarge(path string) *wire.Error {
	if path == uploadPath {
		return errFileTooLarge
	}
	return &wire.Error{Code: wire.CodeBadRequest, Message: "the request body is larger than the server accepts"}
}

var errFileTooLarge = &wire.Error{Code: wire.CodeFileTooLarge, Message: fmt.Sprintf("files are limited to %d MiB", upload.MaxSize>>20)}

// uploadRoutes registers the upload endpoints; they authenticate visitors
// as well as agents, so they come before the agents-only middleware.
func (srv *Server) uploadRoutes(api fiber.Router) {
	api.Post("/uploads", srv.uploaderAuth, srv.postUpload)
	api.Get("/uploads/:id/:name", srv.getUpload)
}

// localsUploader is the key of the visitor uploading, in Fiber locals.
const localsUploader = "uploader"

// uploaderAuth lets through a visitor with a valid token for the site, or
// an agent with a session and the CSRF header (requireAgent).
func (srv *Server) uploaderAuth(c *fiber.Ctx) error {
	if !strings.HasPrefix(c.Get(fiber.HeaderAuthorization), visitorScheme) {
		return srv.requireAgent(c)
	}
	v, err := srv.visitorFromHeaders(c)
	if err != nil {
		return err
	}
	c.Locals(localsUploader, &v)
	return c.Next()
}

// visitorFromHeaders finds the visitor of the Authorization and site
// headers; a token of another site is as unknown as a wrong one.
func (srv *Server) visitorFromHeaders(c *fiber.Ctx) (store.Visitor, error) {
	errVisitor := &wire.Error{Code: wire.CodeUnauthorized, Message: "send the visitor token as \"Authorization: Visitor <token>\" and the site key as " + siteHeader}
	token := strings.TrimSpace(strings.TrimPrefix(c.Get(fiber.HeaderAuthorization), visitorScheme))
	site, err := srv.db.SiteByKey(c.Get(siteHeader))
	if token == "" || err != nil {
		return store.Visitor{}, errVisitor
	}
	v, err := srv.db.VisitorByToken(token)
	if err != nil || v.SiteID != site.ID {
		return store.Visitor{}, errVisitor
	}
	return v, nil
}

func (srv *Server) postUpload(c *fiber.Ctx) error {
	var up store.NewUpload
	var key string
	lim := srv.uploads.agent
	if v, ok := c.Locals(localsUploader).(*store.Visitor); ok {
		up.SiteID, up.Uploader = v.SiteID, store.Uploader{Kind: store.AuthorVisitor, ID: v.ID}
		site, err := srv.db.Site(v.SiteID)
		if err != nil {
			return err
		}
		rules := site.Limits.WithDefaults()
		key = strconv.FormatUint(v.ID, 10)
		lim = srv.uploads.sites.For(limit.Rule{Burst: rules.UploadsPerHour, Per: time.Hour})
		perIP := srv.uploads.sites.For(limit.Rule{Burst: rules.UploadsPerIPPerHour, Per: time.Hour})
		if ok, retry := perIP.Allow(strconv.FormatUint(site.ID, 10) + "|" + c.IP()); !ok {
			return rateLimited(c, retry, "too many uploads from your network; try again later")
		}
	} else {
		agent := currentSession(c).agent
		up.Uploader = store.Uploader{Kind: store.AuthorAgent, ID: agent.ID}
		key = strconv.FormatUint(agent.ID, 10)
	}
	if ok, retry := lim.Allow(key); !ok {
		return rateLimited(c, retry, fmt.Sprintf("you have sent many files; try again in %s", minutes(retry)))
	}

	fh, err := c.FormFile("file")
	if err != nil {
		return badRequest("send the file as multipart/form-data, in the field \"file\"")
	}
	if fh.Size > upload.MaxSize {
		return &wire.Error{Code: wire.CodeFileTooLarge, Message: fmt.Sprintf("files are limited to %d MiB; this one is %.1f MiB", upload.MaxSize>>20, float64(fh.Size)/(1<<20))}
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, upload.SniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return err
	}
	typ, err := upload.Check(head[:n], fh.Filename, fh.Header.Get(fiber.HeaderContentType))
	var te *upload.TypeError
	switch {
	case errors.Is(err, upload.ErrEmpty):
		return badRequest("the file is empty")
	case errors.As(err, &te):
		return &wire.Error{Code: wire.CodeUnsupportedFile, Message: te.Error()}
	case err != nil:
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	up.Name, up.Type = upload.CleanName(fh.Filename, typ), typ
	a, err := srv.db.SaveUpload(up, io.LimitReader(f, upload.MaxSize))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(chat.AttachmentView(a))
}

// getUpload serves a file. Its 128-bit id is the capability, as in a
// signed URL: once sent in a conversation anyone with the link may fetch it
// (an <img> cannot send a header, and the conversation's pages hold the
// link); before that, only its uploader. Unknown and not-yours look alike.
func (srv *Server) getUpload(c *fiber.Ctx) error {
	notFound := &wire.Error{Code: wire.CodeNotFound, Message: "no such file"}
	a, err := srv.db.Attachment(c.Params("id"))
	if errors.Is(err, store.ErrNotFound) {
		return notFound
	}
	if err != nil {
		return err
	}
	if a.ConvID == 0 && !srv.isUploader(c, a.Uploader) {
		return notFound
	}
	f, err := srv.db.OpenUpload(a)
	if errors.Is(err, store.ErrNotFound) {
		return notFound
	}
	if err != nil {
		return err
	}
	disposition := "attachment"
	if upload.Inline(a.Type) {
		disposition = "inline"
	}
	c.Set(fiber.HeaderContentType, a.Type)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderContentDisposition, contentDisposition(disposition, a.Name))
	// Opened on its own, the file runs nothing and loads nothing.
	c.Set(fiber.HeaderContentSecurityPolicy, "sandbox; default-src 'none'")
	// Only our own pages (the widget's frame, the agents' app) may embed it.
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	// A file never changes under its id; private: not for shared caches.
	c.Set(fiber.HeaderCacheControl, "private, max-age=31536000, immutable")
	c.Response().SetBodyStream(f, int(a.Size)) // fasthttp closes f
	return nil
}

// isUploader says whether the request comes from who uploaded: the visitor
// of the Authorization header, or the agent of the session cookie.
func (srv *Server) isUploader(c *fiber.Ctx, u store.Uploader) bool {
	if strings.HasPrefix(c.Get(fiber.HeaderAuthorization), visitorScheme) {
		v, err := srv.visitorFromHeaders(c)
		return err == nil && u == store.Uploader{Kind: store.AuthorVisitor, ID: v.ID}
	}
	token := c.Cookies(sessionCookie)
	if token == "" {
		return false
	}
	sess, err := srv.db.SessionByToken(token)
	return err == nil && u == store.Uploader{Kind: store.AuthorAgent, ID: sess.AgentID}
}

// contentDisposition is the header with an ASCII fallback filename and the
// exact name as RFC 5987 filename*, so no name can break out of the header.
func contentDisposition(kind, name string) string {
	var ascii, enc strings.Builder
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			ascii.WriteByte('_')
		} else {
			ascii.WriteRune(r)
		}
	}
	for _, b := range []byte(name) {
		if isAttrChar(b) {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return kind + `; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}

// isAttrChar is RFC 5987's attr-char.
func isAttrChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}
