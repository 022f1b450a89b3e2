package ui

import (
	"encoding/json"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// upload posts file (a JavaScript File) to /uploads as multipart form data,
// with the session cookie and the CSRF token, using the browser's fetch
// and FormData. done runs on the JavaScript event loop with the server's
// attachment, or the status (0 when the network failed) and the refusal:
// the caller hops into ctx.Dispatch.
func (r *restClient) upload(file app.Value, done func(a *wire.Attachment, status int, e *wire.Error)) {
	form := app.Window().Get("FormData").New()
	form.Call("append", "file", file, file.Get("name").String())
	opts := map[string]any{
		"method":      "POST",
		"body":        form,
		"credentials": "same-origin",
		"cache":       "no-store",
		"headers": map[string]any{
			"Accept":       "application/json",
			"X-CSRF-Token": r.csrf,
		},
	}
	var status int
	settle(app.Window().Call("fetch", apiBase+"/uploads", opts), func(res app.Value) {
		status = res.Get("status").Int()
		settle(res.Call("text"), func(text app.Value) {
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

// settle calls ok with p's value, or fail when p rejects, then releases
// both callbacks so that a long session does not accumulate them.
func settle(p app.Value, ok func(app.Value), fail func()) {
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
