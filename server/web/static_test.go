package web

import (
	"bytes"
	"io"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"
)

func TestServingBuiltApps(t *testing.T) {
	dist := fstest.MapFS{
		"dist/widget/index.html":                   {Data: []byte(`<script src="/w/app.0123456789ab.js"></script>`)},
		"dist/widget/app.0123456789ab.js":          {Data: []byte("go-app loader")},
		"dist/widget/web/app.abcdef012345.wasm":    {Data: []byte("\x00asm")},
		"dist/widget/web/app.abcdef012345.wasm.br": {Data: []byte("br")},
		"dist/widget/web/app.abcdef012345.wasm.gz": {Data: []byte("gz")},
		"dist/widget/app-worker.js":                {Data: []byte("worker")},
	}
	files, err := loadApp(dist, "widget")
	if err != nil || !files.built {
		t.Fatalf("loadApp: built=%v err=%v", files.built, err)
	}
	app := fiber.New(fiber.Config{StrictRouting: true}) // as the server runs
	app.Get("/w/*", func(c *fiber.Ctx) error { return files.serve(c, c.Params("*")) })
	get := func(path string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		rec.Code = res.StatusCode
		for k, v := range res.Header {
			rec.Header()[k] = v
		}
		body, _ := io.ReadAll(res.Body)
		rec.Body.Write(body)
		return rec
	}

	t.Run("a fingerprinted file is cached for a year, immutable", func(t *testing.T) {
		res := get("/w/app.0123456789ab.js")
		if cc := res.Header().Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Fatalf("Cache-Control %q", cc)
		}
	})
	t.Run("entry points are revalidated", func(t *testing.T) {
		for _, p := range []string{"/w/", "/w/app-worker.js"} {
			if cc := get(p).Header().Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("%s: Cache-Control %q", p, cc)
			}
		}
	})
	t.Run("the best encoding the browser accepts is sent", func(t *testing.T) {
		br := get("/w/web/app.abcdef012345.wasm", "Accept-Encoding", "gzip, deflate, br")
		gz := get("/w/web/app.abcdef012345.wasm", "Accept-Encoding", "gzip")
		raw := get("/w/web/app.abcdef012345.wasm")
		if br.Body.String() != "br" || br.Header().Get("Content-Encoding") != "br" ||
			gz.Body.String() != "gz" || raw.Body.String() != "\x00asm" || raw.Header().Get("Content-Type") != "application/wasm" {
			t.Fatalf("br=%q gz=%q raw=%q", br.Body, gz.Body, raw.Body)
		}
	})
	t.Run("a matching ETag gets 304", func(t *testing.T) {
		etag := get("/w/").Header().Get("ETag")
		if res := get("/w/", "If-None-Match", etag); res.Code != 304 {
			t.Fatalf("status %d", res.Code)
		}
	})
	t.Run("an unknown client-side route gets the app page, an unknown file 404", func(t *testing.T) {
		if res := get("/w/settings"); res.Code != 200 || res.Body.String() == "" {
			t.Fatalf("route: %d", res.Code)
		}
		if res := get("/w/missing.js"); res.Code != 404 {
			t.Fatalf("file: %d", res.Code)
		}
	})
}

func TestLoaderIsSentCompressed(t *testing.T) {
	script := bytes.Repeat([]byte("(function(){ /* the loader */ })();\n"), 300)
	loader := newAsset("widget.js", script).compressed()
	app := fiber.New()
	app.Get("/widget.js", func(c *fiber.Ctx) error { return loader.send(c, "public, max-age=300") })
	for _, enc := range []string{"br", "gzip"} {
		t.Run("a browser accepting "+enc+" gets "+enc, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/widget.js", nil)
			req.Header.Set("Accept-Encoding", enc)
			res, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			if res.Header.Get("Content-Encoding") != enc || len(body) >= len(script)/10 {
				t.Fatalf("Content-Encoding %q, %d bytes for %d", res.Header.Get("Content-Encoding"), len(body), len(script))
			}
		})
	}
}
