package ui

import (
	"strings"

	"github.com/comptoir/comptoir/wire"
)

// Canned replies in the reply box: what the agent typed after a slash, the
// replies that match it, and the chosen reply's text with its variables
// filled in. Everything here is pure, so it is tested natively.

// maxCannedMatches bounds the list under the reply box.
const maxCannedMatches = 8

// SlashQuery finds a canned-reply query at the end of before, the reply
// text up to the caret: a slash at the start of the text or after a space
// or line break, then shortcut characters only. It returns where the slash
// is (a byte index of before) and the query, lower-cased, without it.
func SlashQuery(before string) (start int, query string, ok bool) {
	i := len(before)
	for i > 0 && len(before)-i < wire.MaxCannedShortcut {
		b := before[i-1]
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		if !wire.IsCannedShortcutByte(b) {
			break
		}
		i--
	}
	if i == 0 || before[i-1] != '/' {
		return 0, "", false
	}
	slash := i - 1
	if slash > 0 {
		switch before[slash-1] {
		case ' ', '\n', '\t', '\r':
		default:
			return 0, "", false // "and/or", a URL: not a query
		}
	}
	return slash, strings.ToLower(before[i:]), true
}

// FilterCanned returns the replies for query, best first: shortcuts that
// start with it, then shortcuts that contain it, then titles that contain
// it (ignoring case), each group in library order; at most
// maxCannedMatches.
func FilterCanned(library []wire.CannedReply, query string) []wire.CannedReply {
	q := strings.ToLower(query)
	var prefix, inside, title []wire.CannedReply
	for _, r := range library {
		switch {
		case strings.HasPrefix(r.Shortcut, q):
			prefix = append(prefix, r)
		case strings.Contains(r.Shortcut, q):
			inside = append(inside, r)
		case strings.Contains(strings.ToLower(r.Title), q):
			title = append(title, r)
		}
	}
	out := append(append(prefix, inside...), title...)
	if len(out) > maxCannedMatches {
		out = out[:maxCannedMatches]
	}
	return out
}

// ConversationLang is the language to answer a conversation in: the
// newest page's language, else a lang, language or locale attribute of the
// visitor; "" when none is one of Languages.
func ConversationLang(c wire.Conversation) string {
	for i := len(c.Pages) - 1; i >= 0; i-- {
		if l := knownLang(c.Pages[i].Lang); l != "" {
			return l
		}
	}
	if c.Visitor != nil {
		for _, k := range []string{"lang", "language", "locale"} {
			if l := knownLang(c.Visitor.Attributes[k]); l != "" {
				return l
			}
		}
	}
	return ""
}

// knownLang is the base of a BCP 47 tag when it is one of Languages.
func knownLang(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	base, _, _ = strings.Cut(base, "_")
	for _, l := range Languages {
		if l == base {
			return l
		}
	}
	return ""
}

// CannedText picks the reply's text for lang, else English, else the first
// text present in Languages order.
func CannedText(r wire.CannedReply, lang string) string {
	if t, ok := r.Texts[lang]; ok {
		return t
	}
	if t, ok := r.Texts["en"]; ok {
		return t
	}
	for _, l := range Languages {
		if t, ok := r.Texts[l]; ok {
			return t
		}
	}
	return ""
}

// teamWord stands in for an agent without a name, per language.
var teamWord = map[string]string{
	"en": "the team", "fr": "l'équipe", "it": "il team", "es": "el equipo", "de": "das Team",
}

// CannedVars are the values of the variables for conversation c answered
// by agentName, in lang. A missing value is left out: ExpandCanned drops
// it and tidies the spaces around it ("Bonjour {{contact.name}} !" with no
// name reads "Bonjour !"), which reads better in every language than a
// stand-in word. Only the agent's name has one, since a signature cannot
// be empty.
func CannedVars(c wire.Conversation, agentName, lang string) map[string]string {
	vars := map[string]string{}
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			vars[k] = v
		}
	}
	if v := c.Visitor; v != nil {
		set(wire.VarContactName, v.Name)
		set(wire.VarContactEmail, v.Email)
	}
	if p := c.Product; p != nil {
		set(wire.VarProductName, p.Name)
		price := strings.TrimSpace(p.Price)
		if price != "" && p.Currency != "" {
			price += " " + p.Currency
		}
		set(wire.VarProductPrice, price)
	}
	set(wire.VarAgentName, agentName)
	if vars[wire.VarAgentName] == "" {
		w, ok := teamWord[lang]
		if !ok {
			w = teamWord["en"]
		}
		vars[wire.VarAgentName] = w
	}
	return vars
}

// ExpandCanned fills the {{variables}} of text from vars. A variable
// without a value expands to nothing, and the spaces it leaves are tidied:
// no doubled space, no space before a comma or a full stop, none at the
// start or end of a line. The rest of the text is kept as written.
func ExpandCanned(text string, vars map[string]string) string {
	var out strings.Builder
	gap := false // a variable just expanded to nothing
	for _, p := range wire.CannedPieces(text) {
		s := p.Text
		if p.Ref {
			s = vars[p.Var]
			if s == "" {
				gap = true
				continue
			}
		}
		if gap {
			s = closeGap(&out, s)
			gap = false
		}
		out.WriteString(s)
	}
	if gap {
		closeGap(&out, "")
	}
	return out.String()
}

// closeGap joins what was written before an empty variable with next, the
// text after it, and returns next as it must now be written.
func closeGap(out *strings.Builder, next string) string {
	before := out.String()
	trimmed := strings.TrimRight(before, " \t")
	rest := strings.TrimLeft(next, " \t")
	spaceBefore, spaceAfter := len(trimmed) < len(before), len(rest) < len(next)
	switch {
	case trimmed == "" || strings.HasSuffix(trimmed, "\n"):
		// At the start of a line: "{{contact.name}}, thanks" → "thanks".
		before = trimmed
		rest = strings.TrimLeft(strings.TrimPrefix(rest, ","), " \t")
	case rest == "" || strings.HasPrefix(rest, "\n"):
		// At the end of a line: "Thanks {{contact.name}}" → "Thanks".
		before = trimmed
	case !spaceAfter && strings.ContainsAny(rest[:1], ",.!?;:)"):
		// Punctuation written against the variable: "Hi {{contact.name}}!" → "Hi!".
		before = trimmed
	case spaceBefore && spaceAfter:
		// One space of the two: "Bonjour {{contact.name}} !" → "Bonjour !".
	default:
		rest = next
	}
	out.Reset()
	out.WriteString(before)
	return rest
}

// utf16Len is the length of s in UTF-16 code units, the unit of a text
// field's selection in the browser.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// byteOffset is the byte index in s of the position units UTF-16 code
// units from its start (clamped to s).
func byteOffset(s string, units int) int {
	n := 0
	for i, r := range s {
		if n >= units {
			return i
		}
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return len(s)
}
