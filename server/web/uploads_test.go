package web_test

import (
	"bufio"
	"bytes"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

func pngFile(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var pdfFile = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// uploader is who sends a request: a visitor's headers, or an agent's
// cookie and CSRF token; the zero value is nobody.
type uploader struct {
	token, site string
	agent       *testserver.Agent
}

func asVisitor(srv *testserver.Server, token string) uploader {
	return uploader{token: token, site: srv.SiteKey}
}

func (u uploader) do(t testing.TB, srv *testserver.Server, req *http.Request) *http.Response {
	t.Helper()
	req.Header.Set("Origin", srv.URL)
	client := http.DefaultClient
	switch {
	case u.agent != nil:
		client = u.agent.HTTP
		req.Header.Set("X-CSRF-Token", u.agent.CSRF)
	case u.token != "":
		req.Header.Set("Authorization", "Visitor "+u.token)
		req.Header.Set("X-Comptoir-Site", u.site)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// postFile uploads data as the multipart field "file" with this name and
// part Content-Type; it returns the status, the attachment and the error.
func postFile(t testing.TB, srv *testserver.Server, u uploader, name, ctype string, data []byte) (int, wire.Attachment, wire.Error) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+name+`"`)
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}
	part, _ := mw.CreatePart(h)
	part.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/uploads", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res := u.do(t, srv, req)
	defer res.Body.Close()
	var a wire.Attachment
	var e wire.ErrorBody
	if res.StatusCode == 201 {
		decodeJSON(res, &a)
	} else {
		decodeJSON(res, &e)
	}
	return res.StatusCode, a, e.Error
}

func getFile(t testing.TB, srv *testserver.Server, u uploader, url string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+url, nil)
	res := u.do(t, srv, req)
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res, data
}

func uploadsOnDisk(t testing.TB, srv *testserver.Server) []string {
	t.Helper()
	entries, err := os.ReadDir(srv.DB().UploadsPath())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestAttachmentsBothWays(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	shopper, welcome := srv.Visitor(t, wire.Frame{})
	me := asVisitor(srv, welcome.Token)
	photo := pngFile(t)

	status, a, e := postFile(t, srv, me, "colis abîmé.png", "image/png", photo)
	if status != 201 || len(a.ID) != 32 || a.Name != "colis abîmé.png" || a.Type != "image/png" || a.Size != int64(len(photo)) {
		t.Fatalf("upload: %d %+v %+v", status, a, e)
	}
	if a.URL != "/api/v1/uploads/"+a.ID+"/colis%20ab%C3%AEm%C3%A9.png" {
		t.Fatalf("url %q", a.URL)
	}

	t.Run("before it is sent, only its uploader can fetch it", func(t *testing.T) {
		_, other := srv.Visitor(t, wire.Frame{})
		for name, u := range map[string]uploader{"nobody": {}, "another visitor": asVisitor(srv, other.Token), "an admin": {agent: admin}} {
			if res, _ := getFile(t, srv, u, a.URL); res.StatusCode != 404 {
				t.Errorf("%s fetched it: %d", name, res.StatusCode)
			}
		}
		if res, data := getFile(t, srv, me, a.URL); res.StatusCode != 200 || !bytes.Equal(data, photo) {
			t.Fatalf("uploader: %d", res.StatusCode)
		}
	})

	var conv string
	t.Run("a shopper sends it without text; the agent receives its metadata", func(t *testing.T) {
		shopper.Send(t, wire.Frame{Type: wire.TypeSend, CID: "photo-1", Attachments: []string{a.ID}})
		ack := shopper.Expect(t, wire.TypeAck)
		conv = ack.Conv
		m := shopper.Expect(t, wire.TypeMessage).Message
		if len(m.Attachments) != 1 || m.Attachments[0] != a || m.Body != "" {
			t.Fatalf("shopper's copy: %+v", m)
		}
		var detail wire.ConversationDetail
		admin.Do(t, "GET", "/api/v1/conversations/"+conv, nil, &detail)
		if got := detail.Messages[len(detail.Messages)-1].Attachments; len(got) != 1 || got[0] != a {
			t.Fatalf("agent's copy: %+v", got)
		}
		if detail.Conversation.Preview != "📎 colis abîmé.png" {
			t.Fatalf("preview %q", detail.Conversation.Preview)
		}
	})

	t.Run("once sent, the link serves it inline with safe headers", func(t *testing.T) {
		res, data := getFile(t, srv, uploader{}, a.URL)
		if res.StatusCode != 200 || !bytes.Equal(data, photo) {
			t.Fatalf("%d", res.StatusCode)
		}
		want := map[string]string{
			"Content-Type":                 "image/png",
			"X-Content-Type-Options":       "nosniff",
			"Content-Disposition":          `inline; filename="colis ab_m_.png"; filename*=UTF-8''colis%20ab%C3%AEm%C3%A9.png`,
			"Content-Security-Policy":      "sandbox; default-src 'none'",
			"Cache-Control":                "private, max-age=31536000, immutable",
			"Cross-Origin-Resource-Policy": "same-origin",
		}
		for k, v := range want {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: %q, want %q", k, got, v)
			}
		}
	})

	t.Run("an agent sends a PDF; the shopper receives it; it downloads as an attachment", func(t *testing.T) {
		status, doc, e := postFile(t, srv, uploader{agent: admin}, "return label.pdf", "application/pdf", pdfFile)
		if status != 201 {
			t.Fatalf("%d %+v", status, e)
		}
		var m wire.Message
		if status := admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/messages", wire.SendRequest{CID: "label", Body: "here is the label", Attachments: []string{doc.ID}}, &m); status != 201 || len(m.Attachments) != 1 {
			t.Fatalf("%d %+v", status, m)
		}
		got := shopper.Expect(t, wire.TypeMessage).Message
		if len(got.Attachments) != 1 || got.Attachments[0] != doc {
			t.Fatalf("%+v", got)
		}
		res, _ := getFile(t, srv, uploader{}, doc.URL)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" ||
			res.Header.Get("Content-Disposition") != `attachment; filename="return label.pdf"; filename*=UTF-8''return%20label.pdf` {
			t.Fatalf("%d %v", res.StatusCode, res.Header)
		}
	})

	t.Run("an upload cannot be sent twice", func(t *testing.T) {
		shopper.Send(t, wire.Frame{Type: wire.TypeSend, CID: "photo-2", Conv: conv, Attachments: []string{a.ID}})
		if e := shopper.Expect(t, wire.TypeError); e.Error.Code != wire.CodeUploadNotFound || e.Error.CID != "photo-2" {
			t.Fatalf("%+v", e.Error)
		}
	})

	t.Run("erasing the contact deletes the files from disk", func(t *testing.T) {
		if len(uploadsOnDisk(t, srv)) != 2 {
			t.Fatalf("on disk: %v", uploadsOnDisk(t, srv))
		}
		var res struct{ Erased store.Erased }
		if status := admin.Do(t, "POST", "/api/v1/admin/contacts/"+welcome.Visitor.ID+"/erase", nil, &res); status != 200 || res.Erased.Files != 2 {
			t.Fatalf("%d %+v", status, res)
		}
		if left := uploadsOnDisk(t, srv); len(left) != 0 {
			t.Fatalf("left on disk: %v", left)
		}
		if res, _ := getFile(t, srv, uploader{}, a.URL); res.StatusCode != 404 {
			t.Fatalf("%d", res.StatusCode)
		}
	})
}

func TestUploadRateLimit(t *testing.T) {
	clk := newClock()
	srv := testserver.Start(t, testserver.WithClock(clk.now))
	_, welcome := srv.Visitor(t, wire.Frame{})
	me := asVisitor(srv, welcome.Token)
	photo := pngFile(t)
	for i := range 20 {
		if status, _, e := postFile(t, srv, me, "p.png", "image/png", photo); status != 201 {
			t.Fatalf("upload %d: %d %+v", i, status, e)
		}
	}
	t.Run("the 21st upload in an hour is refused with Retry-After", func(t *testing.T) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		part, _ := mw.CreateFormFile("file", "p.png")
		part.Write(photo)
		mw.Close()
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/uploads", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res := me.do(t, srv, req)
		res.Body.Close()
		if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
			t.Fatalf("%d %v", res.StatusCode, res.Header)
		}
	})
	t.Run("another shopper is not held back", func(t *testing.T) {
		_, w := srv.Visitor(t, wire.Frame{})
		if status, _, _ := postFile(t, srv, asVisitor(srv, w.Token), "p.png", "image/png", photo); status != 201 {
			t.Fatal(status)
		}
	})
	t.Run("an hour later the shopper may upload again", func(t *testing.T) {
		clk.advance(time.Hour)
		if status, _, _ := postFile(t, srv, me, "p.png", "image/png", photo); status != 201 {
			t.Fatal(status)
		}
	})
	t.Run("a site's own upload limit applies at once", func(t *testing.T) {
		srv.DB().UpdateSite(srv.Site.ID, func(s *store.Site) { s.Limits.UploadsPerHour = 1 })
		_, w := srv.Visitor(t, wire.Frame{})
		strict := asVisitor(srv, w.Token)
		if status, _, _ := postFile(t, srv, strict, "p.png", "image/png", photo); status != 201 {
			t.Fatal(status)
		}
		if status, _, e := postFile(t, srv, strict, "p.png", "image/png", photo); status != 429 || e.Code != wire.CodeRateLimited {
			t.Fatalf("second upload under a limit of 1: %d %+v", status, e)
		}
	})
}

// headersOnly sends a POST's headers announcing a body of length bytes,
// sends none of it, and reads the answer.
func headersOnly(t *testing.T, srv *testserver.Server, path string, length int, headers ...string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	req := "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n" +
		"Content-Length: " + strconv.Itoa(length) + "\r\n"
	for _, h := range headers {
		req += h + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func TestLeftoverUploadsAreSweptAtStart(t *testing.T) {
	srv := testserver.Start(t)
	_, welcome := srv.Visitor(t, wire.Frame{})
	status, kept, _ := postFile(t, srv, asVisitor(srv, welcome.Token), "kept.png", "image/png", pngFile(t))
	if status != 201 {
		t.Fatal(status)
	}
	// A file whose record never committed (a crash in between).
	orphan := strings.Repeat("cd", 16)
	if err := os.WriteFile(srv.DB().UploadsPath()+"/"+orphan, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv.Restart(t)
	if got := uploadsOnDisk(t, srv); len(got) != 1 || got[0] != kept.ID {
		t.Fatalf("after restart: %v", got)
	}
}
