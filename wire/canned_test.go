package wire

import (
	"reflect"
	"strings"
	"testing"
)

func TestCannedPieces(t *testing.T) {
	for text, want := range map[string][]CannedPiece{
		"":      nil,
		"plain": {{Text: "plain"}},
		"Hi {{contact.name}}!": {
			{Text: "Hi "}, {Text: "{{contact.name}}", Var: "contact.name", Ref: true}, {Text: "!"},
		},
		"{{ agent.name }}{{x}}": {
			{Text: "{{ agent.name }}", Var: "agent.name", Ref: true}, {Text: "{{x}}", Var: "x", Ref: true},
		},
		"a {{ unclosed": {{Text: "a {{ unclosed"}},
		"{{}} b":        {{Text: "{{}}", Ref: true}, {Text: " b"}},
		"} {single}":    {{Text: "} {single}"}},
	} {
		if got := CannedPieces(text); !reflect.DeepEqual(got, want) {
			t.Errorf("CannedPieces(%q) = %+v, want %+v", text, got, want)
		}
	}
}

func TestUnknownCannedVariables(t *testing.T) {
	got := UnknownCannedVariables("{{contact.name}} {{order.id}} {{ product.price }} {{order.id}} {{}} {{Agent.Name}}")
	if want := []string{"{{order.id}}", "{{}}", "{{Agent.Name}}"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := UnknownCannedVariables("Thank you {{contact.name}}, the {{product.name}} ships tomorrow. — {{agent.name}}"); got != nil {
		t.Fatalf("known variables refused: %q", got)
	}
}

func TestCheckCannedText(t *testing.T) {
	if msg := CheckCannedText("fr", "Bonjour {{contact.name}}"); msg != "" {
		t.Errorf("a good text refused: %s", msg)
	}
	for text, want := range map[string]string{
		"  ":                       "texts.de is empty",
		"Hi {{contact.firstname}}": "{{contact.firstname}}",
		strings.Repeat("é", 5001):  "at most 5000",
	} {
		if msg := CheckCannedText("de", text); !strings.Contains(msg, want) {
			t.Errorf("CheckCannedText(%.20q) = %q, want it to say %q", text, msg, want)
		}
	}
}

func TestValidCannedShortcut(t *testing.T) {
	for s, want := range map[string]bool{
		"refund": true, "ship-2_days": true, "a": true, strings.Repeat("x", 32): true,
		"": false, "Refund": false, "re fund": false, "/refund": false, "remboursé": false, strings.Repeat("x", 33): false,
	} {
		if got := ValidCannedShortcut(s); got != want {
			t.Errorf("ValidCannedShortcut(%q) = %v", s, got)
		}
	}
}

func TestCleanLabels(t *testing.T) {
	got, err := CleanLabels([]string{" Late  parcel ", "late parcel", "", "VIP"})
	if err != nil || len(got) != 2 || got[0] != "Late parcel" || got[1] != "VIP" {
		t.Fatalf("%q %v", got, err)
	}
	many := make([]string, MaxLabels+1)
	for i := range many {
		many[i] = string(rune('a' + i))
	}
	if _, err := CleanLabels(many); err == nil {
		t.Fatal("21 labels accepted")
	}
	p := &Promise{Due: 100}
	if p.Late(100) || !p.Late(101) || (&Promise{Due: 100, DoneAt: 150}).Late(200) {
		t.Fatal("Late")
	}
}
