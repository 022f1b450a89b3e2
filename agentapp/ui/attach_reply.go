package ui

import (
	"github.com/comptoir/comptoir/wire/browser"
	"strconv"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// replyFiles is what the reply box holds of attachments: the chips of the
// files being sent and the last refusal, in words. Chips live in memory: a
// reload or another conversation forgets them, and the server deletes
// uploads never sent within a day.
type replyFiles struct {
	drafts []FileDraft
	err    string
	next   int // numbers the chips' keys
}

// fileInputID is the reply box's hidden file picker.
const fileInputID = "reply-file"

// renderAttach draws the attach button and the hidden picker it opens.
func (r *ReplyBox) renderAttach() app.UI {
	return app.Span().Class("reply-attach").Body(
		app.Button().Type("button").ID("reply-attach").Class("ghost", "reply-attach-button").
			Aria("label", r.Lang.T(KAttach)).Title(r.Lang.T(KAttach)).
			OnClick(func(ctx app.Context, e app.Event) {
				ctx.PreventUpdate()
				if el := app.Window().GetElementByID(fileInputID); el.Truthy() {
					el.Call("click")
				}
			}).
			Body(iconPaperclip()),
		app.Input().Type("file").ID(fileInputID).Class("reply-file-input").
			Accept(acceptTypes).Multiple(true).TabIndex(-1).Aria("hidden", "true").
			OnChange(func(ctx app.Context, e app.Event) {
				input := e.Get("target")
				r.addFiles(ctx, input.Get("files"))
				input.Set("value", "") // the same file again is a change too
			}),
	)
}

// renderDrafts draws the chips above the text box, and the last refusal.
// Both are always there, hidden when empty: elements that come and go
// before the text box would have go-app replace it, and the draft in it.
func (r *ReplyBox) renderDrafts() app.UI {
	list := app.Ul().Class("reply-drafts").Aria("label", r.Lang.T(KAttachments))
	if len(r.files.drafts) == 0 {
		list = list.Hidden(true)
	}
	chips := make([]app.UI, 0, len(r.files.drafts))
	for _, d := range r.files.drafts {
		key := d.Key
		class, meta := "reply-draft", browser.FormatSize(string(r.Lang), d.Size)
		var thumb app.UI = app.Span().Class("reply-draft-icon").Body(iconDocument())
		if d.Att == nil {
			class, meta = "reply-draft reply-draft--uploading", r.Lang.T(KUploading)
		} else if u := fileURL(d.Att.URL); u != "" && wire.IsImageType(d.Att.Type) {
			thumb = app.Img().Class("reply-draft-thumb").Src("%s", u).Alt("")
		}
		chips = append(chips, app.Li().Class(class).Aria("busy", d.Att == nil).Body(
			thumb,
			app.Span().Class("reply-draft-name").Text(d.Name),
			app.Span().Class("reply-draft-meta", "muted").Text(meta),
			app.Button().Type("button").Class("ghost", "reply-draft-remove").
				Aria("label", r.Lang.F(KRemoveFile, d.Name)).Title(r.Lang.F(KRemoveFile, d.Name)).
				OnClick(func(ctx app.Context, e app.Event) { r.removeDraft(key) }).
				Text("×"),
		))
	}
	notice := app.P().Class("reply-file-error").Role("alert")
	if r.files.err != "" {
		notice = notice.Text(r.files.err)
	}
	return app.Div().Class("reply-files").Body(list.Body(chips...), notice)
}

// pasteFiles takes images pasted into the text box; pasted text is left to
// the browser.
func (r *ReplyBox) pasteFiles(ctx app.Context, e app.Event) {
	data := e.Get("clipboardData")
	if !data.Truthy() || !data.Get("files").Truthy() || data.Get("files").Length() == 0 {
		ctx.PreventUpdate()
		return
	}
	e.PreventDefault()
	r.addFiles(ctx, data.Get("files"))
}

// addFiles makes a chip per file and uploads it. The count and size are
// checked here; the type is the server's to judge, from the content.
// Answers come back through ctx, the context of the picker's or the text
// box's event: both elements stay mounted as long as this box (Render
// keeps the form's shape), and a box gone with its conversation drops them.
func (r *ReplyBox) addFiles(ctx app.Context, files app.Value) {
	if !files.Truthy() || r.Rest == nil {
		return
	}
	r.files.err = ""
	for i := range files.Length() {
		file := files.Index(i)
		name, size := file.Get("name").String(), int64(file.Get("size").Float())
		if len(r.files.drafts) >= wire.MaxAttachments {
			r.files.err = r.Lang.F(KErrTooManyFiles, wire.MaxAttachments)
			return
		}
		if size > maxFileBytes {
			r.files.err = r.Lang.F(KErrFileTooLarge, name)
			continue
		}
		r.files.next++
		key := r.Conv + "-" + strconv.Itoa(r.files.next)
		r.files.drafts = append(r.files.drafts, FileDraft{Key: key, Name: name, Size: size})
		r.Rest.upload(file, func(a *wire.Attachment, status int, e *wire.Error) {
			ctx.Dispatch(func(app.Context) { r.uploaded(key, a, status, e) })
		})
	}
}

func (r *ReplyBox) draftIndex(key string) int {
	for i, d := range r.files.drafts {
		if d.Key == key {
			return i
		}
	}
	return -1
}

// uploaded applies the server's answer to chip key; a chip removed in the
// meantime is forgotten (the server deletes unsent uploads).
func (r *ReplyBox) uploaded(key string, a *wire.Attachment, status int, e *wire.Error) {
	i := r.draftIndex(key)
	if i < 0 {
		return
	}
	if a == nil {
		r.files.err = UploadError(r.Lang, r.files.drafts[i].Name, status, e)
		r.files.drafts = append(r.files.drafts[:i:i], r.files.drafts[i+1:]...)
		return
	}
	r.files.drafts[i].Att = a
	if _, ready := ReadyFiles(r.files.drafts); ready && r.files.err == r.Lang.T(KErrWaitUpload) {
		r.files.err = ""
	}
}

func (r *ReplyBox) removeDraft(key string) {
	if i := r.draftIndex(key); i >= 0 {
		r.files.drafts = append(r.files.drafts[:i:i], r.files.drafts[i+1:]...)
	}
	if ta := app.Window().GetElementByID("reply"); ta.Truthy() {
		ta.Call("focus")
	}
}

// readyFiles returns the files to send with a reply, or false (and says
// why) while some are still uploading.
func (r *ReplyBox) readyFiles() ([]wire.Attachment, bool) {
	files, ready := ReadyFiles(r.files.drafts)
	if !ready {
		r.files.err = r.Lang.T(KErrWaitUpload)
	}
	return files, ready
}

// filesSent empties the chips once their reply is on its way.
func (r *ReplyBox) filesSent() {
	r.files.drafts, r.files.err = nil, ""
}

func iconPaperclip() app.UI {
	const ns = "http://www.w3.org/2000/svg"
	return app.Elem("svg").XMLNS(ns).
		Attr("viewBox", "0 0 24 24").Attr("width", 18).Attr("height", 18).
		Attr("aria-hidden", "true").Attr("focusable", "false").
		Body(app.Elem("path").XMLNS(ns).
			Attr("d", "M21.44 11.05l-9.19 9.19a6 6 0 01-8.49-8.49l9.19-9.19a4 4 0 015.66 5.66l-9.2 9.19a2 2 0 01-2.83-2.83l8.49-8.48").
			Attr("stroke", "currentColor").Attr("stroke-width", "2").
			Attr("stroke-linecap", "round").Attr("stroke-linejoin", "round").Attr("fill", "none"))
}
