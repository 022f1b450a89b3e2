package ui

import (
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// When nobody is there: the away notice with the time the team is back,
// an email field so an answer reaches a shopper who left, and "Email me
// this conversation". The server computes availability; the browser's Intl
// formats the time in the shopper's language and time zone, so the widget
// carries no time zone data.

const emailInputID = "cpt-email"

// offline is the Chat's state for this part.
type offline struct {
	avail wire.Availability
	// known is the email the server has for the shopper.
	known string
	// form is open: to save an email (away) or for a transcript.
	form       bool
	transcript bool
	badEmail   bool
	status     offKey // a confirmation or an error to show
	sentTo     string
}

func (o *offline) welcome(f wire.Frame) {
	o.avail = wire.Availability{Open: true}
	if f.Availability != nil {
		o.avail = *f.Availability
	}
	if f.Visitor != nil && f.Visitor.Email != "" {
		o.known = f.Visitor.Email
	}
}

// onOfflineFrame applies availability and transcript frames.
func (c *Chat) onOfflineFrame(f wire.Frame) {
	switch f.Type {
	case wire.TypeAvailability:
		if f.Availability != nil {
			c.off.avail = *f.Availability
		}
	case wire.TypeTranscript:
		c.off.status = offTranscriptSent
	}
}

// onOfflineError shows a refused email in words; false if e is not one.
func (c *Chat) onOfflineError(e *wire.Error) bool {
	switch e.Code {
	case wire.CodeInvalidEmail:
		c.off.form, c.off.badEmail, c.off.status = true, true, offNone
	case wire.CodeMailUnavailable:
		c.off.form, c.off.status = false, offErrMail
	default:
		return false
	}
	return true
}

// linkToken takes the visitor token a link from an email put in the
// page's fragment (#t=…) and removes it from the address bar.
func linkToken() string {
	loc := app.Window().Get("location")
	hash := loc.Get("hash").String()
	if !strings.HasPrefix(hash, "#t=") {
		return ""
	}
	app.Window().Get("history").Call("replaceState", nil, "", loc.Get("pathname").String()+loc.Get("search").String())
	return hash[3:]
}

// backAt formats when the team is back: the day ("today", "tomorrow", a
// weekday, or a date beyond a week) and the time, with Intl in lang.
func backAt(lang string, ms int64) (day, clock string) {
	defer func() { _ = recover() }() // an old browser without Intl: no time
	win := app.Window()
	intl := win.Get("Intl")
	at := win.Get("Date").New(float64(ms))
	format := func(opts map[string]any) string {
		return intl.Get("DateTimeFormat").New(lang, opts).Call("format", at).String()
	}
	clock = format(map[string]any{"timeStyle": "short"})
	midnight := func(d app.Value) float64 {
		d = win.Get("Date").New(d.Call("getTime"))
		return d.Call("setHours", 0, 0, 0, 0).Float()
	}
	days := int((midnight(at)-midnight(win.Get("Date").New()))/864e5 + 0.5)
	switch {
	case days <= 1:
		day = intl.Get("RelativeTimeFormat").New(lang, map[string]any{"numeric": "auto"}).Call("format", days, "day").String()
	case days < 7:
		day = format(map[string]any{"weekday": "long"})
	default:
		day = format(map[string]any{"weekday": "long", "day": "numeric", "month": "long"})
	}
	return day, clock
}

// renderOffline draws the away notice, the email form and the transcript
// button, between the conversation and the composer.
func (c *Chat) renderOffline() app.UI {
	o := &c.off
	away := c.welcomed && !o.avail.Open
	var notice app.UI
	if away {
		text := TOff(c.lang, offAway)
		if o.avail.BackAt > 0 && !app.IsServer {
			if day, clock := backAt(c.lang, o.avail.BackAt); clock != "" {
				text = TOff(c.lang, offAwayBack, "{day}", day, "{time}", clock)
			}
		}
		notice = app.P().Class("cpt-away").Text(text)
	}
	email := c.settings.Email && c.welcomed
	askEmail := email && (o.form || (away && o.known == "" && o.status == offNone))
	var status app.UI
	if o.status != offNone {
		status = app.P().Class("cpt-off-status").Text(TOff(c.lang, o.status, "{email}", o.sentTo))
	}
	return app.Div().Class("cpt-offline").Body(
		app.Div().Attr("role", "status").Body(notice, status),
		app.If(askEmail, c.renderEmailForm),
		app.If(email && !askEmail && c.conv != "", func() app.UI {
			return app.Button().Type("button").Class("cpt-linkbtn").
				Text(TOff(c.lang, offTranscript)).
				OnClick(c.askTranscript)
		}),
	)
}

func (c *Chat) renderEmailForm() app.UI {
	o := &c.off
	label, button := offEmailLabel, offSave
	if o.transcript {
		label, button = offTranscriptLabel, offSend
	}
	// app.Elem rather than app.Input and app.Label: each go-app element
	// type costs the widget's wasm kilobytes.
	input := app.Elem("input").ID(emailInputID).Class("cpt-email").Attr("type", "email").Attr("name", "email").
		Attr("autocomplete", "email").Attr("required", true).Attr("maxlength", wire.MaxEmailBytes).
		Attr("placeholder", "name@example.com").Attr("value", o.known).
		Aria("describedby", "cpt-email-hint")
	hint := TOff(c.lang, offEmailHint)
	if o.badEmail {
		input = input.Aria("invalid", "true")
		hint = TOff(c.lang, offErrEmail)
	}
	return app.Form().Class("cpt-email-form").Attr("novalidate", true).
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			c.submitEmail()
		}).
		Body(
			app.Elem("label").Attr("for", emailInputID).Class("cpt-email-label").Text(TOff(c.lang, label)),
			app.Div().Class("cpt-email-row").Body(
				input,
				app.Button().Type("submit").Class("cpt-email-save").Text(TOff(c.lang, button)),
				app.If(o.transcript, func() app.UI {
					return app.Button().Type("button").Class("cpt-linkbtn").Text(TOff(c.lang, offCancel)).
						OnClick(func(app.Context, app.Event) { o.form, o.transcript, o.badEmail = false, false, false })
				}),
			),
			app.P().ID("cpt-email-hint").Class("cpt-email-hint").Body(app.Text(hint)),
		)
}

// askTranscript sends the conversation to the known email, or opens the
// form to ask for one.
func (c *Chat) askTranscript(app.Context, app.Event) {
	o := &c.off
	o.status = offNone
	if o.known == "" {
		o.form, o.transcript = true, true
		return
	}
	o.sentTo = o.known
	c.ws.Send(wire.Frame{Type: wire.TypeTranscript, Conv: c.conv})
}

func (c *Chat) submitEmail() {
	o := &c.off
	el := app.Window().GetElementByID(emailInputID)
	if !el.Truthy() {
		return
	}
	email := strings.TrimSpace(el.Get("value").String())
	if !wire.ValidEmail(email) {
		o.badEmail = true
		el.Call("focus")
		return
	}
	o.badEmail, o.form, o.sentTo = false, false, email
	if o.transcript {
		o.transcript = false
		c.ws.Send(wire.Frame{Type: wire.TypeTranscript, Conv: c.conv, Contact: &wire.ContactUpdate{Email: email}})
		return
	}
	o.known, o.status = email, offEmailSaved
	// Kept in the session too, so a reconnect's hello carries it.
	c.sess.setContact(MergeContact(c.sess.getContact(), "", email, nil))
	c.sendContact()
}
