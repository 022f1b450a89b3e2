package ui

import (
	"math/rand/v2"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Storage keys, per site so that one browser can chat with several shops
// served by the same Comptoir.
func tokenKey(site string) string  { return "comptoir.visitor." + site }
func outboxKey(site string) string { return "comptoir.outbox." + site }

// storageGet reads a localStorage item. In a third-party iframe the browser
// may refuse storage altogether (the getter throws): the widget then works
// for this page view only.
func storageGet(key string) string {
	defer func() { _ = recover() }()
	v := app.Window().Get("localStorage").Call("getItem", key)
	if v.IsNull() || v.IsUndefined() {
		return ""
	}
	return v.String()
}

func storageSet(key, value string) {
	defer func() { _ = recover() }()
	app.Window().Get("localStorage").Call("setItem", key, value)
}

// randomBytes fills b from crypto.getRandomValues. math/rand only fills in
// when Web Crypto is missing (never in a browser that runs wasm).
func randomBytes() (b [16]byte) {
	n := 0
	func() {
		defer func() { _ = recover() }()
		arr := app.Window().Get("Uint8Array").New(len(b))
		app.Window().Get("crypto").Call("getRandomValues", arr)
		n = app.CopyBytesToGo(b[:], arr)
	}()
	if n < len(b) {
		for i := range b {
			b[i] = byte(rand.Uint32())
		}
	}
	return b
}

// newCID makes a message's client id.
func newCID() string { return UUIDv4(randomBytes()) }

// pageVisible reports whether the shopper can see this document.
func pageVisible() bool {
	return app.Window().Get("document").Get("visibilityState").String() != "hidden"
}

// browserOnline is navigator.onLine: false means certainly offline.
func browserOnline() bool {
	v := app.Window().Get("navigator").Get("onLine")
	return v.IsUndefined() || v.Bool()
}

// navigatorLang is the browser's preferred language.
func navigatorLang() string {
	v := app.Window().Get("navigator").Get("language")
	if v.IsUndefined() || v.IsNull() {
		return ""
	}
	return v.String()
}

// setDocumentLang sets <html lang>, which screen readers use to pick a voice.
func setDocumentLang(lang string) {
	app.Window().Get("document").Get("documentElement").Set("lang", lang)
}

// setAccent sets the shop's colour as the --accent CSS variable, with a
// text colour that stays readable on it.
func setAccent(color string) {
	c, ok := ParseHexColor(color)
	if !ok {
		return
	}
	style := app.Window().Get("document").Get("documentElement").Get("style")
	style.Call("setProperty", "--accent", c.Hex())
	style.Call("setProperty", "--on-accent", c.Contrast())
}

// RGB is a colour from the shop's settings.
type RGB struct{ R, G, B uint8 }

// ParseHexColor accepts #rgb and #rrggbb. Anything else is refused, so that a
// setting never becomes arbitrary CSS.
func ParseHexColor(s string) (RGB, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "#") {
		return RGB{}, false
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return RGB{}, false
	}
	var v [3]uint8
	for i := range 3 {
		hi, ok1 := hexDigit(h[2*i])
		lo, ok2 := hexDigit(h[2*i+1])
		if !ok1 || !ok2 {
			return RGB{}, false
		}
		v[i] = hi<<4 | lo
	}
	return RGB{v[0], v[1], v[2]}, true
}

func hexDigit(c byte) (uint8, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// Hex is the #rrggbb form.
func (c RGB) Hex() string {
	const hex = "0123456789abcdef"
	return string([]byte{'#', hex[c.R>>4], hex[c.R&15], hex[c.G>>4], hex[c.G&15], hex[c.B>>4], hex[c.B&15]})
}

// Contrast is white or near-black, whichever reads better on c (WCAG
// relative luminance, with a cheap gamma approximation).
func (c RGB) Contrast() string {
	lin := func(v uint8) float64 { f := float64(v) / 255; return f * f }
	l := 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
	// White text wins while (1.05)/(l+.05) >= (l+.05)/(0.05), i.e. l <= ~0.18.
	if l <= 0.18 {
		return "#ffffff"
	}
	return "#111827"
}
