package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/wire"
)

var (
	photo = wire.Attachment{ID: "0123456789abcdef0123456789abcdef", Name: "parcel.png", Type: "image/png", Size: 48213,
		URL: "/api/v1/uploads/0123456789abcdef0123456789abcdef/parcel.png"}
	invoice = wire.Attachment{ID: "fedcba9876543210fedcba9876543210", Name: "invoice.pdf", Type: "application/pdf", Size: 1 << 20,
		URL: "/api/v1/uploads/fedcba9876543210fedcba9876543210/invoice.pdf"}
)

func TestUploadErrorKey(t *testing.T) {
	cases := []struct {
		name   string
		status int
		err    *wire.Error
		want   Key
	}{
		{"an SVG refused by the server", 415, &wire.Error{Code: wire.CodeUnsupportedFile, Message: "svg"}, KeyErrUnsupportedFile},
		{"a body cut by a proxy without our JSON", 413, nil, KeyErrFileTooLarge},
		{"too many uploads", 429, &wire.Error{Code: wire.CodeRateLimited}, KeyErrUploadRateLimited},
		{"a dropped network", 0, nil, KeyErrUploadFailed},
		{"a server error", 500, &wire.Error{Code: wire.CodeInternal}, KeyErrUploadFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := UploadErrorKey(c.status, c.err); got != c.want {
				t.Fatalf("got %q, want %q", T("en", got), T("en", c.want))
			}
		})
	}
	if got := Tf("de", KeyErrUnsupportedFile, "logo.svg"); !strings.HasPrefix(got, "„logo.svg“ ") {
		t.Errorf("the file's name is not in the notice: %q", got)
	}
}

func TestDrafts(t *testing.T) {
	t.Run("a message waits for every upload", func(t *testing.T) {
		p := photo
		atts, ready := ReadyAttachments([]Draft{{Key: "a", Att: &p}, {Key: "b"}})
		if ready || len(atts) != 1 {
			t.Fatalf("ready %v, attachments %+v", ready, atts)
		}
	})
	t.Run("uploaded drafts give their attachments in order", func(t *testing.T) {
		p, i := photo, invoice
		atts, ready := ReadyAttachments([]Draft{{Key: "a", Att: &i}, {Key: "b", Att: &p}})
		if !ready || !slices.Equal(wire.AttachmentIDs(atts), []string{invoice.ID, photo.ID}) {
			t.Fatalf("ready %v, ids %q", ready, wire.AttachmentIDs(atts))
		}
	})
	t.Run("no drafts is ready with nothing", func(t *testing.T) {
		atts, ready := ReadyAttachments(nil)
		if !ready || atts != nil || wire.AttachmentIDs(atts) != nil {
			t.Fatalf("ready %v, attachments %+v", ready, atts)
		}
	})
}

func TestOutboxWithAttachments(t *testing.T) {
	e := OutboxEntry{CID: "c1", Conv: "4", Attachments: []wire.Attachment{photo, invoice}}
	t.Run("a message of files only survives storage", func(t *testing.T) {
		got := DecodeOutbox(EncodeOutbox([]OutboxEntry{e}))
		if len(got) != 1 || len(got[0].Attachments) != 2 || got[0].Attachments[1] != invoice {
			t.Fatalf("round trip = %+v", got)
		}
	})
	t.Run("every resend carries the ids", func(t *testing.T) {
		f := (&Chat{}).sendFrame(e)
		if f.Type != wire.TypeSend || f.Body != "" || !slices.Equal(f.Attachments, []string{photo.ID, invoice.ID}) {
			t.Fatalf("frame = %+v", f)
		}
		if err := wire.CheckMessage(f.CID, f.Body, f.Attachments); err != nil {
			t.Fatalf("the server would refuse it: %v", err)
		}
	})
	t.Run("the pending row shows the files", func(t *testing.T) {
		rows := Rows(nil, "4", []OutboxEntry{e})
		if len(rows) != 1 || !rows[0].Pending || len(rows[0].Files) != 2 {
			t.Fatalf("rows = %+v", rows)
		}
	})
	t.Run("a stored message's row shows its files", func(t *testing.T) {
		th := &Thread{}
		th.Add(wire.Message{Conv: "4", Seq: 1, Author: wire.Author{Kind: wire.AuthorAgent}, Attachments: []wire.Attachment{photo}})
		rows := Rows(th, "4", nil)
		if len(rows) != 1 || rows[0].Pending || len(rows[0].Files) != 1 || rows[0].Files[0] != photo {
			t.Fatalf("rows = %+v", rows)
		}
	})
}

func TestFileURL(t *testing.T) {
	for u, want := range map[string]string{
		photo.URL:                     photo.URL,
		"javascript:alert(1)":         "",
		"https://evil.example/x.png":  "",
		"//evil.example/x.png":        "",
		"/api/v1/uploads/x/a b.png":   "",
		"/api/v1/uploadsX/a.png":      "",
		"/api/v1/uploads/x/a%20b.png": "/api/v1/uploads/x/a%20b.png",
	} {
		if got := fileURL(u); got != want {
			t.Errorf("fileURL(%q) = %q, want %q", u, got, want)
		}
	}
	if !wire.IsImageType("image/webp") || wire.IsImageType("application/pdf") || wire.IsImageType("image/svg+xml") {
		t.Error("IsImage misjudges a type")
	}
}
