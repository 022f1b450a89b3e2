package browser

import (
	"testing"

	"github.com/comptoir/comptoir/wire"
)

func TestFormatSize(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 0, "0 B"},
		{"en", 999, "999 B"},
		{"fr", 512, "512 o"},
		{"en", 1000, "1 KB"},
		{"en", 48213, "47 KB"},
		{"fr", 48213, "47 Ko"},
		{"en", 1023 * 1024, "1 MB"},
		{"en", 1 << 20, "1 MB"},
		{"en", 1258291, "1.2 MB"},
		{"de", 1258291, "1,2 MB"},
		{"it", 1258291, "1,2 MB"},
		{"fr", 10 << 20, "10 Mo"},
	} {
		if got := FormatSize(c.lang, c.n); got != c.want {
			t.Errorf("FormatSize(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestDecodeUpload(t *testing.T) {
	t.Run("a created upload gives its attachment", func(t *testing.T) {
		a, e := DecodeUpload(201, []byte(`{"id":"ab12","name":"p.png","type":"image/png","size":3,"url":"/api/v1/uploads/ab12/p.png"}`))
		if a == nil || a.ID != "ab12" || e != nil {
			t.Fatalf("%+v %+v", a, e)
		}
	})
	t.Run("a refusal gives its stable code", func(t *testing.T) {
		a, e := DecodeUpload(415, []byte(`{"error":{"code":"unsupported_file","message":"no SVG"}}`))
		if a != nil || e == nil || e.Code != wire.CodeUnsupportedFile {
			t.Fatalf("%+v %+v", a, e)
		}
	})
	t.Run("a proxy's HTML page gives neither", func(t *testing.T) {
		if a, e := DecodeUpload(413, []byte(`<html>Request Entity Too Large</html>`)); a != nil || e != nil {
			t.Fatalf("%+v %+v", a, e)
		}
	})
}
