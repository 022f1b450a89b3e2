package ui

import (
	"strings"

	"github.com/comptoir/comptoir/wire"
)

// Attachments take two steps (docs/protocol.md, Attachments): each file the
// shopper picks or pastes is uploaded at once (attach_upload.go) and shown
// as a chip above the composer; Send then lists the uploaded ids in the send
// frame. The chips live in memory only: a reload forgets them, and the
// server deletes uploads never sent within a day. Once sent, the ids are in
// the outbox entry, so a message resent after a drop or a reload carries
// its files; an upload itself is never retried from the outbox (the File
// it read is gone with the page).

// maxFileBytes is the largest file the server accepts (10 MiB; REST 413
// file_too_large). Checked here too so a shopper does not wait for a big
// upload only to have it refused.
const maxFileBytes = 10 << 20

// acceptTypes is the file picker's filter: what the server's sniffing
// accepts. The server still decides; the filter only spares the shopper
// picking a file that would be refused.
const acceptTypes = "image/png,image/jpeg,image/gif,image/webp,application/pdf"

// Draft is a file attached in the composer, not sent yet.
type Draft struct {
	// Key identifies the chip while the upload runs (the server's id comes
	// with its answer).
	Key  string
	Name string
	Size int64
	// Type is what the browser says of the file; the server's sniffed type
	// replaces it once uploaded.
	Type string
	// Preview is a small data: URL of an image, drawn from the local file.
	Preview string
	// Att is the server's answer; nil while the upload runs.
	Att *wire.Attachment
}

// Uploading reports whether the draft still waits for the server.
func (d Draft) Uploading() bool { return d.Att == nil }

// ReadyAttachments returns the uploaded drafts' attachments in order, and
// whether every draft is uploaded.
func ReadyAttachments(drafts []Draft) ([]wire.Attachment, bool) {
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

// UploadErrorKey is the shopper's words for an upload refused with status
// and e (nil when the network failed or the answer was unreadable).
func UploadErrorKey(status int, e *wire.Error) Key {
	code := ""
	if e != nil {
		code = e.Code
	}
	switch {
	case code == wire.CodeUnsupportedFile || status == 415:
		return KeyErrUnsupportedFile
	case code == wire.CodeFileTooLarge || status == 413:
		return KeyErrFileTooLarge
	case code == wire.CodeRateLimited || status == 429:
		return KeyErrUploadRateLimited
	}
	return KeyErrUploadFailed
}

// Tf is T with {name} replaced by name.
func Tf(lang string, k Key, name string) string {
	return strings.ReplaceAll(T(lang, k), "{name}", name)
}
