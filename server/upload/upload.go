// Package upload decides which files Comptoir accepts from shoppers and
// agents: the type comes from the file's first bytes (never from its name or
// the browser's claim, which anyone can set), must be one of a short
// allowlist of formats browsers show without running anything, and must
// agree with the name and the declared type, so that a file that says it is
// one thing and is another is refused rather than guessed at.
package upload

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSize is the largest file accepted: 10 MiB holds a phone photo or a
// scanned invoice, and bounds the memory and disk a single request can cost
// (the server reads a whole request body before its handler runs).
const MaxSize = 10 << 20

// SniffLen is how many leading bytes Check looks at (all that
// net/http.DetectContentType reads).
const SniffLen = 512

// MaxNameRunes bounds a cleaned file name.
const MaxNameRunes = 100

// kind is one accepted format.
type kind struct {
	mime  string
	label string   // how people call it, for messages
	exts  []string // lower-case, with the dot; the first is the one added
	// aliases are declared types browsers or tools send for it.
	aliases []string
}

// kinds is the allowlist. Raster images render inert in <img>; PDF is
// served as a download. SVG, HTML and XML can carry script and are never
// accepted, whatever they are called.
var kinds = []kind{
	{mime: "image/png", label: "a PNG image", exts: []string{".png"}},
	{mime: "image/jpeg", label: "a JPEG image", exts: []string{".jpg", ".jpeg", ".jpe", ".jfif"}, aliases: []string{"image/jpg", "image/pjpeg"}},
	{mime: "image/gif", label: "a GIF image", exts: []string{".gif"}},
	{mime: "image/webp", label: "a WebP image", exts: []string{".webp"}},
	{mime: "application/pdf", label: "a PDF document", exts: []string{".pdf"}, aliases: []string{"application/x-pdf"}},
}

// Allowed names the accepted formats, for error messages.
const Allowed = "PNG, JPEG, GIF or WebP images and PDF documents"

// ErrEmpty is a file with no bytes.
var ErrEmpty = errors.New("the file is empty")

// TypeError is a file whose content is not an accepted format, or whose
// name or declared type says something else than its content.
type TypeError struct{ msg string }

func (e *TypeError) Error() string { return e.msg }

func lookup(mimeType string) *kind {
	for i := range kinds {
		if kinds[i].mime == mimeType {
			return &kinds[i]
		}
	}
	return nil
}

// Check sniffs head (the file's first bytes, at most SniffLen are read) and
// returns the file's content type, or why it is refused: ErrEmpty, or a
// *TypeError when the content is not allowed, when name has an extension
// that is not one of the content's, or when declared (the multipart part's
// Content-Type) is neither empty, application/octet-stream, nor the
// content's type.
func Check(head []byte, name, declared string) (string, error) {
	if len(head) == 0 {
		return "", ErrEmpty
	}
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	sniffed, _, _ := strings.Cut(http.DetectContentType(head), ";")
	k := lookup(sniffed)
	if k == nil {
		return "", &TypeError{fmt.Sprintf("this file's content is %s, which is not accepted: send %s", describe(sniffed), Allowed)}
	}
	if ext := strings.ToLower(path.Ext(baseName(name))); ext != "" && !slices.Contains(k.exts, ext) {
		return "", &TypeError{fmt.Sprintf("the file is named %q but its content is %s; rename it %s or send the right file", "…"+clip(ext, 16), k.label, k.exts[0])}
	}
	if declared != "" {
		d, _, err := mime.ParseMediaType(declared)
		if err != nil {
			return "", &TypeError{"the file's declared type is not a media type"}
		}
		if d != "application/octet-stream" && d != k.mime && !slices.Contains(k.aliases, d) {
			return "", &TypeError{fmt.Sprintf("the file is declared as %s but its content is %s", clip(d, 64), k.label)}
		}
	}
	return k.mime, nil
}

// describe names a sniffed type for a person.
func describe(sniffed string) string {
	switch {
	case sniffed == "text/html":
		return "HTML"
	case sniffed == "text/xml" || strings.HasSuffix(sniffed, "+xml"):
		return "XML (SVG is XML)"
	case strings.HasPrefix(sniffed, "text/"):
		return "text"
	case sniffed == "application/octet-stream":
		return "of an unknown kind"
	}
	return sniffed
}

// Inline says whether files of this type may be shown in the page (raster
// images) rather than downloaded (PDF).
func Inline(contentType string) bool { return strings.HasPrefix(contentType, "image/") }

// CleanName makes a client's file name safe to store, show and put in a
// header: the last path element only, valid UTF-8 without control or
// direction-changing characters, no leading dots or spaces, at most
// MaxNameRunes, and ending in an extension of contentType (added when there
// is none). A name that is empty afterwards becomes "file".
func CleanName(name, contentType string) string {
	name = strings.ToValidUTF8(baseName(name), "")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '"' || r == '\u2028' || r == '\u2029' || r == '\uFEFF' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ". ")
	ext := path.Ext(name)
	stem := strings.TrimSpace(strings.TrimSuffix(name, ext))
	want := ".bin"
	if k := lookup(contentType); k != nil {
		want = k.exts[0]
		if slices.Contains(k.exts, strings.ToLower(ext)) {
			want = strings.ToLower(ext)
		} else {
			stem = name // the dot was part of the name, not an extension
		}
	}
	stem = strings.TrimRight(stem, ". ")
	if stem == "" {
		stem = "file"
	}
	if room := MaxNameRunes - utf8.RuneCountInString(want); utf8.RuneCountInString(stem) > room {
		stem = strings.TrimRight(string([]rune(stem)[:room]), ". ")
		if stem == "" {
			stem = "file"
		}
	}
	return stem + want
}

// baseName is the part after the last slash or backslash (browsers send
// bare names, but old ones and scripts send paths).
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
