package ui

import (
	"strings"
	"testing"

	"github.com/comptoir/comptoir/wire"
)

func TestExpandCanned(t *testing.T) {
	full := map[string]string{
		wire.VarContactName: "Ana", wire.VarContactEmail: "ana@example.com",
		wire.VarProductName: "Linen Tote Bag", wire.VarProductPrice: "39.00 EUR", wire.VarAgentName: "Admin",
	}
	for _, tc := range []struct{ name, text, want string }{
		{"every variable is filled in", "Thank you {{contact.name}}, the {{product.name}} ships tomorrow. — {{agent.name}}",
			"Thank you Ana, the Linen Tote Bag ships tomorrow. — Admin"},
		{"spaces inside the braces are allowed", "{{ product.price }} to {{contact.email}}", "39.00 EUR to ana@example.com"},
		{"text without variables is kept as written", "Two  spaces ,kept", "Two  spaces ,kept"},
		{"an unclosed brace is text", "a {{ b", "a {{ b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ExpandCanned(tc.text, full); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	none := map[string]string{wire.VarAgentName: "Admin"}
	for _, tc := range []struct{ name, text, want string }{
		{"a missing name before a comma leaves no space", "Thank you {{contact.name}}, the {{product.name}} ships tomorrow.",
			"Thank you, the ships tomorrow."},
		{"a missing name at the end of a line", "Bonjour {{contact.name}}\nVotre colis part demain.", "Bonjour\nVotre colis part demain."},
		{"a missing name at the end", "Bonjour {{contact.name}}", "Bonjour"},
		{"French spacing before ! is kept", "Bonjour {{contact.name}} !", "Bonjour !"},
		{"English punctuation attaches", "Hi {{contact.name}}!", "Hi!"},
		{"no doubled space in the middle", "Dear {{contact.name}} thanks", "Dear thanks"},
		{"at the start of a line the comma goes too", "{{contact.name}}, your order left.", "your order left."},
		{"two missing values in a row", "Price: {{product.name}} {{product.price}}.", "Price:."},
		{"an unknown variable expands to nothing", "Hi {{order.id}} there", "Hi there"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ExpandCanned(tc.text, none); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCannedVars(t *testing.T) {
	c := wire.Conversation{
		Visitor: &wire.Visitor{Name: " Ana ", Email: "ana@example.com"},
		Product: &wire.Product{Name: "Linen Tote Bag", Price: "39.00", Currency: "EUR"},
	}
	v := CannedVars(c, "Admin", "en")
	if v[wire.VarContactName] != "Ana" || v[wire.VarProductPrice] != "39.00 EUR" || v[wire.VarAgentName] != "Admin" || v[wire.VarContactEmail] != "ana@example.com" {
		t.Fatalf("got %v", v)
	}
	v = CannedVars(wire.Conversation{}, "", "fr")
	if len(v) != 1 || v[wire.VarAgentName] != "l'équipe" {
		t.Fatalf("empty conversation: %v", v)
	}
	if v := CannedVars(wire.Conversation{}, "", "pt"); v[wire.VarAgentName] != "the team" {
		t.Fatalf("unknown language: %v", v)
	}
	for _, l := range Languages {
		if teamWord[l] == "" {
			t.Errorf("no stand-in for an agent's name in %s", l)
		}
	}
}

func TestConversationLangAndText(t *testing.T) {
	r := wire.CannedReply{Texts: map[string]string{"fr": "Merci", "de": "Danke"}}
	for _, tc := range []struct {
		name string
		conv wire.Conversation
		lang string
		text string
	}{
		{"the newest page with a language wins", wire.Conversation{Pages: []wire.PageContext{{Lang: "de-CH"}, {Lang: "fr-FR"}, {Lang: ""}}}, "fr", "Merci"},
		{"else the visitor's attributes", wire.Conversation{Visitor: &wire.Visitor{Attributes: map[string]string{"locale": "de_DE"}}}, "de", "Danke"},
		{"an unknown language is none", wire.Conversation{Pages: []wire.PageContext{{Lang: "pt-BR"}}}, "", "Merci"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lang := ConversationLang(tc.conv)
			if lang != tc.lang {
				t.Fatalf("lang %q, want %q", lang, tc.lang)
			}
			if got := CannedText(r, lang); got != tc.text {
				t.Fatalf("text %q, want %q", got, tc.text)
			}
		})
	}
	t.Run("English comes before any other text", func(t *testing.T) {
		r := wire.CannedReply{Texts: map[string]string{"de": "Danke", "en": "Thanks"}}
		if got := CannedText(r, "it"); got != "Thanks" {
			t.Fatalf("got %q", got)
		}
	})
}

func TestSlashQuery(t *testing.T) {
	for _, tc := range []struct {
		before string
		start  int
		query  string
		ok     bool
	}{
		{"/", 0, "", true},
		{"/ref", 0, "ref", true},
		{"Hello /Ref", 6, "ref", true},
		{"line\n/ship-2_d", 5, "ship-2_d", true},
		{"and/or", 0, "", false},
		{"https://shop.example/p", 0, "", false},
		{"/ref ", 0, "", false},
		{"no slash", 0, "", false},
		{"", 0, "", false},
		{"/ré", 0, "", false},
		{"/" + strings.Repeat("x", 33), 0, "", false},
	} {
		start, query, ok := SlashQuery(tc.before)
		if start != tc.start || query != tc.query || ok != tc.ok {
			t.Errorf("SlashQuery(%q) = %d %q %v, want %d %q %v", tc.before, start, query, ok, tc.start, tc.query, tc.ok)
		}
	}
}

func TestFilterCanned(t *testing.T) {
	lib := []wire.CannedReply{
		{Shortcut: "delay", Title: "Delivery delayed"},
		{Shortcut: "prepaid", Title: "Prepaid return label"},
		{Shortcut: "refund", Title: "Refund on its way"},
		{Shortcut: "thanks", Title: "Thank you"},
	}
	names := func(rs []wire.CannedReply) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.Shortcut)
		}
		return strings.Join(s, ",")
	}
	for query, want := range map[string]string{
		"":       "delay,prepaid,refund,thanks",
		"re":     "refund,prepaid",
		"tha":    "thanks",
		"label":  "prepaid",
		"DEL":    "delay",
		"zzz":    "",
		"return": "prepaid",
	} {
		if got := names(FilterCanned(lib, query)); got != want {
			t.Errorf("FilterCanned(%q) = %s, want %s", query, got, want)
		}
	}
	var many []wire.CannedReply
	for range 20 {
		many = append(many, wire.CannedReply{Shortcut: "x"})
	}
	if n := len(FilterCanned(many, "x")); n != maxCannedMatches {
		t.Errorf("%d matches shown, want at most %d", n, maxCannedMatches)
	}
}

func TestUTF16Offsets(t *testing.T) {
	s := "a é 😀/x"
	if n := utf16Len(s); n != 8 {
		t.Fatalf("utf16Len = %d", n)
	}
	for units, want := range map[int]int{0: 0, 2: 2, 3: 4, 4: 5, 6: 9, 7: 10, 8: 11, 99: 11, -1: 0} {
		if got := byteOffset(s, units); got != want {
			t.Errorf("byteOffset(%d) = %d, want %d", units, got, want)
		}
	}
}
