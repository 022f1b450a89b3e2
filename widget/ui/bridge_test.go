package ui

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/comptoir/comptoir/wire"
)

const shop = "https://shop.example"

func TestParseParentMsg(t *testing.T) {
	t.Run("a message from another origin is ignored", func(t *testing.T) {
		if _, ok := ParseParentMsg(`{"comptoir":1,"type":"open"}`, "https://evil.example", shop); ok {
			t.Fatal("accepted a foreign origin")
		}
		if _, ok := ParseParentMsg(`{"comptoir":1,"type":"open"}`, "", ""); ok {
			t.Fatal("accepted a message with no expected origin")
		}
	})
	t.Run("messages without the comptoir marker or of unknown type are ignored", func(t *testing.T) {
		for _, s := range []string{`{"type":"open"}`, `{"comptoir":2,"type":"open"}`, `{"comptoir":1,"type":"boom"}`, `"open"`, `{"comptoir":1,"type":"context"}`} {
			if _, ok := ParseParentMsg(s, shop, shop); ok {
				t.Errorf("accepted %s", s)
			}
		}
	})
	t.Run("context carries the page and its product", func(t *testing.T) {
		m, ok := ParseParentMsg(`{"comptoir":1,"type":"context","page":{"url":"https://shop.example/p/1","title":"Boots","lang":"fr","referrer":"","product":{"name":"Boots","price":"89.00","currency":"EUR","image":"i.jpg","sku":"B1","url":"u"}}}`, shop, shop)
		if !ok || m.Type != "context" || m.Page.Title != "Boots" || m.Page.Product == nil || m.Page.Product.Currency != "EUR" {
			t.Fatalf("got %+v ok=%v", m, ok)
		}
	})
	t.Run("identify and attributes turn values into strings", func(t *testing.T) {
		m, ok := ParseParentMsg(`{"comptoir":1,"type":"identify","contact":{"name":"Ana","email":"a@b.c","attributes":{"plan":"gold","orders":3,"vip":true,"nested":{"x":1}}}}`, shop, shop)
		if !ok || m.Contact.Name != "Ana" || m.Contact.Attributes["orders"] != "3" || m.Contact.Attributes["vip"] != "true" {
			t.Fatalf("got %+v ok=%v", m.Contact, ok)
		}
		if _, has := m.Contact.Attributes["nested"]; has {
			t.Fatal("kept an object attribute")
		}
		m, ok = ParseParentMsg(`{"comptoir":1,"type":"attributes","attributes":{"cart":"42.50"}}`, shop, shop)
		if !ok || m.Attributes["cart"] != "42.50" {
			t.Fatalf("got %+v ok=%v", m, ok)
		}
	})
	t.Run("over-long page fields are cut to the protocol limit on a rune boundary", func(t *testing.T) {
		long := strings.Repeat("é", wire.MaxContextBytes)
		m, ok := ParseParentMsg(`{"comptoir":1,"type":"context","page":{"title":"`+long+`"}}`, shop, shop)
		if !ok || len(m.Page.Title) > wire.MaxContextBytes || !utf8.ValidString(m.Page.Title) {
			t.Fatalf("title has %d bytes, valid=%v", len(m.Page.Title), utf8.ValidString(m.Page.Title))
		}
		data, _ := json.Marshal(wire.Frame{Type: wire.TypePage, Page: m.Page})
		if _, err := wire.DecodeFrame(data); err != nil {
			t.Fatalf("the server would refuse the page frame: %v", err)
		}
	})
}

func TestMergeContact(t *testing.T) {
	c := MergeContact(nil, "Ana", "", map[string]string{"a": "1"})
	c = MergeContact(c, "", "ana@example.com", map[string]string{"b": "2", "a": "3"})
	if c.Name != "Ana" || c.Email != "ana@example.com" || c.Attributes["a"] != "3" || c.Attributes["b"] != "2" {
		t.Fatalf("got %+v", c)
	}
	big := map[string]string{}
	for i := 0; i < wire.MaxAttributes+10; i++ {
		big[strings.Repeat("k", i+1)] = "v"
	}
	if c := MergeContact(nil, "", "", big); len(c.Attributes) > wire.MaxAttributes {
		t.Fatalf("%d attributes kept", len(c.Attributes))
	}
}

func TestIsOrigin(t *testing.T) {
	for s, want := range map[string]bool{
		"https://shop.example":      true,
		"http://localhost:8080":     true,
		"*":                         false,
		"":                          false,
		"https://shop.example/path": false,
		"javascript://x":            false,
		"https://a@b":               false,
	} {
		if got := isOrigin(s); got != want {
			t.Errorf("isOrigin(%q) = %v", s, got)
		}
	}
}

func TestColors(t *testing.T) {
	for s, want := range map[string]string{"#4F46E5": "#4f46e5", "#fff": "#ffffff", " #000000 ": "#000000"} {
		c, ok := ParseHexColor(s)
		if !ok || c.Hex() != want {
			t.Errorf("ParseHexColor(%q) = %v %v", s, c.Hex(), ok)
		}
	}
	for _, s := range []string{"red", "#12", "#gggggg", "url(x)", "#1234567"} {
		if _, ok := ParseHexColor(s); ok {
			t.Errorf("accepted %q", s)
		}
	}
	dark, _ := ParseHexColor("#1e3a8a")
	light, _ := ParseHexColor("#fde047")
	if dark.Contrast() != "#ffffff" || light.Contrast() == "#ffffff" {
		t.Errorf("contrast: dark→%s light→%s", dark.Contrast(), light.Contrast())
	}
}
