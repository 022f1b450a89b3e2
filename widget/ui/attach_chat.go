package ui

import (
	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// fileInputID is the hidden file picker that the attach button opens.
const fileInputID = "cpt-file"

// canAttach reports whether the shopper may add files now: uploads need
// the visitor token of a welcome, and a stopped chat takes nothing.
func (c *Chat) canAttach() bool {
	return c.sess.token != "" && c.notice != KeyErrUnavailable && c.notice != KeyErrReload
}

// openPicker answers the attach button.
func (c *Chat) openPicker(ctx app.Context, e app.Event) {
	if el := app.Window().GetElementByID(fileInputID); el.Truthy() {
		el.Call("click")
	}
}

// onPick takes the files chosen in the picker.
func (c *Chat) onPick(ctx app.Context, e app.Event) {
	input := e.Get("target")
	c.addFiles(ctx, input.Get("files"))
	// Emptied so that picking the same file again is a change too.
	input.Set("value", "")
}

// onPaste takes the images pasted into the message box; pasted text stays
// the browser's business.
func (c *Chat) onPaste(ctx app.Context, e app.Event) {
	data := e.Get("clipboardData")
	if !data.Truthy() {
		return
	}
	files := data.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return
	}
	e.PreventDefault()
	c.addFiles(ctx, files)
}

// addFiles makes a chip for each file and starts its upload. Too many files
// or too big a file are refused here, before any byte is sent; the type is
// left to the server, which sniffs the content. Answers come back through
// the component's own context: an event's context dies with the element
// that fired it, and a go-app re-render may replace that element.
func (c *Chat) addFiles(ctx app.Context, files app.Value) {
	if !c.canAttach() || !files.Truthy() {
		return
	}
	if isFileNotice(c.notice) {
		c.notice, c.noticeName = noNotice, ""
	}
	for i := range files.Length() {
		file := files.Index(i)
		name, size, typ := file.Get("name").String(), int64(file.Get("size").Float()), file.Get("type").String()
		if len(c.drafts) >= wire.MaxAttachments {
			c.notice, c.noticeName = KeyErrTooManyFiles, ""
			return
		}
		if size > maxFileBytes {
			c.notice, c.noticeName = KeyErrFileTooLarge, name
			continue
		}
		key := newCID()
		c.drafts = append(c.drafts, Draft{Key: key, Name: name, Size: size, Type: typ})
		if wire.IsImageType(typ) {
			imagePreview(file, func(url string) {
				c.ui.Dispatch(func(app.Context) { c.setPreview(key, url) })
			})
		}
		uploadFile(file, c.site, c.sess.token, func(a *wire.Attachment, status int, e *wire.Error) {
			c.ui.Dispatch(func(app.Context) { c.uploaded(key, a, status, e) })
		})
	}
}

func (c *Chat) draftIndex(key string) int {
	for i, d := range c.drafts {
		if d.Key == key {
			return i
		}
	}
	return -1
}

func (c *Chat) setPreview(key, url string) {
	if i := c.draftIndex(key); i >= 0 {
		c.drafts[i].Preview = url
	}
}

// uploaded applies the server's answer to the chip key. A chip removed
// while its upload ran is forgotten; the server deletes unsent uploads.
func (c *Chat) uploaded(key string, a *wire.Attachment, status int, e *wire.Error) {
	i := c.draftIndex(key)
	if i < 0 {
		return
	}
	if a == nil {
		c.notice, c.noticeName = UploadErrorKey(status, e), c.drafts[i].Name
		c.drafts = append(c.drafts[:i:i], c.drafts[i+1:]...)
		return
	}
	c.drafts[i].Att = a
	if _, ready := ReadyAttachments(c.drafts); ready && c.notice == KeyErrWaitUpload {
		c.notice = noNotice
	}
}

// removeDraft answers a chip's remove button.
func (c *Chat) removeDraft(key string) {
	if i := c.draftIndex(key); i >= 0 {
		c.drafts = append(c.drafts[:i:i], c.drafts[i+1:]...)
	}
	focusComposer()
}

// draftsSent empties the composer's chips once their message is queued,
// keeping each image's local preview for its pending bubble: until the
// message is stored, the file's URL answers its uploader only with the
// upload's headers, which an <img> cannot send.
func (c *Chat) draftsSent() {
	for _, d := range c.drafts {
		if d.Att != nil && d.Preview != "" {
			if c.previews == nil {
				c.previews = map[string]string{}
			}
			c.previews[d.Att.ID] = d.Preview
		}
	}
	c.drafts = nil
	if isFileNotice(c.notice) {
		c.notice, c.noticeName = noNotice, ""
	}
}

// isFileNotice reports whether k is about attaching files: such a notice
// ends with the next file picked or message sent.
func isFileNotice(k Key) bool {
	switch k {
	case KeyErrUnsupportedFile, KeyErrFileTooLarge, KeyErrTooManyFiles, KeyErrUploadRateLimited,
		KeyErrUploadFailed, KeyErrWaitUpload, KeyErrFileExpired:
		return true
	}
	return false
}
