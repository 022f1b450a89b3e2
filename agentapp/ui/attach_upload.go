package ui

import (
	"github.com/comptoir/comptoir/wire/browser"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// upload posts file (a JavaScript File) to /uploads with the session cookie
// and the CSRF token; done runs on the JavaScript event loop (the caller
// hops into ctx.Dispatch).
func (r *restClient) upload(file app.Value, done browser.UploadDone) {
	browser.Upload(apiBase+"/uploads", file, map[string]any{"X-CSRF-Token": r.csrf}, "same-origin", done)
}
