package ui

import (
	"strconv"
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// CannedPanel is the admins' screen for a site's canned replies: the list,
// and a form to create or edit one (shortcut, title, one text per
// language). The server checks everything and names the bad field; the
// panel shows its message as is.
type CannedPanel struct {
	app.Compo

	Lang Lang
	Rest *restClient
	// Site is the site shown first (the open conversation's), if any.
	Site      string
	OnChanged func(site string)
	OnClose   func(app.Context)

	// ctx is the panel's own context: the form's callbacks come with the
	// form's, and state changed there would not redraw the panel.
	ctx app.Context
	sitePicker
	replies []wire.CannedReply
	loaded  bool
	// editing is the reply in the form; nil shows the list, an empty ID a
	// new reply. formSeq makes every opening of the form a fresh one.
	editing   *wire.CannedReply
	formSeq   int
	askDelete string
	pending   bool
	err       string
	notice    string
}

// langNames are the languages as their speakers write them, so no
// translation is needed.
var langNames = map[string]string{"en": "English", "fr": "Français", "it": "Italiano", "es": "Español", "de": "Deutsch"}

// OnMount lists the sites, then the chosen site's replies.
func (p *CannedPanel) OnMount(ctx app.Context) {
	p.ctx = ctx
	ctx.Defer(func(app.Context) { focusElement("canned-title") })
	p.loadSites(ctx, p.Rest, p.Site, p.fail, p.load)
}

func (p *CannedPanel) load(ctx app.Context) {
	if p.site == "" {
		p.loaded = true
		return
	}
	site := p.site
	p.loaded = false
	var list wire.CannedList
	p.Rest.call("GET", "/sites/"+site+"/canned", nil, &list, func(status int, err *wire.Error) {
		ctx.Dispatch(func(app.Context) {
			if p.fail(status, err) || site != p.site {
				return
			}
			p.replies, p.loaded = list.Replies, true
		})
	})
}

// fail records a refusal or a network failure; it says whether there was one.
func (p *CannedPanel) fail(status int, err *wire.Error) bool {
	p.pending = false
	var failed bool
	p.err, failed = restFailure(p.Lang, status, err)
	return failed
}

// Render draws the panel.
func (p *CannedPanel) Render() app.UI {
	return sheetFrame{Lang: p.Lang, ID: "canned-panel", TitleID: "canned-title", Class: "canned-sheet", Title: p.Lang.T(KCanned),
		OnClose: func(ctx app.Context) { call(ctx, p.OnClose) },
		OnEscape: func(ctx app.Context) {
			if p.editing != nil {
				p.closeForm(ctx)
			} else {
				call(ctx, p.OnClose)
			}
		}}.Render(
		p.renderSitePicker(),
		app.P().ID("canned-notice").Class("muted").Role("status").Text(p.notice),
		app.If(p.editing != nil, func() app.UI {
			return &cannedForm{
				Lang: p.Lang, Reply: *p.editing, Seq: p.formSeq, Pending: p.pending,
				OnSave: func(_ app.Context, ch wire.CannedChange) {
					p.ctx.Dispatch(func(ctx app.Context) { p.save(ctx, ch) })
				},
				OnCancel: func(app.Context) { p.ctx.Dispatch(p.closeForm) },
			}
		}).Else(p.renderList),
		app.P().ID("canned-error").Class("form-error").
			Role("alert").Aria("live", "assertive").Text(p.err),
	)
}

func (p *CannedPanel) renderSitePicker() app.UI {
	if p.editing != nil {
		return nil
	}
	return p.renderSites("canned-site", p.Lang.T(KCannedSite), func(ctx app.Context) {
		p.replies, p.askDelete, p.notice, p.err = nil, "", "", ""
		p.load(ctx)
	})
}

func (p *CannedPanel) renderList() app.UI {
	var body app.UI
	switch {
	case !p.loaded:
		body = app.P().Class("muted").Aria("live", "polite").Text(p.Lang.T(KLoading))
	case len(p.replies) == 0:
		body = app.P().Class("muted").Text(p.Lang.T(KCannedEmpty))
	default:
		body = app.Ul().Class("canned-admin-list").Aria("label", p.Lang.T(KCanned)).Body(
			app.Range(p.replies).Slice(func(i int) app.UI { return p.renderRow(p.replies[i]) }),
		)
	}
	return app.Div().Body(
		body,
		app.Div().Class("sheet-actions").Body(
			app.Button().Type("button").Class("primary").ID("canned-new").Disabled(p.site == "").
				OnClick(func(ctx app.Context, e app.Event) { p.openForm(ctx, wire.CannedReply{Site: p.site}) }).
				Text(p.Lang.T(KCannedNew)),
		),
	)
}

func (p *CannedPanel) renderRow(r wire.CannedReply) app.UI {
	if p.askDelete == r.ID {
		return app.Li().Class("canned-row").Body(
			app.Span().Text(p.Lang.F(KCannedDeleteAsk, r.Shortcut)),
			app.Button().Type("button").Class("danger").ID("canned-confirm-delete").Disabled(p.pending).
				OnClick(func(ctx app.Context, e app.Event) { p.delete(ctx, r) }).
				Text(p.Lang.T(KCannedDelete)),
			app.Button().Type("button").Class("secondary").
				OnClick(func(ctx app.Context, e app.Event) { p.askDelete = "" }).
				Text(p.Lang.T(KCancel)),
		)
	}
	langs := make([]string, 0, len(r.Texts))
	for _, l := range Languages {
		if _, ok := r.Texts[l]; ok {
			langs = append(langs, l)
		}
	}
	return app.Li().Class("canned-row").Body(
		app.Span().Class("canned-shortcut").Text("/"+r.Shortcut),
		app.Span().Class("canned-title").Text(r.Title),
		app.Span().Class("muted", "canned-langs").Text(strings.Join(langs, " ")),
		app.Button().Type("button").Class("secondary").
			Aria("label", p.Lang.T(KCannedEdit)+" /"+r.Shortcut).
			OnClick(func(ctx app.Context, e app.Event) { p.openForm(ctx, r) }).
			Text(p.Lang.T(KCannedEdit)),
		app.Button().Type("button").Class("secondary").
			Aria("label", p.Lang.T(KCannedDelete)+" /"+r.Shortcut).
			OnClick(func(ctx app.Context, e app.Event) {
				p.askDelete, p.err = r.ID, ""
				ctx.Defer(func(app.Context) { focusElement("canned-confirm-delete") })
			}).
			Text(p.Lang.T(KCannedDelete)),
	)
}

func (p *CannedPanel) openForm(ctx app.Context, r wire.CannedReply) {
	p.editing = &r
	p.formSeq++
	p.err, p.notice, p.askDelete = "", "", ""
	ctx.Defer(func(app.Context) { focusElement("canned-shortcut") })
}

func (p *CannedPanel) closeForm(ctx app.Context) {
	p.editing, p.err = nil, ""
	ctx.Defer(func(app.Context) { focusElement("canned-new") })
}

// save creates or updates the reply in the form with ch.
func (p *CannedPanel) save(ctx app.Context, ch wire.CannedChange) {
	if p.pending || p.editing == nil {
		return
	}
	if len(ch.Texts) == 0 {
		// An empty map would be left out of the JSON, and a PATCH would
		// then keep the old texts without a word.
		p.err = p.Lang.T(KCannedTexts)
		return
	}
	p.pending, p.err = true, ""
	method, path := "POST", "/sites/"+p.site+"/canned"
	if p.editing.ID != "" {
		method, path = "PATCH", "/canned/"+p.editing.ID
	}
	site := p.site
	var saved wire.CannedReply
	p.Rest.call(method, path, ch, &saved, func(status int, err *wire.Error) {
		ctx.Dispatch(func(ctx app.Context) {
			if p.fail(status, err) {
				return
			}
			p.notice = p.Lang.F(KCannedSaved, saved.Shortcut)
			p.closeForm(ctx)
			p.load(ctx)
			if p.OnChanged != nil {
				p.OnChanged(site)
			}
		})
	})
}

func (p *CannedPanel) delete(ctx app.Context, r wire.CannedReply) {
	p.pending, p.err = true, ""
	site := p.site
	p.Rest.call("DELETE", "/canned/"+r.ID, nil, nil, func(status int, err *wire.Error) {
		ctx.Dispatch(func(ctx app.Context) {
			p.askDelete = ""
			if p.fail(status, err) {
				return
			}
			p.notice = p.Lang.F(KCannedDeleted, r.Shortcut)
			p.load(ctx)
			if p.OnChanged != nil {
				p.OnChanged(site)
			}
			ctx.Defer(func(app.Context) { focusElement("canned-new") })
		})
	})
}

// cannedForm is the create/edit form. It is a component of its own with a
// CompoID per opening, so its fields start from Reply every time instead
// of keeping what was typed in the previous one.
type cannedForm struct {
	app.Compo

	Lang     Lang
	Reply    wire.CannedReply
	Seq      int
	Pending  bool
	OnSave   func(ctx app.Context, ch wire.CannedChange)
	OnCancel func(ctx app.Context)
}

// CompoID makes go-app mount a fresh form for each opening.
func (f *cannedForm) CompoID() string { return "canned-form-" + strconv.Itoa(f.Seq) }

// Render draws the fields.
func (f *cannedForm) Render() app.UI {
	vars := "{{" + strings.Join(wire.CannedVariables, "}}, {{") + "}}"
	return app.Form().Class("sheet-form", "canned-form").OnSubmit(f.submit).Body(
		app.Label().For("canned-shortcut").Text(f.Lang.T(KCannedShortcut)),
		app.Input().ID("canned-shortcut").Type("text").Required(true).
			MaxLength(wire.MaxCannedShortcut).Attr("pattern", "/?[a-z0-9_\\-]+").
			Attr("autocapitalize", "off").Attr("spellcheck", "false").Attr("autocomplete", "off").
			Aria("describedby", "canned-shortcut-hint").
			Value(f.Reply.Shortcut),
		app.P().ID("canned-shortcut-hint").Class("muted").Text(f.Lang.T(KCannedShortcutTip)),
		app.Label().For("canned-title-input").Text(f.Lang.T(KCannedTitle)),
		app.Input().ID("canned-title-input").Type("text").Required(true).
			MaxLength(wire.MaxCannedTitle).Attr("autocomplete", "off").
			Value(f.Reply.Title),
		app.FieldSet().Class("canned-texts").Aria("describedby", "canned-vars").Body(
			app.Legend().Text(f.Lang.T(KCannedTexts)),
			app.P().ID("canned-vars").Class("muted").Text(f.Lang.F(KCannedVars, vars)),
			app.Range(Languages).Slice(func(i int) app.UI {
				l := Languages[i]
				id := "canned-text-" + l
				return app.Div().Class("canned-text").Body(
					app.Label().For(id).Lang(l).Text(langNames[l]),
					app.Textarea().ID(id).Lang(l).Rows(3).Attr("maxlength", wire.MaxCannedText).
						Text(f.Reply.Texts[l]),
				)
			}),
		),
		app.Div().Class("sheet-actions").Body(
			app.Button().Type("submit").Class("primary").ID("canned-save").
				Disabled(f.Pending).Aria("busy", f.Pending).
				Text(f.Lang.T(KCannedSave)),
			app.Button().Type("button").Class("secondary").
				OnClick(func(ctx app.Context, e app.Event) {
					if f.OnCancel != nil {
						f.OnCancel(ctx)
					}
				}).
				Text(f.Lang.T(KCancel)),
		),
	)
}

// submit reads the fields; the server checks them.
func (f *cannedForm) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	win := app.Window()
	value := func(id string) string { return win.GetElementByID(id).Get("value").String() }
	shortcut, title := strings.TrimSpace(value("canned-shortcut")), strings.TrimSpace(value("canned-title-input"))
	texts := map[string]string{}
	for _, l := range Languages {
		if t := value("canned-text-" + l); strings.TrimSpace(t) != "" {
			texts[l] = t
		}
	}
	if f.OnSave != nil {
		f.OnSave(ctx, wire.CannedChange{Shortcut: &shortcut, Title: &title, Texts: texts})
	}
}
