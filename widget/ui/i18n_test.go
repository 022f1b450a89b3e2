package ui

import "testing"

func TestEveryTextInEveryLanguage(t *testing.T) {
	for _, lang := range Languages {
		tr, ok := texts[lang]
		if !ok {
			t.Fatalf("language %q has no texts", lang)
		}
		for k := Key(0); k < keyCount; k++ {
			if tr[k] == "" {
				t.Errorf("%s: key %d has no text", lang, k)
			}
		}
	}
	if len(texts) != len(Languages) {
		t.Errorf("texts has %d languages, Languages lists %d", len(texts), len(Languages))
	}
}

func TestAccessibleNames(t *testing.T) {
	// End-to-end tests find the composer and buttons by these names.
	want := map[string][3]string{
		"en": {"Message", "Send", "Close chat"},
		"fr": {"Message", "Envoyer", "Fermer la discussion"},
		"it": {"Messaggio", "Invia", "Chiudi la chat"},
		"es": {"Mensaje", "Enviar", "Cerrar el chat"},
		"de": {"Nachricht", "Senden", "Chat schließen"},
	}
	for lang, w := range want {
		got := [3]string{T(lang, KeyMessage), T(lang, KeySend), T(lang, KeyClose)}
		if got != w {
			t.Errorf("%s: names %q, want %q", lang, got, w)
		}
	}
	if T("en", KeyGreeting) != "Hi! How can we help?" {
		t.Errorf("default greeting = %q", T("en", KeyGreeting))
	}
}

func TestPickLang(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		want string
	}{
		{"the query's language wins", []string{"fr", "de-DE"}, "fr"},
		{"a regional tag counts as its language", []string{"es-MX"}, "es"},
		{"case and underscores are tolerated", []string{"DE_at"}, "de"},
		{"an unsupported language falls through to the browser's", []string{"nl", "it-IT"}, "it"},
		{"nothing supported means English", []string{"", "ja"}, "en"},
		{"no candidates means English", nil, "en"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := PickLang(c.in...); got != c.want {
				t.Fatalf("PickLang(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
	if T("xx", KeySend) != "Send" {
		t.Error("an unknown language should fall back to English")
	}
}
