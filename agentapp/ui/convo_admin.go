package ui

import (
	"strconv"
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ConvoSettingsPanel is the admins' screen for a site's conversation
// settings (docs/agents.md): the complaint reasons, the automatic
// acknowledgement and its texts, and how long a proposed solution waits
// for the shopper. The server checks them and names a bad field.
type ConvoSettingsPanel struct {
	app.Compo

	Lang    Lang
	Rest    *restClient
	Site    string // the site shown first (the open conversation's), if any
	OnClose func(app.Context)

	sitePicker
	loaded  bool
	pending bool
	err     string
	notice  string
}

// OnMount lists the sites with their settings.
func (p *ConvoSettingsPanel) OnMount(ctx app.Context) {
	ctx.Defer(func(app.Context) { focusElement("convo-settings-title") })
	loaded := func(status int, err *wire.Error) bool {
		p.loaded = true // the form, or the refusal, replaces "Loading"
		return p.fail(status, err)
	}
	p.loadSites(ctx, p.Rest, p.Site, loaded, func(app.Context) {})
}

func (p *ConvoSettingsPanel) fail(status int, err *wire.Error) bool {
	p.pending = false
	var failed bool
	p.err, failed = restFailure(p.Lang, status, err)
	return failed
}

func (p *ConvoSettingsPanel) current() (wire.Site, bool) {
	for _, s := range p.sites {
		if s.ID == p.site {
			return s, true
		}
	}
	return wire.Site{}, false
}

// Render draws the panel.
func (p *ConvoSettingsPanel) Render() app.UI {
	l := p.Lang
	site, ok := p.current()
	return sheetFrame{Lang: p.Lang, ID: "convo-settings", TitleID: "convo-settings-title", Title: l.T(KConvoSettings),
		OnClose: func(ctx app.Context) { call(ctx, p.OnClose) }}.Render(
		p.renderSites("convo-settings-site", l.T(KHoursSite), func(app.Context) { p.notice, p.err = "", "" }),
		app.P().Class("muted").Role("status").Text(p.notice),
		app.If(!p.loaded, func() app.UI {
			return app.P().Class("muted").Aria("live", "polite").Text(l.T(KLoading))
		}).ElseIf(ok, func() app.UI {
			return &convoSettingsForm{Lang: l, Site: site, Pending: p.pending,
				OnSave: func(ctx app.Context, ch wire.SiteChange) { p.save(ctx, ch) }}
		}),
		app.P().ID("convo-settings-error").Class("form-error").Role("alert").Aria("live", "assertive").Text(p.err),
	)
}

func (p *ConvoSettingsPanel) save(ctx app.Context, ch wire.SiteChange) {
	if p.pending || p.site == "" {
		return
	}
	p.pending, p.err, p.notice = true, "", ""
	site := p.site
	var saved wire.Site
	p.Rest.call("PATCH", "/admin/sites/"+site, ch, &saved, func(status int, err *wire.Error) {
		ctx.Dispatch(func(ctx app.Context) {
			// The button was disabled while saving, which dropped the
			// focus: give it back, inside the dialog.
			ctx.Defer(func(app.Context) { focusElement("convo-settings-save") })
			if p.fail(status, err) {
				return
			}
			for i := range p.sites {
				if p.sites[i].ID == saved.ID {
					p.sites[i] = saved
				}
			}
			p.notice = p.Lang.T(KSettingsSaved)
		})
	})
}

// convoSettingsForm holds the fields of one site; CompoID mounts a fresh
// one per site, so the fields start from its settings.
type convoSettingsForm struct {
	app.Compo

	Lang    Lang
	Site    wire.Site
	Pending bool
	OnSave  func(app.Context, wire.SiteChange)
}

// CompoID makes go-app mount a fresh form per site.
func (f *convoSettingsForm) CompoID() string { return "convo-settings-form-" + f.Site.ID }

// Render draws the fields.
func (f *convoSettingsForm) Render() app.UI {
	l, s := f.Lang, f.Site
	on := app.Input().ID("autoack-on").Type("checkbox")
	if s.AutoAck.On {
		on = on.Checked(true)
	}
	return app.Form().Class("sheet-form").OnSubmit(f.submit).Body(
		app.Label().For("reasons").Text(l.T(KReasonsList)),
		app.Textarea().ID("reasons").Rows(7).Aria("describedby", "reasons-hint").Text(strings.Join(s.Reasons, "\n")),
		app.P().ID("reasons-hint").Class("muted").Text(l.T(KReasonsHint)),
		app.Label().Class("check").Body(on, app.Text(" "+l.T(KAutoAck))),
		app.Range(Languages).Slice(func(i int) app.UI {
			lang := Languages[i]
			return app.Div().Body(
				app.Label().For("autoack-"+lang).Text(l.F(KAutoAckText, strings.ToUpper(lang))),
				app.Textarea().ID("autoack-"+lang).Rows(2).MaxLength(wire.MaxAckRunes).Text(s.AutoAck.Texts[lang]),
			)
		}),
		app.Label().For("confirm-hours").Text(l.T(KConfirmHours)),
		app.Input().ID("confirm-hours").Type("number").Min(0).Max(720).Value(strconv.Itoa(s.ConfirmHours)),
		app.Div().Class("sheet-actions").Body(
			app.Button().Type("submit").Class("primary").ID("convo-settings-save").
				Disabled(f.Pending).Aria("busy", f.Pending).Text(l.T(KCannedSave)),
		),
	)
}

func (f *convoSettingsForm) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	win := app.Window()
	value := func(id string) string { return win.GetElementByID(id).Get("value").String() }
	if f.OnSave != nil {
		f.OnSave(ctx, ConvoSettingsFromFields(value("reasons"), win.GetElementByID("autoack-on").Get("checked").Bool(),
			func(lang string) string { return value("autoack-" + lang) }, value("confirm-hours")))
	}
}

// ConvoSettingsFromFields reads the form: reasons one per line, the
// acknowledgement's texts per language (empty: the default), the hours.
func ConvoSettingsFromFields(reasons string, ackOn bool, ackText func(lang string) string, hours string) wire.SiteChange {
	list := []string{}
	for _, r := range strings.Split(reasons, "\n") {
		if r = strings.TrimSpace(r); r != "" {
			list = append(list, r)
		}
	}
	ack := wire.AutoAck{On: ackOn}
	for _, lang := range Languages {
		if t := strings.TrimSpace(ackText(lang)); t != "" {
			if ack.Texts == nil {
				ack.Texts = map[string]string{}
			}
			ack.Texts[lang] = t
		}
	}
	h, err := strconv.Atoi(strings.TrimSpace(hours))
	if err != nil {
		h = -1 // the server names the field
	}
	if strings.TrimSpace(hours) == "" {
		h = 0
	}
	return wire.SiteChange{Reasons: &list, AutoAck: &ack, ConfirmHours: &h}
}

// convoSettingsButton opens the panel, for admins only.
func (d *Desk) convoSettingsButton() func(app.Context) {
	if d.session.Agent.Role != wire.RoleAdmin {
		return nil
	}
	return func(app.Context) { d.convoSettingsOpen = true }
}
