package ui

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The postMessage contract between the shop page (widget.js) and this
// iframe. Every message is an object with comptoir:1 and a type.
//
// page → iframe: context {page}, open, close, identify {contact},
// attributes {attributes}.
// iframe → page: ready, close, unread {count}, message {message}, active.
const (
	msgContext    = "context"
	msgOpen       = "open"
	msgClose      = "close"
	msgIdentify   = "identify"
	msgAttributes = "attributes"

	msgReady   = "ready"
	msgUnread  = "unread"
	msgMessage = "message"
	msgActive  = "active"
)

// ParentMsg is a message from the shop page, decoded and bounded.
type ParentMsg struct {
	Type       string
	Page       *wire.PageContext
	Contact    *wire.ContactUpdate
	Attributes map[string]string
}

// rawParentMsg is the JSON as the page sends it. Attributes may hold numbers
// or booleans, since shops pass whatever they have.
type rawParentMsg struct {
	Comptoir   int               `json:"comptoir"`
	Type       string            `json:"type"`
	Page       *wire.PageContext `json:"page"`
	Contact    *rawContact       `json:"contact"`
	Attributes map[string]any    `json:"attributes"`
}

type rawContact struct {
	Name       string         `json:"name"`
	Email      string         `json:"email"`
	Attributes map[string]any `json:"attributes"`
}

// ParseParentMsg decodes a page message (as JSON) that came from origin, and
// accepts it only when origin is exactly the shop origin this iframe was
// opened for. Strings are cut to the protocol's limits so that a long title
// cannot get the hello refused.
func ParseParentMsg(data, origin, want string) (ParentMsg, bool) {
	if want == "" || origin != want {
		return ParentMsg{}, false
	}
	var raw rawParentMsg
	if err := json.Unmarshal([]byte(data), &raw); err != nil || raw.Comptoir != 1 {
		return ParentMsg{}, false
	}
	m := ParentMsg{Type: raw.Type}
	switch raw.Type {
	case msgOpen, msgClose:
	case msgContext:
		if raw.Page == nil {
			return ParentMsg{}, false
		}
		m.Page = BoundPage(*raw.Page)
	case msgIdentify:
		if raw.Contact == nil {
			return ParentMsg{}, false
		}
		m.Contact = &wire.ContactUpdate{
			Name:       clip(raw.Contact.Name, wire.MaxContextBytes),
			Email:      clip(raw.Contact.Email, wire.MaxContextBytes),
			Attributes: boundAttributes(raw.Contact.Attributes),
		}
		takeIdentity(m.Contact)
	case msgAttributes:
		m.Attributes = boundAttributes(raw.Attributes)
		if m.Attributes == nil {
			return ParentMsg{}, false
		}
	default:
		return ParentMsg{}, false
	}
	return m, true
}

// takeIdentity moves the identity proof the shop passed to identify() (the
// loader forwards every key but name and email as an attribute) out of the
// attributes: it is checked by the server, never stored as an attribute.
func takeIdentity(c *wire.ContactUpdate) {
	pop := func(key string) string {
		v := c.Attributes[key]
		delete(c.Attributes, key)
		return v
	}
	c.ID = clip(pop("id"), 256)
	c.Signature = clip(pop("signature"), 256)
	c.JWT = clip(pop("jwt"), 4096)
	if exp, err := strconv.ParseInt(pop("expires"), 10, 64); err == nil {
		c.Expires = exp
	}
	if len(c.Attributes) == 0 {
		c.Attributes = nil
	}
}

// BoundPage copies p with every string cut to wire.MaxContextBytes.
func BoundPage(p wire.PageContext) *wire.PageContext {
	out := wire.PageContext{
		URL:      clip(p.URL, wire.MaxContextBytes),
		Title:    clip(p.Title, wire.MaxContextBytes),
		Lang:     clip(p.Lang, wire.MaxContextBytes),
		Referrer: clip(p.Referrer, wire.MaxContextBytes),
	}
	if pr := p.Product; pr != nil {
		out.Product = &wire.Product{
			Name:     clip(pr.Name, wire.MaxContextBytes),
			Price:    clip(pr.Price, wire.MaxContextBytes),
			Currency: clip(pr.Currency, wire.MaxContextBytes),
			Image:    clip(pr.Image, wire.MaxContextBytes),
			SKU:      clip(pr.SKU, wire.MaxContextBytes),
			URL:      clip(pr.URL, wire.MaxContextBytes),
		}
	}
	return &out
}

// MergeContact applies an identify or attributes update to what the widget
// already knows, so the next hello carries all of it.
func MergeContact(c *wire.ContactUpdate, name, email string, attrs map[string]string) *wire.ContactUpdate {
	out := wire.ContactUpdate{}
	if c != nil {
		out.Name, out.Email = c.Name, c.Email
		out.ID, out.Expires, out.Signature, out.JWT = c.ID, c.Expires, c.Signature, c.JWT
		if len(c.Attributes) > 0 {
			out.Attributes = make(map[string]string, len(c.Attributes))
			for k, v := range c.Attributes {
				out.Attributes[k] = v
			}
		}
	}
	if name != "" {
		out.Name = name
	}
	if email != "" {
		out.Email = email
	}
	for k, v := range attrs {
		if out.Attributes == nil {
			out.Attributes = map[string]string{}
		}
		if _, ok := out.Attributes[k]; !ok && len(out.Attributes) >= wire.MaxAttributes {
			continue
		}
		out.Attributes[k] = v
	}
	return &out
}

func boundAttributes(in map[string]any) map[string]string {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]string, len(in))
	for k, v := range in {
		if k == "" || len(k) > 64 || len(out) >= wire.MaxAttributes {
			continue
		}
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case float64:
			s = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			s = strconv.FormatBool(v)
		default:
			continue // objects, arrays and null say nothing an agent can read
		}
		out[k] = clip(s, wire.MaxContextBytes)
	}
	return out
}

// clip cuts s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// parent posts to and listens to the shop page, and only to the shop origin
// named in the iframe's URL.
type parent struct {
	origin string
	fn     app.Func
}

// post sends {comptoir:1, type, ...fields} to the shop page.
func (p *parent) post(typ string, fields map[string]any) {
	if p.origin == "" || !isOrigin(p.origin) {
		return
	}
	win := app.Window()
	par := win.Get("parent")
	if !par.Truthy() || par.Equal(win) {
		return
	}
	msg := map[string]any{"comptoir": 1, "type": typ}
	for k, v := range fields {
		msg[k] = v
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return
	}
	defer func() { _ = recover() }() // a detached parent throws
	obj := win.Get("JSON").Call("parse", string(b))
	par.Call("postMessage", obj, p.origin)
}

// listen calls fn with each valid message from the shop page. fn runs on the
// JavaScript event loop.
func (p *parent) listen(fn func(ParentMsg)) {
	if p.origin == "" {
		return
	}
	win := app.Window()
	p.fn = app.FuncOf(func(_ app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		ev := args[0]
		if !ev.Get("source").Equal(win.Get("parent")) {
			return nil
		}
		data, ok := stringify(ev.Get("data"))
		if !ok {
			return nil
		}
		if m, ok := ParseParentMsg(data, ev.Get("origin").String(), p.origin); ok {
			fn(m)
		}
		return nil
	})
	win.Call("addEventListener", "message", p.fn)
}

func stringify(v app.Value) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	if !v.Truthy() {
		return "", false
	}
	return app.Window().Get("JSON").Call("stringify", v).String(), true
}

// isOrigin accepts "scheme://host[:port]" and nothing else, so that the
// target of postMessage can never be "*" or a path.
func isOrigin(s string) bool {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || (scheme != "https" && scheme != "http") || rest == "" {
		return false
	}
	return !strings.ContainsAny(rest, "/?#*@ ")
}
