package ui

import (
	"slices"
	"testing"

	"github.com/comptoir/comptoir/wire"
)

var (
	labelPNG = wire.Attachment{ID: "0123456789abcdef0123456789abcdef", Name: "label.png", Type: "image/png", Size: 2048,
		URL: "/api/v1/uploads/0123456789abcdef0123456789abcdef/label.png"}
	invoicePDF = wire.Attachment{ID: "fedcba9876543210fedcba9876543210", Name: "invoice.pdf", Type: "application/pdf", Size: 1258291,
		URL: "/api/v1/uploads/fedcba9876543210fedcba9876543210/invoice.pdf"}
)

func TestUploadError(t *testing.T) {
	cases := []struct {
		name   string
		status int
		err    *wire.Error
		want   string
	}{
		{"an SVG", 415, &wire.Error{Code: wire.CodeUnsupportedFile}, "“logo.svg” can’t be sent: only images (PNG, JPEG, GIF, WebP) and PDF files are accepted."},
		{"too big, cut by a proxy", 413, nil, "“logo.svg” is too large: files are limited to 10 MB."},
		{"too many uploads", 429, &wire.Error{Code: wire.CodeRateLimited}, "You have sent many files. Please try again later."},
		{"no network", 0, nil, "“logo.svg” could not be uploaded. Please try again."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := UploadError("en", "logo.svg", c.status, c.err); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
	if got := Lang("de").F(KRemoveFile, "a.pdf"); got != "a.pdf entfernen" {
		t.Errorf("German remove label = %q", got)
	}
}

func TestReadyFiles(t *testing.T) {
	l, i := labelPNG, invoicePDF
	if _, ready := ReadyFiles([]FileDraft{{Key: "a", Att: &l}, {Key: "b"}}); ready {
		t.Error("a reply went with a file still uploading")
	}
	files, ready := ReadyFiles([]FileDraft{{Key: "a", Att: &i}, {Key: "b", Att: &l}})
	if !ready || !slices.Equal(wire.AttachmentIDs(files), []string{invoicePDF.ID, labelPNG.ID}) {
		t.Fatalf("ready %v, ids %q", ready, wire.AttachmentIDs(files))
	}
	if wire.AttachmentIDs(nil) != nil {
		t.Error("no files should send no attachments field")
	}
}

func TestAckKeepsFiles(t *testing.T) {
	th := &Thread{}
	th.AddPending(PendingReply{CID: "c", Body: "", At: 5, Files: []wire.Attachment{labelPNG}})
	th.Ack("3", "c", 7, wire.Author{Kind: wire.AuthorAgent, ID: "1"})
	if len(th.Messages) != 1 || len(th.Messages[0].Attachments) != 1 || th.Messages[0].Attachments[0] != labelPNG || len(th.Pending) != 0 {
		t.Fatalf("thread = %+v", th)
	}
}

func TestAgentFileURL(t *testing.T) {
	for u, want := range map[string]string{
		labelPNG.URL:                  labelPNG.URL,
		"javascript:alert(1)":         "",
		"https://evil.example/a.png":  "",
		"/api/v1/uploads/x/a b.png":   "",
		"/api/v1/uploads/x/a%27b.png": "/api/v1/uploads/x/a%27b.png",
	} {
		if got := fileURL(u); got != want {
			t.Errorf("fileURL(%q) = %q, want %q", u, got, want)
		}
	}
}
