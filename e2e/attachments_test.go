package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/comptoir/comptoir/server/chat"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
)

// TestAttachmentRoundTrip sends files both ways in real browsers: the
// shopper's SVG is refused in words with nothing sent; a photo and a PDF go
// with a message, and the agent sees the photo as a loaded thumbnail and
// the PDF as a link; the agent answers with a picture that the shopper sees.
func TestAttachmentRoundTrip(t *testing.T) {
	needBrowser(t)
	srv := testserver.Start(t)
	needApps(t, srv)
	shopURL := startShop(t, srv, true) + "/tote"
	browser := startBrowser(t)
	shopper := newTab(t, browser, "shopper")
	agent := newTab(t, browser, "agent")

	dir := t.TempDir()
	parcel := writeFile(t, dir, "parcel.png", pngBytes(t, 40, 30, color.RGBA{R: 200, G: 60, B: 40, A: 255}))
	invoice := writeFile(t, dir, "invoice.pdf", minimalPDF())
	logo := writeFile(t, dir, "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`))
	label := writeFile(t, dir, "return-label.png", pngBytes(t, 30, 20, color.RGBA{R: 30, G: 90, B: 200, A: 255}))

	const (
		question = "My parcel arrived damaged, here are a photo and the invoice."
		answer   = "Sorry about that! Here is your return label."
	)

	step := steps(t, nil, shopper, agent)
	var frame cdp.FrameID
	var sent store.Message // the shopper's message as stored

	step("the agent signs in", func(t *testing.T) {
		signIn(agent, srv.URL, testserver.AdminEmail, testserver.AdminPassword)
	})

	step("the shopper opens the chat and finds the attach button", func(t *testing.T) {
		frame = openWidget(shopper, srv.URL, shopURL)
		b := shopper.ax(frame, "button", "Attach a file")
		if b.props["disabled"] == "true" {
			t.Fatal("the attach button is disabled once online")
		}
	})

	step("an SVG is refused in words and nothing is sent", func(t *testing.T) {
		setFiles(shopper, frame, "#cpt-file", logo)
		notice := framePoll[string](shopper, frame, "refusal shown",
			`document.querySelector('.cpt-notice')?.textContent ?? ''`)
		if want := "“logo.svg” can’t be sent: only images (PNG, JPEG, GIF, WebP) and PDF files are accepted."; notice != want {
			t.Errorf("notice = %q, want %q", notice, want)
		}
		if n, _ := frameEval[int](shopper, frame, `document.querySelectorAll('.cpt-draft').length`); n != 0 {
			t.Errorf("%d chips left for a refused file", n)
		}
		// Send with an empty box and no file: nothing goes.
		shopper.click(shopper.ax(frame, "button", "Send"))
		if n, _ := frameEval[int](shopper, frame, `document.querySelectorAll('#cpt-log .cpt-msg').length`); n != 0 {
			t.Errorf("%d messages in the widget after the refusal", n)
		}
		if convs, err := srv.DB().ConversationsOfSite(srv.Site.ID, 10); err != nil || len(convs) != 0 {
			t.Errorf("conversations after the refusal: %d, %v; want none", len(convs), err)
		}
	})

	step("the shopper attaches a photo and a PDF and sends them with a message", func(t *testing.T) {
		setFiles(shopper, frame, "#cpt-file", parcel, invoice)
		framePoll[bool](shopper, frame, "both files uploaded",
			`document.querySelectorAll('.cpt-draft').length === 2 && !document.querySelector('.cpt-draft--uploading')`)
		names, _ := frameEval[[]string](shopper, frame, `[...document.querySelectorAll('.cpt-draft-name')].map(e => e.textContent)`)
		if !slices.Equal(names, []string{"parcel.png", "invoice.pdf"}) {
			t.Errorf("chips = %q", names)
		}
		framePoll[bool](shopper, frame, "the photo's local preview",
			`(i => !!i && i.src.startsWith('data:image/') && i.naturalWidth > 0)(document.querySelector('.cpt-draft-thumb'))`)
		if n, _ := frameEval[int](shopper, frame, `document.querySelectorAll('.cpt-notice').length`); n != 0 {
			t.Error("the refusal is still shown after picking files that pass")
		}
		shopper.typeInto(shopper.ax(frame, "textbox", "Message"), question)
		shopper.click(shopper.ax(frame, "button", "Send"))

		sent = waitStoredMessage(t, srv, 1)
		if sent.Body != question || len(sent.Attachments) != 2 ||
			sent.Attachments[0].Name != "parcel.png" || sent.Attachments[0].Type != "image/png" ||
			sent.Attachments[1].Name != "invoice.pdf" || sent.Attachments[1].Type != "application/pdf" {
			t.Fatalf("stored message = %+v", sent)
		}
		photo, pdf := chat.AttachmentView(sent.Attachments[0]), chat.AttachmentView(sent.Attachments[1])
		framePoll[bool](shopper, frame, "the widget shows the sent photo from the server and the PDF",
			fmt.Sprintf(`(() => {
				const m = document.querySelector('#cpt-log .cpt-msg--mine:not(.cpt-msg--pending)');
				const img = m?.querySelector('img.cpt-thumb-img');
				const pdf = m?.querySelector('a.cpt-file');
				return !!img && img.getAttribute('src') === %s && img.complete && img.naturalWidth === 40 &&
					!!pdf && pdf.getAttribute('href') === %s && pdf.querySelector('.cpt-file-name').textContent === 'invoice.pdf';
			})()`, jsString(photo.URL), jsString(pdf.URL)))
		if n, _ := frameEval[int](shopper, frame, `document.querySelectorAll('.cpt-draft').length`); n != 0 {
			t.Errorf("%d chips left after sending", n)
		}
	})

	step("the agent sees the photo as a loaded thumbnail and the PDF as a link", func(t *testing.T) {
		photo, pdf := chat.AttachmentView(sent.Attachments[0]), chat.AttachmentView(sent.Attachments[1])
		agent.poll("inbox row", `!!document.querySelector('[id^="row-"]')`)
		agent.clickCSS(`[id^="row-"]`)
		agent.poll("thumbnail loaded", fmt.Sprintf(`[...document.querySelectorAll('#messages img')].some(i =>
			i.getAttribute('src') === %s && i.complete && i.naturalWidth === 40 && i.alt === 'parcel.png' && i.loading === 'lazy')`,
			jsString(photo.URL)))
		agent.poll("PDF chip", fmt.Sprintf(`[...document.querySelectorAll('#messages a')].some(a =>
			a.getAttribute('href') === %s && a.textContent.includes('invoice.pdf'))`, jsString(pdf.URL)))
		if got := eval[string](agent, fmt.Sprintf(`document.querySelector(%s)?.target ?? ''`, jsString(`#messages a[href=`+jsString(photo.URL)+`]`))); got != "_blank" {
			t.Errorf("the thumbnail's link opens in %q, want a new tab", got)
		}
	})

	step("the agent answers with a picture", func(t *testing.T) {
		setFiles(agent, "", "#reply-file", label)
		agent.poll("the picture uploaded", `document.querySelectorAll('.reply-draft').length === 1 && !document.querySelector('.reply-draft--uploading')`)
		agent.typeInto(agent.ax("", "textbox", "Reply"), answer)
		agent.do(chromedp.KeyEvent(kb.Enter))
		reply := waitStoredMessage(t, srv, 2)
		if reply.Body != answer || len(reply.Attachments) != 1 || reply.Attachments[0].Name != "return-label.png" {
			t.Fatalf("stored reply = %+v", reply)
		}
		url := chat.AttachmentView(reply.Attachments[0]).URL
		agent.poll("the agent's own picture", fmt.Sprintf(`[...document.querySelectorAll('#messages img')].some(i =>
			i.getAttribute('src') === %s && i.naturalWidth === 30)`, jsString(url)))

		framePoll[bool](shopper, frame, "the shopper sees the picture",
			fmt.Sprintf(`(() => {
				const m = [...document.querySelectorAll('#cpt-log .cpt-msg--agent')].pop();
				const img = m?.querySelector('img.cpt-thumb-img');
				return m?.querySelector('.cpt-body')?.textContent === %s && !!img &&
					img.getAttribute('src') === %s && img.complete && img.naturalWidth === 30 && img.alt === 'return-label.png';
			})()`, jsString(answer), jsString(url)))
	})
}

// setFiles puts files in the file input sel of frame ("" for the top page),
// as the browser's file dialog does: the page gets its change event.
func setFiles(tb *tab, frame cdp.FrameID, sel string, paths ...string) {
	tb.t.Helper()
	params := runtime.EvaluateParams{Expression: fmt.Sprintf(`document.querySelector(%s)`, jsString(sel))}
	if frame != "" {
		if _, err := frameEval[bool](tb, frame, "true"); err != nil {
			tb.fatalf("frame: %v", err)
		}
		tb.mu.Lock()
		params.ContextID = tb.worlds[frame]
		tb.mu.Unlock()
	}
	res, err := chromedp.Call(tb.ctx, runtime.Evaluate, params)
	if err != nil || res.Result == nil || res.Result.ObjectID == "" {
		tb.fatalf("no file input %s: %v", sel, err)
	}
	if _, err := chromedp.Call(tb.ctx, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: paths, ObjectID: res.Result.ObjectID}); err != nil {
		tb.fatalf("set files on %s: %v", sel, err)
	}
}

// waitStoredMessage waits for the site's only conversation to hold n
// messages and returns the last.
func waitStoredMessage(t *testing.T, srv *testserver.Server, n int) store.Message {
	t.Helper()
	var msgs []store.Message
	var err error
	waitCount(t, "stored messages", func() int {
		convs, cerr := srv.DB().ConversationsOfSite(srv.Site.ID, 10)
		if cerr != nil || len(convs) != 1 {
			return 0
		}
		msgs, err = srv.DB().Messages(convs[0].ID, 0, 100)
		return len(msgs)
	}, n)
	if err != nil || len(msgs) != n {
		t.Fatalf("stored messages: %d, %v; want %d", len(msgs), err, n)
	}
	return msgs[n-1]
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pngBytes is a w×h PNG of one colour.
func pngBytes(t *testing.T, w, h int, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// minimalPDF is a one-page PDF with a line of text, its cross-reference
// table computed from the real offsets so that readers accept it.
func minimalPDF() []byte {
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"", // the content stream, below
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	content := "BT /F1 18 Tf 24 72 Td (Invoice 1042) Tj ET"
	objects[3] = fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return []byte(b.String())
}
