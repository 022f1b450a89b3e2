package ui

import (
	"github.com/comptoir/comptoir/wire/browser"
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderAttach draws the attach button and the hidden file picker it opens.
func (c *Chat) renderAttach() app.UI {
	button := app.Button().
		Type("button").
		Class("cpt-attach").
		Aria("label", T(c.lang, KeyAttach)).
		Title(T(c.lang, KeyAttach)).
		OnClick(c.openPicker).
		Body(iconPath(paperclipPath, 20))
	if !c.canAttach() {
		button = button.Disabled(true)
	}
	return app.Div().Class("cpt-attach-slot").Body(
		button,
		app.Input().
			Type("file").
			ID(fileInputID).
			Class("cpt-file-input").
			Accept(acceptTypes).
			Multiple(true).
			TabIndex(-1).
			Aria("hidden", "true").
			OnChange(c.onPick),
	)
}

// renderDrafts draws the chips of the files attached to the message being
// written: a small preview or a document icon, the name, the size or the
// upload in progress, and a remove button.
//
// The list is there even when empty: a composer whose children come and go
// would have go-app replace the text box after it, and the words typed in
// it with it.
func (c *Chat) renderDrafts() app.UI {
	list := app.Ul().Class("cpt-drafts")
	if len(c.drafts) == 0 {
		return list.Hidden(true)
	}
	return list.Aria("label", T(c.lang, KeyAttachments)).Body(
		app.Range(c.drafts).Slice(func(i int) app.UI {
			d := c.drafts[i]
			key := d.Key
			meta := browser.FormatSize(c.lang, d.Size)
			class := "cpt-draft"
			if d.Uploading() {
				meta, class = T(c.lang, KeyUploading), "cpt-draft cpt-draft--uploading"
			}
			return app.Li().Class(class).DataSet("key", key).Aria("busy", d.Uploading()).Body(
				app.If(d.Preview != "", func() app.UI {
					return app.Img().Class("cpt-draft-thumb").Src("%s", d.Preview).Alt("")
				}).Else(func() app.UI {
					return app.Span().Class("cpt-draft-icon").Body(iconPath(documentPath, 18))
				}),
				app.Span().Class("cpt-draft-text").Body(
					app.Span().Class("cpt-draft-name").Text(d.Name),
					app.Span().Class("cpt-draft-meta").Body(
						app.If(d.Uploading(), func() app.UI {
							return app.Span().Class("cpt-spinner", "cpt-spinner--small").Aria("hidden", "true")
						}),
						app.Text(meta),
					),
				),
				app.Button().
					Type("button").
					Class("cpt-draft-remove").
					Aria("label", Tf(c.lang, KeyRemoveFile, d.Name)).
					Title(Tf(c.lang, KeyRemoveFile, d.Name)).
					OnClick(func(ctx app.Context, e app.Event) { c.removeDraft(key) }).
					Body(iconPath(crossPath, 14)),
			)
		}),
	)
}

// renderFiles draws a message's attachments: images as thumbnails that
// open the full picture in a new tab, PDFs as a link with name and size.
// A message still pending shows its images from their local previews: the
// server serves a file to everyone only once it is sent.
func (c *Chat) renderFiles(r Row) app.UI {
	if len(r.Files) == 0 {
		return nil
	}
	return app.Div().Class("cpt-files").Body(
		app.Range(r.Files).Slice(func(i int) app.UI {
			a := r.Files[i]
			url := fileURL(a.URL)
			if r.Pending {
				url = ""
			}
			if wire.IsImageType(a.Type) {
				src := url
				if src == "" {
					src = c.previews[a.ID]
				}
				if src != "" {
					img := app.Img().Class("cpt-thumb-img").
						Src("%s", src).
						Alt(a.Name).
						Loading("lazy").
						Attr("decoding", "async").
						OnLoad(c.thumbLoaded)
					if url == "" {
						return app.Span().Class("cpt-thumb").Body(img)
					}
					return app.A().Class("cpt-thumb").
						Href(url).Target("_blank").Rel("noopener noreferrer").
						Body(img)
				}
			}
			chip := []app.UI{
				iconPath(documentPath, 18),
				app.Span().Class("cpt-file-name").Text(a.Name),
				app.Span().Class("cpt-file-size").Text(browser.FormatSize(c.lang, a.Size)),
			}
			if url == "" {
				return app.Span().Class("cpt-file").Body(chip...)
			}
			return app.A().Class("cpt-file").
				Href(url).Target("_blank").Rel("noopener noreferrer").
				Attr("download", a.Name).
				Body(chip...)
		}),
	)
}

// thumbLoaded keeps the conversation scrolled to the end when a picture
// near the end grows the log as it loads.
func (c *Chat) thumbLoaded(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	el := app.Window().GetElementByID(logID)
	if !el.Truthy() {
		return
	}
	grown := e.Get("target").Get("offsetHeight").Int()
	if el.Get("scrollTop").Int()+el.Get("clientHeight").Int() >= el.Get("scrollHeight").Int()-grown-40 {
		el.Set("scrollTop", el.Get("scrollHeight"))
	}
}

// fileURL accepts only the server's own file paths as links and image
// sources: whatever a message carries, it never becomes a javascript: or
// foreign URL.
func fileURL(u string) string {
	if !strings.HasPrefix(u, uploadPath+"/") || strings.ContainsAny(u, "\\\"'<> ") {
		return ""
	}
	return u
}

const (
	paperclipPath = "M21.44 11.05l-9.19 9.19a6 6 0 01-8.49-8.49l9.19-9.19a4 4 0 015.66 5.66l-9.2 9.19a2 2 0 01-2.83-2.83l8.49-8.48"
	documentPath  = "M14 2H6a2 2 0 00-2 2v16a2 2 0 002 2h12a2 2 0 002-2V8zM14 2v6h6"
	crossPath     = "M6 6l12 12M18 6L6 18"
)

// iconPath is a stroked SVG icon of one path, size pixels square.
func iconPath(d string, size int) app.UI {
	return app.Elem("svg").XMLNS(svgNS).
		Attr("viewBox", "0 0 24 24").
		Attr("width", size).Attr("height", size).
		Attr("aria-hidden", "true").Attr("focusable", "false").
		Body(app.Elem("path").XMLNS(svgNS).
			Attr("d", d).
			Attr("stroke", "currentColor").Attr("stroke-width", "2").
			Attr("stroke-linecap", "round").Attr("stroke-linejoin", "round").
			Attr("fill", "none"))
}
