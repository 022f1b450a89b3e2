package ui

import (
	"github.com/comptoir/comptoir/wire/browser"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// uploadPath is the upload endpoint, on the widget's own origin (the
// iframe is served by Comptoir).
const uploadPath = "/api/v1/uploads"

// previewMax is the longest side, in pixels, of an image's local preview:
// twice the largest thumbnail drawn (220 CSS px) would be sharper, but a
// preview is seen for seconds; this keeps its data: URL small.
const previewMax = 320

// uploadFile posts file (a JavaScript File) as the visitor of token on
// site. The token is the credential: a cookie the browser may hold for this
// origin (an agent's session) must not join in, hence credentials "omit".
func uploadFile(file app.Value, site, token string, done browser.UploadDone) {
	browser.Upload(uploadPath, file, map[string]any{"Authorization": "Visitor " + token, "X-Comptoir-Site": site}, "omit", done)
}

// imagePreview draws file (an image) small on a canvas and gives its data:
// URL to done, on the JavaScript event loop; nothing when the browser
// cannot decode it. A data: URL rather than URL.createObjectURL: the app's
// Content-Security-Policy allows data: images, not blob: ones.
func imagePreview(file app.Value, done func(url string)) {
	win := app.Window()
	if !win.Get("createImageBitmap").Truthy() {
		return
	}
	browser.Settle(win.Call("createImageBitmap", file), func(bmp app.Value) {
		defer bmp.Call("close")
		w, h := bmp.Get("width").Float(), bmp.Get("height").Float()
		if w <= 0 || h <= 0 {
			return
		}
		if scale := previewMax / max(w, h); scale < 1 {
			w, h = w*scale, h*scale
		}
		canvas := win.Get("document").Call("createElement", "canvas")
		canvas.Set("width", int(w+0.5))
		canvas.Set("height", int(h+0.5))
		g := canvas.Call("getContext", "2d")
		if !g.Truthy() {
			return
		}
		// JPEG has no transparency: a transparent PNG shows on white, as
		// in the conversation.
		g.Set("fillStyle", "#ffffff")
		g.Call("fillRect", 0, 0, w, h)
		g.Call("drawImage", bmp, 0, 0, w, h)
		done(canvas.Call("toDataURL", "image/jpeg", 0.85).String())
	}, func() {})
}
