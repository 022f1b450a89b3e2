package ui

import (
	"github.com/comptoir/comptoir/wire/wsclient"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// statusKey is the connection state in the shopper's words.
func statusKey(st wsclient.State, welcomed, online bool) (Key, string) {
	switch {
	case welcomed:
		return KeyOnline, "online"
	case st.Phase == wsclient.Stopped && st.Code != 0,
		st.Phase == wsclient.Offline && !online:
		return KeyOffline, "offline"
	case st.Phase == wsclient.Offline:
		return KeyReconnecting, "reconnecting"
	default:
		return KeyConnecting, "connecting"
	}
}

// renderHeader draws the shop's name, the connection state and the close
// button.
func (c *Chat) renderHeader() app.UI {
	name := c.settings.Name
	if name == "" {
		name = T(c.lang, KeyTitle)
	}
	key, state := statusKey(c.state, c.welcomed, app.IsServer || browserOnline())
	return app.Header().
		Class("cpt-header").
		Body(
			app.Div().Class("cpt-heading").Body(
				app.H1().Class("cpt-title").Text(name),
				app.P().
					Class("cpt-status", "cpt-status--"+state).
					Aria("live", "polite").
					Body(
						app.Span().Class("cpt-dot").Aria("hidden", "true"),
						app.Text(T(c.lang, key)),
					),
			),
			app.Button().
				Type("button").
				Class("cpt-close").
				Aria("label", T(c.lang, KeyClose)).
				Title(T(c.lang, KeyClose)).
				OnClick(c.closePanel).
				Body(iconClose()),
		)
}

// Icons are drawn as SVG elements (never raw HTML) so that nothing in the
// widget is parsed from strings.
func iconClose() app.UI {
	return app.Elem("svg").XMLNS(svgNS).
		Attr("viewBox", "0 0 24 24").
		Attr("width", "20").Attr("height", "20").
		Attr("aria-hidden", "true").Attr("focusable", "false").
		Body(app.Elem("path").XMLNS(svgNS).
			Attr("d", "M6 6l12 12M18 6L6 18").
			Attr("stroke", "currentColor").Attr("stroke-width", "2").
			Attr("stroke-linecap", "round").Attr("fill", "none"))
}

func iconSend() app.UI {
	return app.Elem("svg").XMLNS(svgNS).
		Attr("viewBox", "0 0 24 24").
		Attr("width", "20").Attr("height", "20").
		Attr("aria-hidden", "true").Attr("focusable", "false").
		Body(app.Elem("path").XMLNS(svgNS).
			Attr("d", "M3.4 20.4l17.45-7.48a1 1 0 000-1.84L3.4 3.6a1 1 0 00-1.39 1.2L4.5 12l-2.49 7.2a1 1 0 001.39 1.2zM4.5 12h8").
			Attr("stroke", "currentColor").Attr("stroke-width", "1.8").
			Attr("stroke-linejoin", "round").Attr("fill", "none"))
}

const svgNS = "http://www.w3.org/2000/svg"
