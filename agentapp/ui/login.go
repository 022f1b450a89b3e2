package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// LoginScreen is the sign-in form. It reads the fields from the DOM on
// submit instead of mirroring every keystroke into state, so typing does not
// re-render the desk; password managers fill the fields the same way.
type LoginScreen struct {
	app.Compo

	Lang    Lang
	Pending bool
	// Error is the server's message for the last failed attempt.
	Error    string
	OnSubmit func(ctx app.Context, email, password string)

	// NeedCode shows the second step: the password was right and the
	// account has two-step sign-in (twostep.go).
	NeedCode    bool
	OnCode      func(ctx app.Context, code string, recovery bool)
	OnStartOver func(ctx app.Context)

	// recovery is set when the agent chose to type a recovery code.
	recovery bool
}

// OnMount puts the cursor in the first field.
func (l *LoginScreen) OnMount(ctx app.Context) {
	ctx.Defer(func(app.Context) { focusElement("login-email") })
}

// Render draws the form.
func (l *LoginScreen) Render() app.UI {
	if l.NeedCode {
		return l.renderCode()
	}
	label := l.Lang.T(KSignIn)
	if l.Pending {
		label = l.Lang.T(KSigningIn)
	}
	return app.Main().Class("login").Body(
		app.Form().Class("login-card").Aria("labelledby", "login-title").
			OnSubmit(l.submit).
			Body(
				app.Img().Class("login-logo").Src("/web/icon.svg").Alt("").Width(56).Height(56),
				app.H1().ID("login-title").Text(l.Lang.T(KSignInTitle)),
				app.Label().For("login-email").Text(l.Lang.T(KEmail)),
				app.Input().ID("login-email").Name("email").Type("email").
					Attr("autocomplete", "username").Required(true),
				app.Label().For("login-password").Text(l.Lang.T(KPassword)),
				app.Input().ID("login-password").Name("password").Type("password").
					Attr("autocomplete", "current-password").Required(true),
				app.P().ID("login-error").Class("form-error").
					Role("alert").Aria("live", "assertive").
					Text(l.Error),
				app.Button().Type("submit").Class("primary").
					Aria("busy", l.Pending).Disabled(l.Pending).
					Text(label),
			),
	)
}

func (l *LoginScreen) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	email := strings.TrimSpace(app.Window().GetElementByID("login-email").Get("value").String())
	password := app.Window().GetElementByID("login-password").Get("value").String()
	if l.OnSubmit != nil {
		l.OnSubmit(ctx, email, password)
	}
}
