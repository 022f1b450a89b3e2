package web

import (
	"strings"
	"testing"

	"github.com/valyala/fasthttp"
)

func TestUploadRequestConfig(t *testing.T) {
	cases := []struct {
		method, uri string
		big         bool
	}{
		{"POST", "/api/v1/uploads", true},
		{"POST", "/api/v1/uploads?x=1", true},
		{"POST", "http://chat.example.com/api/v1/uploads", true},
		{"GET", "/api/v1/uploads", false},
		{"POST", "/api/v1/uploads/", false},
		{"POST", "/api/v1/auth/login", false},
		{"POST", "/api/v1/conversations/1/messages", false},
	}
	for _, tc := range cases {
		var h fasthttp.RequestHeader
		h.SetMethod(tc.method)
		h.SetRequestURI(tc.uri)
		got := uploadRequestConfig(&h).MaxRequestBodySize == uploadBodyLimit
		if got != tc.big {
			t.Errorf("%s %s: big body allowed = %v", tc.method, tc.uri, got)
		}
	}
}

func TestContentDispositionCannotBeBroken(t *testing.T) {
	for _, name := range []string{`a"; filename="evil.html`, "a\r\nSet-Cookie: x=1.png", "日本語.pdf", `back\slash%41.png`} {
		got := contentDisposition("inline", name)
		fallback, encoded, ok := strings.Cut(strings.TrimPrefix(got, `inline; filename="`), `"; filename*=UTF-8''`)
		if !ok || strings.ContainsAny(fallback, "\"\\\r\n%") || strings.ContainsAny(encoded, "\"\\\r\n ;'") {
			t.Errorf("%q → %q", name, got)
		}
	}
}
