package ui

import (
	"encoding/json"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// uploadPath is the upload endpoint, on the widget's own origin (the
// iframe is served by Comptoir).
const uploadPath = "/api/v1/uploads"

// previewMax is the longest side, in pixels, of an image's local preview:
// twice the largest thumbnail drawn (220 CSS px) would be sharper, but a
// preview is seen for seconds; this keeps its data: URL small.
const previewMax = 320

// uploadFile posts file (a JavaScript File) with the browser's fetch and
// FormData, as the visitor of token on site. done runs on the JavaScript
// event loop with the server's attachment, or the HTTP status (0 when the
// network failed) and the refusal: the caller hops into ctx.Dispatch.
func uploadFile(file app.Value, site, token string, done func(a *wire.Attachment, status int, e *wire.Error)) {
	form := app.Window().Get("FormData").New()
	form.Call("append", "file", file, file.Get("name").String())
	opts := map[string]any{
		"method": "POST",
		"body":   form,
		"headers": map[string]any{
			"Accept":          "application/json",
			"Authorization":   "Visitor " + token,
			"X-Comptoir-Site": site,
		},
		// The token is the credential; a cookie the browser may hold for
		// this origin (an agent's session) must not join in.
		"credentials": "omit",
		"cache":       "no-store",
	}
	var status int
	promise(app.Window().Call("fetch", uploadPath, opts), func(res app.Value) {
		status = res.Get("status").Int()
		promise(res.Call("text"), func(text app.Value) {
			body := []byte(text.String())
			if status == 201 || status == 200 {
				var a wire.Attachment
				if json.Unmarshal(body, &a) != nil || a.ID == "" {
					done(nil, status, nil)
					return
				}
				done(&a, status, nil)
				return
			}
			var eb wire.ErrorBody
			if json.Unmarshal(body, &eb) != nil || eb.Error.Code == "" {
				done(nil, status, nil)
				return
			}
			done(nil, status, &eb.Error)
		}, func() { done(nil, status, nil) })
	}, func() { done(nil, 0, nil) })
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
	promise(win.Call("createImageBitmap", file), func(bmp app.Value) {
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

// promise calls ok with p's value or fail when it rejects, then releases
// both callbacks, so a long chat does not accumulate them.
func promise(p app.Value, ok func(app.Value), fail func()) {
	var onOK, onFail app.Func
	release := func() {
		onOK.Release()
		onFail.Release()
	}
	onOK = app.FuncOf(func(_ app.Value, args []app.Value) any {
		release()
		var v app.Value = app.Null()
		if len(args) > 0 {
			v = args[0]
		}
		ok(v)
		return nil
	})
	onFail = app.FuncOf(func(app.Value, []app.Value) any {
		release()
		fail()
		return nil
	})
	p.Call("then", onOK, onFail)
}
