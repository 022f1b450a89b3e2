package upload

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func pngBytes(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 2, 2)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gifBytes(t testing.TB) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.Black}), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var (
	webpBytes = []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00")
	pdfBytes  = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	svgBytes  = []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`)
	htmlBytes = []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")
	// polyglot is HTML that a PDF reader would also open (it looks for
	// %PDF- in the first KiB): browsers sniff it as HTML.
	polyglot = []byte("<html><body><script>alert(document.cookie)</script>\n%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF")
)

func TestCheck(t *testing.T) {
	accepted := []struct {
		name, file, declared, want string
		data                       []byte
	}{
		{"a PNG named .png and declared image/png", "shot.png", "image/png", "image/png", pngBytes(t)},
		{"a JPEG named .JPG declared image/jpg", "IMG_1.JPG", "image/jpg", "image/jpeg", jpegBytes(t)},
		{"a GIF without extension nor declared type", "clipboard", "", "image/gif", gifBytes(t)},
		{"a WebP declared as octet-stream", "p.webp", "application/octet-stream", "image/webp", webpBytes},
		{"a PDF with a path in its name", `C:\Users\me\invoice.pdf`, "application/pdf", "application/pdf", pdfBytes},
	}
	for _, tc := range accepted {
		t.Run(tc.name+" is accepted", func(t *testing.T) {
			got, err := Check(tc.data, tc.file, tc.declared)
			if err != nil || got != tc.want {
				t.Fatalf("Check = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	refused := []struct {
		name, file, declared string
		data                 []byte
		mention              string
	}{
		{"SVG", "logo.svg", "image/svg+xml", svgBytes, "XML"},
		{"SVG named .png", "logo.png", "image/png", svgBytes, "XML"},
		{"HTML named .pdf", "invoice.pdf", "application/pdf", htmlBytes, "HTML"},
		{"an HTML/PDF polyglot", "doc.pdf", "application/pdf", polyglot, "HTML"},
		{"a PNG named .pdf", "invoice.pdf", "", pngBytes(t), "PNG"},
		{"a PNG declared as application/pdf", "invoice", "application/pdf", pngBytes(t), "declared as application/pdf"},
		{"a PNG with an unknown extension", "photo.exe", "", pngBytes(t), ".exe"},
		{"plain text", "notes.txt", "text/plain", []byte("hello"), "text"},
		{"a ZIP", "a.zip", "", []byte("PK\x03\x04rest"), "application/zip"},
		{"a bad declared type", "a.png", "image/", pngBytes(t), "media type"},
	}
	for _, tc := range refused {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			got, err := Check(tc.data, tc.file, tc.declared)
			var te *TypeError
			if !errors.As(err, &te) {
				t.Fatalf("Check = %q, %v; want a TypeError", got, err)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("message %q does not mention %q", err, tc.mention)
			}
		})
	}
	t.Run("an empty file is refused", func(t *testing.T) {
		if _, err := Check(nil, "a.png", "image/png"); !errors.Is(err, ErrEmpty) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("an unsupported type's message names what is accepted", func(t *testing.T) {
		_, err := Check(svgBytes, "x.svg", "")
		if !strings.Contains(err.Error(), Allowed) {
			t.Fatalf("%v", err)
		}
	})
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("é", 300) + ".png"
	cases := []struct{ in, typ, want string }{
		{"photo.png", "image/png", "photo.png"},
		{"Photo.JPEG", "image/jpeg", "Photo.jpeg"},
		{"../../etc/passwd", "application/pdf", "passwd.pdf"},
		{`C:\x\scan.pdf`, "application/pdf", "scan.pdf"},
		{".htaccess", "image/png", "htaccess.png"},
		{"", "image/gif", "file.gif"},
		{"...", "image/gif", "file.gif"},
		{"a\x00b\nc\u202Egnp.exe", "image/png", "abcgnp.exe.png"},
		{`say "hi".pdf`, "application/pdf", "say hi.pdf"},
		{"bad\xffutf8.png", "image/png", "badutf8.png"},
		{"v1.2 report", "application/pdf", "v1.2 report.pdf"},
		{long, "image/png", strings.Repeat("é", MaxNameRunes-4) + ".png"},
	}
	for _, tc := range cases {
		if got := CleanName(tc.in, tc.typ); got != tc.want {
			t.Errorf("CleanName(%q, %s) = %q; want %q", tc.in, tc.typ, got, tc.want)
		}
	}
}

func TestInline(t *testing.T) {
	if !Inline("image/png") || Inline("application/pdf") {
		t.Fatal("images inline, PDF as a download")
	}
}

// FuzzSniff checks that no input panics Check or CleanName, that an
// accepted file is one of the allowlist and is what browsers would sniff it
// as, and that a cleaned name is always safe to store and put in a header.
func FuzzSniff(f *testing.F) {
	for _, seed := range [][]byte{pngBytes(f), jpegBytes(f), gifBytes(f), webpBytes, pdfBytes, svgBytes, htmlBytes, polyglot, {}, []byte("\x00"), []byte(" \t\n<svg>")} {
		f.Add(seed, "file.png", "image/png")
		f.Add(seed, "x.pdf", "")
	}
	f.Add(pngBytes(f), "../a\u202e.svg", "application/octet-stream")
	f.Add(pdfBytes, "\xff\xfe", "application/pdf; charset=\"x")
	f.Fuzz(func(t *testing.T, data []byte, name, declared string) {
		typ, err := Check(data, name, declared)
		if err == nil {
			if lookup(typ) == nil {
				t.Fatalf("accepted %q, not in the allowlist", typ)
			}
			head := data[:min(len(data), SniffLen)]
			if sniffed, _, _ := strings.Cut(http.DetectContentType(head), ";"); sniffed != typ {
				t.Fatalf("accepted as %q, browsers sniff %q", typ, sniffed)
			}
		} else if typ != "" {
			t.Fatalf("refused with a type %q", typ)
		}
		for _, ct := range []string{typ, "image/png", "application/pdf"} {
			clean := CleanName(name, ct)
			if !utf8.ValidString(clean) || clean == "" || utf8.RuneCountInString(clean) > MaxNameRunes {
				t.Fatalf("CleanName(%q) = %q", name, clean)
			}
			if strings.ContainsAny(clean, "/\\\"") || strings.HasPrefix(clean, ".") {
				t.Fatalf("CleanName(%q) = %q", name, clean)
			}
			for _, r := range clean {
				if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
					t.Fatalf("CleanName(%q) = %q keeps %U", name, clean, r)
				}
			}
		}
		if err == nil {
			// The stored name of an accepted file still agrees with it.
			if _, err := Check(data, CleanName(name, typ), ""); err != nil {
				t.Fatalf("accepted %q, but not under its clean name %q: %v", name, CleanName(name, typ), err)
			}
		}
	})
}
