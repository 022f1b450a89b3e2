package ui

import (
	"github.com/comptoir/comptoir/wire/browser"
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Attachments (docs/protocol.md, Attachments): the reply box uploads each
// file the agent picks or pastes at once (attach_upload.go) and shows it as
// a chip; Send lists the uploaded ids with the reply. The thread draws a
// message's images as thumbnails and its PDFs as links. Before a file is
// sent its URL answers its uploader only, which for an agent is the session
// cookie that every <img> of the app carries: chips and pending replies
// show the server's copy directly.

// maxFileBytes is the largest file the server takes (10 MiB, 413
// file_too_large), checked before uploading so nobody waits to be refused.
const maxFileBytes = 10 << 20

// acceptTypes is the file picker's filter: what the server accepts. The
// server still decides, from the content.
const acceptTypes = "image/png,image/jpeg,image/gif,image/webp,application/pdf"

// uploadsPrefix starts every file URL the server hands out.
const uploadsPrefix = apiBase + "/uploads/"

// FileDraft is a file attached in the reply box, not sent yet.
type FileDraft struct {
	// Key names the chip while its upload runs.
	Key  string
	Name string
	Size int64
	// Att is the server's answer; nil while uploading.
	Att *wire.Attachment
}

// ReadyFiles returns the uploaded drafts' attachments in order, and whether
// every draft is uploaded.
func ReadyFiles(drafts []FileDraft) ([]wire.Attachment, bool) {
	var out []wire.Attachment
	done := true
	for _, d := range drafts {
		if d.Att == nil {
			done = false
			continue
		}
		out = append(out, *d.Att)
	}
	return out, done
}

// UploadError is an upload's refusal in l's words, naming the file.
func UploadError(l Lang, name string, status int, e *wire.Error) string {
	code := ""
	if e != nil {
		code = e.Code
	}
	switch {
	case code == wire.CodeUnsupportedFile || status == 415:
		return l.F(KErrUnsupportedFile, name)
	case code == wire.CodeFileTooLarge || status == 413:
		return l.F(KErrFileTooLarge, name)
	case code == wire.CodeRateLimited || status == 429:
		return l.T(KErrUploadRateLimited)
	}
	return l.F(KErrUploadFailed, name)
}

// fileURL accepts only the server's own file paths as links and image
// sources, so nothing a message carries becomes a javascript: or foreign
// URL.
func fileURL(u string) string {
	if !strings.HasPrefix(u, uploadsPrefix) || strings.ContainsAny(u, "\\\"'<> ") {
		return ""
	}
	return u
}

// renderFiles draws a message's attachments: images as thumbnails that open
// the full picture in a new tab, PDFs as a link with name and size. Names
// are text; URLs are the server's own paths only.
func renderFiles(l Lang, files []wire.Attachment) app.UI {
	if len(files) == 0 {
		return nil
	}
	items := make([]app.UI, 0, len(files))
	for _, a := range files {
		url := fileURL(a.URL)
		if url == "" {
			items = append(items, app.Span().Class("msg-file").Body(
				iconDocument(),
				app.Span().Class("msg-file-name").Text(a.Name),
			))
			continue
		}
		if wire.IsImageType(a.Type) {
			items = append(items, app.A().Class("msg-thumb").
				Href(url).Target("_blank").Rel("noopener noreferrer").
				Body(app.Img().Class("msg-thumb-img").
					Src("%s", url).Alt(a.Name).
					Loading("lazy").Attr("decoding", "async")))
			continue
		}
		items = append(items, app.A().Class("msg-file").
			Href(url).Target("_blank").Rel("noopener noreferrer").
			Attr("download", a.Name).
			Body(
				iconDocument(),
				app.Span().Class("msg-file-name").Text(a.Name),
				app.Span().Class("msg-file-size").Text(browser.FormatSize(string(l), a.Size)),
			))
	}
	return app.Div().Class("msg-files").Body(items...)
}

// iconDocument is a page outline, drawn as SVG elements (never raw HTML).
func iconDocument() app.UI {
	const ns = "http://www.w3.org/2000/svg"
	return app.Elem("svg").XMLNS(ns).
		Attr("viewBox", "0 0 24 24").Attr("width", 18).Attr("height", 18).
		Attr("aria-hidden", "true").Attr("focusable", "false").
		Body(app.Elem("path").XMLNS(ns).
			Attr("d", "M14 2H6a2 2 0 00-2 2v16a2 2 0 002 2h12a2 2 0 002-2V8zM14 2v6h6").
			Attr("stroke", "currentColor").Attr("stroke-width", "2").
			Attr("stroke-linejoin", "round").Attr("fill", "none"))
}
