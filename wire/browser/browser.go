// Package browser holds what both WebAssembly apps (the widget and the
// agents' app) do in the browser besides the socket (see wire/wsclient):
// wait on a JavaScript promise, upload a file, write a file size. It goes
// through go-app's app.Window()/app.Value, so it compiles natively too,
// and uses fetch rather than net/http (which would add ~0.9 MB of wasm).
package browser

import (
	"encoding/json"
	"strconv"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Settle calls ok with p's value, or fail when p rejects, then releases both
// callbacks so that a long session does not accumulate them. The callbacks
// run on the JavaScript event loop: callers hop into ctx.Dispatch.
func Settle(p app.Value, ok func(app.Value), fail func()) {
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

// UploadDone receives an upload's outcome: the server's attachment, or the
// HTTP status (0 when the network failed) and the refusal when the server
// sent one in the wire.ErrorBody shape.
type UploadDone func(a *wire.Attachment, status int, e *wire.Error)

// Upload posts file (a JavaScript File) to url as multipart form data in
// the field "file", with the given headers and fetch credentials mode
// ("omit" for a visitor's token, "same-origin" for an agent's cookie).
func Upload(url string, file app.Value, headers map[string]any, credentials string, done UploadDone) {
	form := app.Window().Get("FormData").New()
	form.Call("append", "file", file, file.Get("name").String())
	h := map[string]any{"Accept": "application/json"}
	for k, v := range headers {
		h[k] = v
	}
	opts := map[string]any{"method": "POST", "body": form, "headers": h, "credentials": credentials, "cache": "no-store"}
	var status int
	Settle(app.Window().Call("fetch", url, opts), func(res app.Value) {
		status = res.Get("status").Int()
		Settle(res.Call("text"), func(text app.Value) {
			a, e := DecodeUpload(status, []byte(text.String()))
			done(a, status, e)
		}, func() { done(nil, status, nil) })
	}, func() { done(nil, 0, nil) })
}

// DecodeUpload reads an upload answer: an attachment on 200/201, else the
// refusal when the body has our error shape (a proxy's page has not).
func DecodeUpload(status int, body []byte) (*wire.Attachment, *wire.Error) {
	if status == 201 || status == 200 {
		var a wire.Attachment
		if json.Unmarshal(body, &a) != nil || a.ID == "" {
			return nil, nil
		}
		return &a, nil
	}
	var eb wire.ErrorBody
	if json.Unmarshal(body, &eb) != nil || eb.Error.Code == "" {
		return nil, nil
	}
	return nil, &eb.Error
}

// FormatSize writes a file size the way lang reads it: "48 KB", "1.2 MB";
// French says o, Ko and Mo, and every language but English a decimal comma.
func FormatSize(lang string, n int64) string {
	b, kb, mb := "B", "KB", "MB"
	if lang == "fr" {
		b, kb, mb = "o", "Ko", "Mo"
	}
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " " + b
	}
	if k := (n + 512) >> 10; k < 1000 {
		return strconv.FormatInt(k, 10) + " " + kb
	}
	tenths := (n*10 + 1<<19) >> 20
	s := strconv.FormatInt(tenths/10, 10)
	if tenths%10 != 0 {
		sep := ","
		if lang == "en" {
			sep = "."
		}
		s += sep + strconv.FormatInt(tenths%10, 10)
	}
	return s + " " + mb
}
