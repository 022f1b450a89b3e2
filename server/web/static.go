package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
)

// asset is one file ready to serve, with its precompressed variants.
type asset struct {
	name     string
	etag     string
	ctype    string
	raw      []byte
	br, gzip []byte
}

func newAsset(name string, raw []byte) asset {
	sum := sha256.Sum256(raw)
	ctype := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".wasm":
		ctype = "application/wasm"
	case ".webmanifest":
		ctype = "application/manifest+json"
	case ".js":
		ctype = "text/javascript; charset=utf-8"
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	return asset{name: name, raw: raw, ctype: ctype, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
}

// compressed returns a with brotli and gzip bodies made now, for assets
// not built by `make apps` (the loader, compiled into the binary).
func (a asset) compressed() asset {
	var br, gz bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
	bw.Write(a.raw)
	bw.Close()
	gw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	gw.Write(a.raw)
	gw.Close()
	if br.Len() < len(a.raw) {
		a.br = br.Bytes()
	}
	if gz.Len() < len(a.raw) {
		a.gzip = gz.Bytes()
	}
	return a
}

// send writes the asset in the best encoding the client accepts, or 304.
// Everything is revalidated (no-cache) and the ETag makes that a 304.
func (a *asset) send(c *fiber.Ctx, cacheControl string) error {
	c.Set(fiber.HeaderETag, a.etag)
	c.Set(fiber.HeaderCacheControl, cacheControl)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && strings.Contains(match, a.etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, a.ctype)
	accept := c.Get(fiber.HeaderAcceptEncoding)
	switch {
	case a.br != nil && strings.Contains(accept, "br"):
		c.Set(fiber.HeaderContentEncoding, "br")
		return c.Send(a.br)
	case a.gzip != nil && strings.Contains(accept, "gzip"):
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(a.gzip)
	}
	return c.Send(a.raw)
}

// appFiles is one built go-app app: its files by path ("index.html",
// "web/app.<hash>.wasm", …).
type appFiles struct {
	files map[string]*asset
	built bool
}

// loadApp reads dist/<name>/ with the .br and .gz siblings the build made.
func loadApp(dist fs.FS, name string) (*appFiles, error) {
	app := &appFiles{files: map[string]*asset{}}
	root := path.Join("dist", name)
	err := fs.WalkDir(dist, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") {
			return nil
		}
		raw, err := fs.ReadFile(dist, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, root+"/")
		a := newAsset(rel, raw)
		a.br, _ = fs.ReadFile(dist, p+".br")
		a.gzip, _ = fs.ReadFile(dist, p+".gz")
		app.files[rel] = &a
		return nil
	})
	for rel := range app.files {
		if strings.HasPrefix(rel, "web/app.") && strings.HasSuffix(rel, ".wasm") {
			app.built = true // web/app.wasm, fingerprinted or not
		}
	}
	return app, err
}

// serve answers a path inside the app; unknown paths get the app page, so
// client-side routes work on reload.
func (a *appFiles) serve(c *fiber.Ctx, rel string) error {
	if !a.built {
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Status(fiber.StatusServiceUnavailable).SendString("This app is not built into this binary. Run `make build` (or `make run`), which compiles the WebAssembly apps and embeds them.")
	}
	f, ok := a.files[rel]
	if !ok {
		if path.Ext(rel) != "" {
			return fiber.ErrNotFound
		}
		f = a.files["index.html"]
	}
	if fingerprinted.MatchString(rel) {
		// The name changes with the content (embed/fingerprint): keep it.
		return f.send(c, "public, max-age=31536000, immutable")
	}
	// Entry points (the page, the worker, the manifest, icons) are
	// revalidated each time; their ETag makes that a 304.
	return f.send(c, "no-cache")
}

// fingerprinted matches the names embed/fingerprint gives, e.g.
// web/app.1f2e3d4c5b6a.wasm.
var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{12}\.[a-z]+$`)

func (srv *Server) serveLoader(c *fiber.Ctx) error {
	// Shops' pages load this on every view: a short cache, then a cheap 304.
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	return srv.loader.send(c, "public, max-age=300")
}

func (srv *Server) serveWidget(c *fiber.Ctx) error {
	rel := c.Params("*")
	if rel == "" || rel == "index.html" {
		srv.frameHeaders(c)
	}
	return srv.widget.serve(c, rel)
}

func (srv *Server) serveAgentApp(c *fiber.Ctx) error {
	rel := c.Params("*")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderContentSecurityPolicy, appCSP([]string{"'none'"}))
	c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	return srv.agent.serve(c, rel)
}

// frameHeaders lets only the site's own shop origins (and Comptoir itself,
// for /demo) frame the widget page.
func (srv *Server) frameHeaders(c *fiber.Ctx) {
	ancestors := []string{"'self'", srv.publicURL}
	if site, err := srv.db.SiteByKey(c.Query("site")); err == nil {
		ancestors = append(ancestors, site.AllowedOrigins...)
	}
	c.Set(fiber.HeaderContentSecurityPolicy, appCSP(ancestors))
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
}
