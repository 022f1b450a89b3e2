package wire

import (
	"fmt"
	"slices"
	"strings"
)

// Canned replies ("arguments de réponse"): a per-site library of prepared
// answers an agent inserts from the reply box by typing /shortcut. The
// server stores and checks them; the agent app fills in the variables,
// since it is the one that knows the contact, the product and the agent.

// CannedReply is one reply of a site's library.
type CannedReply struct {
	ID   string `json:"id"`
	Site string `json:"site"`
	// Shortcut is what follows the slash: lower-case letters, digits, - and
	// _, unique in the site.
	Shortcut string `json:"shortcut"`
	Title    string `json:"title"`
	// Texts holds one text per language code (en, fr, it, es, de); at
	// least one. A text may hold the variables of CannedVariables.
	Texts map[string]string `json:"texts"`
	// UpdatedAt is Unix milliseconds.
	UpdatedAt int64 `json:"updatedAt"`
}

// CannedList is the answer to GET /api/v1/sites/{id}/canned, in shortcut
// order.
type CannedList struct {
	Replies []CannedReply `json:"replies"`
}

// CannedChange is the body of POST /api/v1/sites/{id}/canned (all three
// fields required) and PATCH /api/v1/canned/{id} (only the fields present
// change; Texts, when present, replaces every text).
type CannedChange struct {
	Shortcut *string           `json:"shortcut,omitempty"`
	Title    *string           `json:"title,omitempty"`
	Texts    map[string]string `json:"texts,omitempty"`
}

// Limits of a canned reply.
const (
	MaxCannedShortcut = 32
	MaxCannedTitle    = 100
	// MaxCannedText is a message body's limit: an expanded reply is sent
	// as one message.
	MaxCannedText = 5000
	// MaxCannedPerSite bounds a site's library.
	MaxCannedPerSite = 500
)

// The variables a canned text may hold, as {{name}}.
const (
	VarContactName  = "contact.name"
	VarContactEmail = "contact.email"
	VarProductName  = "product.name"
	VarProductPrice = "product.price"
	VarAgentName    = "agent.name"
)

// CannedVariables lists every variable a canned text may hold.
var CannedVariables = []string{VarContactName, VarContactEmail, VarProductName, VarProductPrice, VarAgentName}

// CannedPiece is a part of a canned text: literal Text, or (Ref) a
// reference to the variable Var, Text then being the reference as written
// ("{{ x }}").
type CannedPiece struct {
	Text string
	Var  string
	Ref  bool
}

// CannedPieces splits a canned text into literal text and {{variable}}
// references, in order. Spaces inside the braces are ignored; "{{" with no
// "}}" after it is literal text. Server (checking) and agent app
// (expanding) read texts through this one function, so they agree on what
// a variable is.
func CannedPieces(text string) []CannedPiece {
	var out []CannedPiece
	for text != "" {
		open := strings.Index(text, "{{")
		if open < 0 {
			break
		}
		end := strings.Index(text[open+2:], "}}")
		if end < 0 {
			break
		}
		if open > 0 {
			out = append(out, CannedPiece{Text: text[:open]})
		}
		ref := text[open : open+2+end+2]
		out = append(out, CannedPiece{Text: ref, Var: strings.TrimSpace(ref[2 : len(ref)-2]), Ref: true})
		text = text[open+2+end+2:]
	}
	if text != "" {
		out = append(out, CannedPiece{Text: text})
	}
	return out
}

// UnknownCannedVariables lists, once each and in order of appearance, the
// references of text that are not CannedVariables.
func UnknownCannedVariables(text string) []string {
	var bad []string
	for _, p := range CannedPieces(text) {
		if !p.Ref || isCannedVariable(p.Var) {
			continue
		}
		name := "{{" + p.Var + "}}"
		if !slices.Contains(bad, name) {
			bad = append(bad, name)
		}
	}
	return bad
}

func isCannedVariable(name string) bool { return slices.Contains(CannedVariables, name) }

// ValidCannedShortcut says whether s may be a shortcut: 1 to
// MaxCannedShortcut lower-case ASCII letters, digits, - and _.
func ValidCannedShortcut(s string) bool {
	if s == "" || len(s) > MaxCannedShortcut {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !IsCannedShortcutByte(s[i]) {
			return false
		}
	}
	return true
}

// IsCannedShortcutByte says whether b may appear in a shortcut.
func IsCannedShortcutByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_'
}

// CheckCannedText returns why text cannot be a canned text in lang, or "".
func CheckCannedText(lang, text string) string {
	if strings.TrimSpace(text) == "" {
		return fmt.Sprintf("texts.%s is empty (leave the language out instead)", lang)
	}
	if n := len([]rune(text)); n > MaxCannedText {
		return fmt.Sprintf("texts.%s has %d characters; at most %d", lang, n, MaxCannedText)
	}
	if bad := UnknownCannedVariables(text); len(bad) > 0 {
		return fmt.Sprintf("texts.%s uses unknown variables %s; known: {{%s}}", lang, strings.Join(bad, ", "), strings.Join(CannedVariables, "}}, {{"))
	}
	return ""
}
