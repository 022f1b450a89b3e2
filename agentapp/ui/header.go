package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Header is the desk's top bar: the brand with the unread total, who is
// signed in, the notification switch and sign-out; under it, the connection
// banner when the live connection is not up, and any transient error.
type Header struct {
	app.Compo

	Lang       Lang
	AgentName  string
	AgentEmail string
	Unread     uint64
	// NotifPerm is the browser's notification permission ("" if none).
	NotifPerm   string
	Connection  connPhase
	Flash       string
	UpdateReady bool
	OnNotify    func(app.Context)
	OnSignOut   func(app.Context)
	OnSecurity  func(app.Context)
	OnRetry     func(app.Context)
	OnDismissFl func(app.Context)
	// OnCanned opens the canned-replies panel; nil hides the button
	// (admins only).
	OnCanned func(app.Context)
	// OnAgents opens the agents panel (agents_admin.go); nil hides the
	// button (admins only).
	OnAgents func(app.Context)
	// OnHours opens the office-hours panel; nil hides the button (admins
	// only).
	OnHours func(app.Context)
	// Availability is the agent's online/away switch (routing_desk.go).
	Availability app.UI
	// OnRouting opens the routing screen; nil hides the button (admins
	// only).
	OnRouting func(app.Context)
	// OnConvo opens the conversation settings (admins; convo_admin.go).
	OnConvo func(app.Context)
}

// Render draws the bar and the banners.
func (h *Header) Render() app.UI {
	who := h.AgentName
	if who == "" {
		who = h.AgentEmail
	}
	return app.Header().Class("topbar").Body(
		app.Div().Class("topbar-row").Body(
			app.Div().Class("brand").Body(
				app.Img().Src("/web/icon.svg").Alt("").Width(24).Height(24),
				app.Span().Text(h.Lang.T(KAppName)),
				app.If(h.Unread > 0, func() app.UI {
					return app.Span().Class("badge").
						Aria("label", h.Lang.F(KUnread, h.Unread)).
						Text(h.Unread)
				}),
			),
			app.Div().Class("topbar-actions").Body(
				h.Availability,
				h.renderNotify(),
				app.Span().Class("agent").Title("%s", h.AgentEmail).Text(who),
				app.If(h.OnCanned != nil, func() app.UI {
					return app.Button().Class("ghost").ID("canned-open").
						OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnCanned) }).
						Text(h.Lang.T(KCanned))
				}),
				app.If(h.OnAgents != nil, func() app.UI {
					return app.Button().Class("ghost").ID("agents-open").
						OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnAgents) }).
						Text(h.Lang.T(KAgents))
				}),
				app.If(h.OnHours != nil, func() app.UI {
					return app.Button().Class("ghost").ID("hours-open").
						OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnHours) }).
						Text(h.Lang.T(KOfficeHours))
				}),
				app.If(h.OnRouting != nil, func() app.UI {
					return app.Button().Class("ghost").ID("routing-open").
						OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnRouting) }).
						Text(h.Lang.T(KRoutingSettings))
				}),
				app.If(h.OnConvo != nil, func() app.UI {
					return app.Button().Class("ghost").ID("convo-settings-open").
						OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnConvo) }).
						Text(h.Lang.T(KConvoSettings))
				}),
				app.Button().Class("ghost").ID("security").
					OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnSecurity) }).
					Text(h.Lang.T(KSecurity)),
				app.Button().Class("ghost").ID("signout").
					OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnSignOut) }).
					Text(h.Lang.T(KSignOut)),
			),
		),
		h.renderConnection(),
		app.If(h.UpdateReady, func() app.UI {
			return app.Div().Class("banner").Role("status").Body(
				app.Span().Text(h.Lang.T(KUpdateReady)),
				app.Button().Class("secondary").
					OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }).
					Text(h.Lang.T(KReload)),
			)
		}),
		app.If(h.Flash != "", func() app.UI {
			return app.Div().Class("banner", "banner-error").Role("alert").Body(
				app.Span().Text(h.Flash),
				app.Button().Class("ghost").Aria("label", "×").
					OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnDismissFl) }).
					Text("×"),
			)
		}),
	)
}

func (h *Header) renderNotify() app.UI {
	switch h.NotifPerm {
	case permDefault:
		return app.Button().Class("ghost").ID("enable-notifications").
			OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnNotify) }).
			Text(h.Lang.T(KEnableNotifications))
	case permGranted:
		return app.Span().Class("muted").Text(h.Lang.T(KNotificationsOn))
	case permDenied:
		return app.Span().Class("muted").Text(h.Lang.T(KNotificationsOff))
	default:
		return nil
	}
}

// renderConnection keeps one live region in the page at all times, so that
// screen readers announce "Reconnecting…" when it appears.
func (h *Header) renderConnection() app.UI {
	var body app.UI
	class := "banner banner-conn"
	switch h.Connection {
	case connReconnecting:
		body = app.Div().Class("banner-body").Body(
			app.Span().Text(h.Lang.T(KReconnecting)),
			app.Button().Class("ghost").
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, h.OnRetry) }).
				Text(h.Lang.T(KRetryNow)),
		)
	case connStopped:
		body = app.Span().Text(h.Lang.T(KConnStopped))
		class += " banner-error"
	case connConnecting:
		body = app.Span().Text(h.Lang.T(KConnecting))
	default:
		class += " banner-hidden"
	}
	return app.Div().Class(class).ID("connection").Role("status").Aria("live", "polite").Body(body)
}

// call runs an optional callback.
func call(ctx app.Context, f func(app.Context)) {
	if f != nil {
		f(ctx)
	}
}
