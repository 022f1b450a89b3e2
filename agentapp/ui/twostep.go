package ui

import (
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Two-step sign-in (TOTP): the second step of the login form, the desk's
// side of it, and the Security panel where an agent turns it on and off.

// renderCode draws the second step: one field for the app's 6-digit code,
// or for a recovery code once the agent asks for that instead.
func (l *LoginScreen) renderCode() app.UI {
	label, hint := KAuthCode, KTwoStepHint
	toggle := KUseRecovery
	if l.recovery {
		label, hint, toggle = KRecoveryCode, KRecoveryHint, KUseApp
	}
	submit := l.Lang.T(KVerify)
	if l.Pending {
		submit = l.Lang.T(KVerifying)
	}
	input := app.Input().ID("login-code").Name("code").Type("text").
		Required(true).Aria("describedby", "login-code-hint").
		Attr("autocapitalize", "off").Attr("spellcheck", "false")
	if l.recovery {
		input = input.Attr("autocomplete", "off").Attr("inputmode", "text").MaxLength(24)
	} else {
		// one-time-code lets phones offer the code from an SMS or app;
		// numeric brings up the digit keypad.
		input = input.Attr("autocomplete", "one-time-code").Attr("inputmode", "numeric").
			Attr("pattern", "[0-9 ]*").MaxLength(7)
	}
	return app.Main().Class("login").Body(
		app.Form().Class("login-card").Aria("labelledby", "login-title").
			OnSubmit(l.submitCode).
			Body(
				app.Img().Class("login-logo").Src("/web/icon.svg").Alt("").Width(56).Height(56),
				app.H1().ID("login-title").Text(l.Lang.T(KTwoStepTitle)),
				app.P().ID("login-code-hint").Class("muted").Text(l.Lang.T(hint)),
				app.Label().For("login-code").Text(l.Lang.T(label)),
				input,
				app.P().ID("login-error").Class("form-error").
					Role("alert").Aria("live", "assertive").
					Text(l.Error),
				app.Button().Type("submit").Class("primary").
					Aria("busy", l.Pending).Disabled(l.Pending).
					Text(submit),
				app.Div().Class("login-links").Body(
					app.Button().Type("button").Class("link").ID("login-toggle-recovery").
						OnClick(l.toggleRecovery).
						Text(l.Lang.T(toggle)),
					app.Button().Type("button").Class("link").
						OnClick(func(ctx app.Context, e app.Event) {
							l.recovery = false
							call(ctx, l.OnStartOver)
						}).
						Text(l.Lang.T(KStartOver)),
				),
			),
	)
}

func (l *LoginScreen) toggleRecovery(ctx app.Context, e app.Event) {
	l.recovery = !l.recovery
	// The same input element is reused: empty it, or half a TOTP code
	// would be sent as a recovery code.
	if el := app.Window().GetElementByID("login-code"); el.Truthy() {
		el.Set("value", "")
	}
	ctx.Defer(func(app.Context) { focusElement("login-code") })
}

func (l *LoginScreen) submitCode(ctx app.Context, e app.Event) {
	e.PreventDefault()
	code := strings.TrimSpace(app.Window().GetElementByID("login-code").Get("value").String())
	if code != "" && l.OnCode != nil {
		l.OnCode(ctx, code, l.recovery)
	}
}

// askSecondFactor keeps the credentials that were right and shows the code
// step.
func (d *Desk) askSecondFactor(req wire.LoginRequest) {
	req.TOTP, req.RecoveryCode = "", ""
	d.loginCreds, d.loginNeedCode, d.loginError = req, true, ""
	d.ctx.Defer(func(app.Context) { focusElement("login-code") })
}

// loginWithCode sends the kept credentials again with the code.
func (d *Desk) loginWithCode(_ app.Context, code string, recovery bool) {
	req := d.loginCreds
	if recovery {
		req.RecoveryCode = code
	} else {
		req.TOTP = code
	}
	d.postLogin(req)
}

// startOverLogin goes back to the email and password form.
func (d *Desk) startOverLogin(ctx app.Context) {
	d.forgetLogin()
	d.loginError = ""
	ctx.Defer(func(app.Context) { focusElement("login-email") })
}

// forgetLogin drops the password kept between the two steps.
func (d *Desk) forgetLogin() {
	d.loginCreds, d.loginNeedCode = wire.LoginRequest{}, false
}

// SecurityPanel lets the signed-in agent turn two-step sign-in on (key,
// confirmation code, recovery codes shown once) and off (password and code).
// It owns its small state and talks to /api/v1/me/totp itself; nothing in
// it matters to the rest of the desk.
type SecurityPanel struct {
	app.Compo

	Lang    Lang
	Rest    *restClient
	OnClose func(app.Context)

	status  *wire.TOTPStatus
	setup   *wire.TOTPSetup
	codes   []string
	turnOff bool
	pending bool
	err     string
	copied  string
}

// OnMount asks whether two-step sign-in is on.
func (p *SecurityPanel) OnMount(ctx app.Context) {
	p.loadStatus(ctx)
	ctx.Defer(func(app.Context) { focusElement("security-title") })
}

func (p *SecurityPanel) loadStatus(ctx app.Context) {
	var st wire.TOTPStatus
	p.Rest.call("GET", "/me/totp", nil, &st, func(status int, err *wire.Error) {
		ctx.Dispatch(func(app.Context) {
			if p.fail(status, err) {
				return
			}
			p.status = &st
		})
	})
}

// fail records a refusal or a network failure; it says whether there was one.
func (p *SecurityPanel) fail(status int, err *wire.Error) bool {
	p.pending = false
	switch {
	case err != nil:
		p.err = err.Message
	case status == 0:
		p.err = p.Lang.T(KNetworkError)
	default:
		p.err = ""
		return false
	}
	return true
}

// Render draws the panel for the current state.
func (p *SecurityPanel) Render() app.UI {
	return app.Div().Class("overlay").Body(
		app.Section().Class("sheet").ID("security-panel").Role("dialog").Aria("labelledby", "security-title").
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() == "Escape" && p.codes == nil {
					call(ctx, p.OnClose)
				}
			}).
			Body(
				app.Div().Class("sheet-head").Body(
					app.H2().ID("security-title").TabIndex(-1).Text(p.Lang.T(KSecurity)),
					app.If(p.codes == nil, func() app.UI {
						return app.Button().Class("ghost").Aria("label", p.Lang.T(KClose)).
							OnClick(func(ctx app.Context, e app.Event) { call(ctx, p.OnClose) }).
							Text("×")
					}),
				),
				app.H3().Text(p.Lang.T(KTwoStepTitle)),
				p.renderBody(),
				app.P().ID("security-error").Class("form-error").
					Role("alert").Aria("live", "assertive").Text(p.err),
			),
	)
}

func (p *SecurityPanel) renderBody() app.UI {
	switch {
	case p.codes != nil:
		return p.renderCodes()
	case p.status == nil:
		return app.P().Class("muted").Aria("live", "polite").Text(p.Lang.T(KLoading))
	case p.setup != nil:
		return p.renderSetup()
	case p.status.Enabled:
		return p.renderOn()
	default:
		return app.Div().Body(
			app.P().Text(p.Lang.T(KTOTPOff)),
			app.Button().Class("primary").ID("totp-start").Disabled(p.pending).
				OnClick(p.start).Text(p.Lang.T(KTOTPStart)),
		)
	}
}

func (p *SecurityPanel) start(ctx app.Context, e app.Event) {
	p.pending, p.err = true, ""
	var s wire.TOTPSetup
	p.Rest.call("POST", "/me/totp/setup", nil, &s, func(status int, err *wire.Error) {
		ctx.Dispatch(func(ctx app.Context) {
			if p.fail(status, err) {
				return
			}
			p.setup = &s
			ctx.Defer(func(app.Context) { focusElement("totp-enable-code") })
		})
	})
}

// renderSetup shows the key as text (no QR code: that would mean a QR
// library in the wasm) and asks for the first code.
func (p *SecurityPanel) renderSetup() app.UI {
	return app.Form().Class("sheet-form").OnSubmit(p.enable).Body(
		app.P().ID("totp-key-hint").Text(p.Lang.T(KTOTPKeyHint)),
		p.copyable("totp-key", KTOTPKey, p.setup.Secret),
		p.copyable("totp-uri", KTOTPURI, p.setup.URI),
		app.Label().For("totp-enable-code").Text(p.Lang.T(KAuthCode)),
		app.Input().ID("totp-enable-code").Type("text").Required(true).
			Attr("autocomplete", "one-time-code").Attr("inputmode", "numeric").
			Attr("pattern", "[0-9 ]*").MaxLength(7),
		app.Div().Class("sheet-actions").Body(
			app.Button().Type("submit").Class("primary").Disabled(p.pending).Aria("busy", p.pending).
				Text(p.Lang.T(KTOTPConfirm)),
			app.Button().Type("button").Class("secondary").
				OnClick(func(ctx app.Context, e app.Event) { p.setup, p.err = nil, "" }).
				Text(p.Lang.T(KCancel)),
		),
	)
}

// copyable is a labelled value shown as selectable text, with a copy button.
func (p *SecurityPanel) copyable(id string, label Key, value string) app.UI {
	return app.Div().Class("copyable").Body(
		app.Span().Class("copyable-label").ID(id+"-label").Text(p.Lang.T(label)),
		app.Code().ID(id).Aria("labelledby", id+"-label").Text(value),
		app.Button().Type("button").Class("secondary").
			OnClick(func(ctx app.Context, e app.Event) {
				if copyText(value) {
					p.copied = id
				}
			}).
			Text(p.copyLabel(id)),
	)
}

func (p *SecurityPanel) enable(ctx app.Context, e app.Event) {
	e.PreventDefault()
	code := strings.TrimSpace(app.Window().GetElementByID("totp-enable-code").Get("value").String())
	p.pending, p.err = true, ""
	var rec wire.TOTPRecoveryCodes
	p.Rest.call("POST", "/me/totp/enable", wire.TOTPEnableRequest{Code: code}, &rec, func(status int, err *wire.Error) {
		ctx.Dispatch(func(ctx app.Context) {
			if p.fail(status, err) {
				return
			}
			p.setup, p.copied = nil, ""
			p.codes = rec.Codes
			ctx.Defer(func(app.Context) { focusElement("recovery-title") })
		})
	})
}

// renderCodes shows the recovery codes, the one time they exist in clear.
func (p *SecurityPanel) renderCodes() app.UI {
	return app.Div().Body(
		app.H3().ID("recovery-title").TabIndex(-1).Text(p.Lang.T(KRecoveryTitle)),
		app.P().Text(p.Lang.T(KRecoveryShown)),
		app.Ol().Class("recovery-codes").ID("recovery-codes").Body(
			app.Range(p.codes).Slice(func(i int) app.UI {
				return app.Li().Body(app.Code().Text(p.codes[i]))
			}),
		),
		app.Div().Class("sheet-actions").Body(
			app.Button().Type("button").Class("secondary").
				OnClick(func(ctx app.Context, e app.Event) {
					if copyText(strings.Join(p.codes, "\n")) {
						p.copied = "recovery"
					}
				}).
				Text(p.copyLabel("recovery")),
			app.Button().Type("button").Class("primary").ID("recovery-saved").
				OnClick(func(ctx app.Context, e app.Event) {
					p.codes, p.copied, p.status = nil, "", nil
					p.loadStatus(ctx)
				}).
				Text(p.Lang.T(KRecoverySaved)),
		),
	)
}

func (p *SecurityPanel) copyLabel(id string) string {
	if p.copied == id {
		return p.Lang.T(KCopied)
	}
	return p.Lang.T(KCopy)
}

// renderOn says it is on and offers to turn it off.
func (p *SecurityPanel) renderOn() app.UI {
	on := app.P().Text(p.Lang.F(KTOTPOn, p.status.RecoveryCodesLeft))
	if !p.turnOff {
		return app.Div().Body(on,
			app.Button().Class("secondary").ID("totp-off").
				OnClick(func(ctx app.Context, e app.Event) {
					p.turnOff, p.err = true, ""
					ctx.Defer(func(app.Context) { focusElement("totp-off-password") })
				}).
				Text(p.Lang.T(KTOTPDisable)),
		)
	}
	return app.Form().Class("sheet-form").OnSubmit(p.disable).Body(
		on,
		app.P().Class("muted").Text(p.Lang.T(KTOTPDisableHint)),
		app.Label().For("totp-off-password").Text(p.Lang.T(KPassword)),
		app.Input().ID("totp-off-password").Type("password").Required(true).
			Attr("autocomplete", "current-password"),
		app.Label().For("totp-off-code").Text(p.Lang.T(KCodeOrRecovery)),
		app.Input().ID("totp-off-code").Type("text").Required(true).
			Attr("autocomplete", "one-time-code").Attr("autocapitalize", "off").Attr("spellcheck", "false").
			MaxLength(24),
		app.Div().Class("sheet-actions").Body(
			app.Button().Type("submit").Class("primary").Disabled(p.pending).Aria("busy", p.pending).
				Text(p.Lang.T(KTOTPDisable)),
			app.Button().Type("button").Class("secondary").
				OnClick(func(ctx app.Context, e app.Event) { p.turnOff, p.err = false, "" }).
				Text(p.Lang.T(KCancel)),
		),
	)
}

func (p *SecurityPanel) disable(ctx app.Context, e app.Event) {
	e.PreventDefault()
	doc := app.Window()
	req := wire.TOTPDisableRequest{
		Password: doc.GetElementByID("totp-off-password").Get("value").String(),
		Code:     strings.TrimSpace(doc.GetElementByID("totp-off-code").Get("value").String()),
	}
	p.pending, p.err = true, ""
	p.Rest.call("POST", "/me/totp/disable", req, nil, func(status int, err *wire.Error) {
		ctx.Dispatch(func(ctx app.Context) {
			if p.fail(status, err) {
				return
			}
			p.turnOff, p.status = false, nil
			p.loadStatus(ctx)
		})
	})
}

// copyText puts text on the clipboard; false where the browser offers no
// clipboard (plain http other than localhost), and the text stays
// selectable by hand.
func copyText(text string) bool {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		return false
	}
	clip.Call("writeText", text)
	return true
}
