package ui

import (
	"strconv"
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// HoursPanel is the admins' screen for a site's office hours: the time
// zone, the opening ranges of each day, holidays, and what shoppers see
// now. The server checks the schedule and names the bad field; the panel
// shows its message as is.
type HoursPanel struct {
	app.Compo

	Lang    Lang
	Rest    *restClient
	Site    string // the site shown first (the open conversation's), if any
	OnClose func(app.Context)

	ctx app.Context
	sitePicker
	hours   wire.SiteHours
	loaded  bool
	seq     int // a fresh form after each load
	pending bool
	err     string
	notice  string
}

// OnMount lists the sites, then loads the chosen site's hours.
func (p *HoursPanel) OnMount(ctx app.Context) {
	p.ctx = ctx
	ctx.Defer(func(app.Context) { focusElement("hours-title") })
	p.loadSites(ctx, p.Rest, p.Site, p.fail, p.load)
}

func (p *HoursPanel) load(ctx app.Context) {
	if p.site == "" {
		p.loaded = true
		return
	}
	site := p.site
	p.loaded = false
	var h wire.SiteHours
	p.Rest.call("GET", "/admin/sites/"+site+"/hours", nil, &h, func(status int, err *wire.Error) {
		ctx.Dispatch(func(app.Context) {
			if p.fail(status, err) || site != p.site {
				return
			}
			p.hours, p.loaded = h, true
			p.seq++
		})
	})
}

func (p *HoursPanel) fail(status int, err *wire.Error) bool {
	p.pending = false
	var failed bool
	p.err, failed = restFailure(p.Lang, status, err)
	return failed
}

// Render draws the panel.
func (p *HoursPanel) Render() app.UI {
	return sheetFrame{Lang: p.Lang, ID: "hours-panel", TitleID: "hours-title", Class: "hours-sheet", Title: p.Lang.T(KOfficeHours),
		OnClose: func(ctx app.Context) { call(ctx, p.OnClose) }}.Render(
		p.renderSitePicker(),
		app.P().ID("hours-now").Class("muted").Role("status").Text(p.now()),
		app.P().Class("muted").Role("status").Text(p.notice),
		app.If(!p.loaded, func() app.UI {
			return app.P().Class("muted").Aria("live", "polite").Text(p.Lang.T(KLoading))
		}).Else(func() app.UI {
			return &hoursForm{Lang: p.Lang, Hours: p.hours.Hours, Seq: p.seq, Pending: p.pending,
				OnSave: func(_ app.Context, h wire.OfficeHours) {
					p.ctx.Dispatch(func(ctx app.Context) { p.save(ctx, h) })
				}}
		}),
		app.P().ID("hours-error").Class("form-error").Role("alert").Aria("live", "assertive").Text(p.err),
	)
}

// now says what shoppers see at the moment.
func (p *HoursPanel) now() string {
	if !p.loaded {
		return ""
	}
	a := p.hours.Availability
	switch {
	case len(p.hours.Hours.Week) == 0:
		return p.Lang.T(KHoursAlways)
	case a.Open:
		return p.Lang.T(KHoursOpenNow)
	case a.BackAt == 0:
		return p.Lang.T(KHoursNeverBack)
	}
	return p.Lang.F(KHoursClosedNow, formatWhen(string(p.Lang), a.BackAt))
}

func (p *HoursPanel) renderSitePicker() app.UI {
	return p.renderSites("hours-site", p.Lang.T(KHoursSite), func(ctx app.Context) {
		p.notice, p.err = "", ""
		p.load(ctx)
	})
}

func (p *HoursPanel) save(ctx app.Context, h wire.OfficeHours) {
	if p.pending || p.site == "" {
		return
	}
	p.pending, p.err, p.notice = true, "", ""
	site := p.site
	var saved wire.SiteHours
	p.Rest.call("PUT", "/admin/sites/"+site+"/hours", h, &saved, func(status int, err *wire.Error) {
		ctx.Dispatch(func(app.Context) {
			if p.fail(status, err) || site != p.site {
				return
			}
			p.hours, p.notice = saved, p.Lang.T(KHoursSaved)
		})
	})
}

// hoursForm holds the fields; a new Seq mounts a fresh one (CompoID), so
// the fields start from the loaded schedule.
type hoursForm struct {
	app.Compo

	Lang    Lang
	Hours   wire.OfficeHours
	Seq     int
	Pending bool
	OnSave  func(app.Context, wire.OfficeHours)
}

// CompoID makes go-app mount a fresh form for each load.
func (f *hoursForm) CompoID() string { return "hours-form-" + strconv.Itoa(f.Seq) }

// Render draws the fields.
func (f *hoursForm) Render() app.UI {
	zone := f.Hours.TimeZone
	if zone == "" && !app.IsServer {
		zone = browserTimeZone()
	}
	return app.Form().Class("sheet-form", "hours-form").OnSubmit(f.submit).Body(
		app.Label().For("hours-zone").Text(f.Lang.T(KHoursZone)),
		app.Input().ID("hours-zone").Type("text").Attr("autocomplete", "off").Attr("spellcheck", "false").
			Aria("describedby", "hours-zone-hint").Value(zone),
		app.P().ID("hours-zone-hint").Class("muted").Text(f.Lang.T(KHoursZoneHint)),
		app.FieldSet().Class("hours-week").Aria("describedby", "hours-week-hint").Body(
			app.Legend().Text(f.Lang.T(KHoursWeek)),
			app.P().ID("hours-week-hint").Class("muted").Text(f.Lang.T(KHoursWeekHint)),
			app.Range(wire.WeekDays).Slice(func(i int) app.UI {
				day := wire.WeekDays[i]
				return app.Div().Class("hours-day").Body(
					app.Label().For("hours-"+day).Text(weekdayName(string(f.Lang), i)),
					app.Input().ID("hours-"+day).Type("text").Attr("autocomplete", "off").
						Attr("inputmode", "numeric").Placeholder("09:00-18:00").
						Value(strings.Join(f.Hours.Week[day], ", ")),
				)
			}),
		),
		app.Label().For("hours-holidays").Text(f.Lang.T(KHoursHolidays)),
		app.Textarea().ID("hours-holidays").Rows(3).Aria("describedby", "hours-holidays-hint").
			Text(strings.Join(f.Hours.Holidays, "\n")),
		app.P().ID("hours-holidays-hint").Class("muted").Text(f.Lang.T(KHoursHolHint)),
		app.Div().Class("sheet-actions").Body(
			app.Button().Type("submit").Class("primary").ID("hours-save").
				Disabled(f.Pending).Aria("busy", f.Pending).Text(f.Lang.T(KHoursSave)),
		),
	)
}

func (f *hoursForm) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	win := app.Window()
	value := func(id string) string { return win.GetElementByID(id).Get("value").String() }
	days := map[string]string{}
	for _, d := range wire.WeekDays {
		days[d] = value("hours-" + d)
	}
	if f.OnSave != nil {
		f.OnSave(ctx, OfficeHoursFromFields(value("hours-zone"), days, value("hours-holidays")))
	}
}

// OfficeHoursFromFields reads the form: ranges separated by commas, spaces
// or semicolons per day, holidays one per line (or comma-separated). The
// server checks the values.
func OfficeHoursFromFields(zone string, days map[string]string, holidays string) wire.OfficeHours {
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == ' ' || r == '\t' || r == '\r' })
	}
	h := wire.OfficeHours{TimeZone: strings.TrimSpace(zone), Holidays: split(holidays)}
	for _, d := range wire.WeekDays {
		if ranges := split(days[d]); len(ranges) > 0 {
			if h.Week == nil {
				h.Week = map[string][]string{}
			}
			h.Week[d] = ranges
		}
	}
	if len(h.Week) == 0 {
		h.TimeZone = "" // always open: a zone alone means nothing
	}
	return h
}

// weekdayName is day i (0 = Monday) in lang, from the browser's Intl.
func weekdayName(lang string, i int) string {
	if app.IsServer {
		return wire.WeekDays[i]
	}
	// 1 January 2024 was a Monday.
	d := app.Window().Get("Date").New(2024, 0, 1+i)
	return app.Window().Get("Intl").Get("DateTimeFormat").New(lang, map[string]any{"weekday": "long"}).Call("format", d).String()
}

// formatWhen is a Unix-ms instant as a date and time in lang, in the
// agent's own time zone.
func formatWhen(lang string, ms int64) string {
	d := app.Window().Get("Date").New(float64(ms))
	return app.Window().Get("Intl").Get("DateTimeFormat").New(lang, map[string]any{"dateStyle": "full", "timeStyle": "short"}).Call("format", d).String()
}

// browserTimeZone is the agent's own zone, the likely default.
func browserTimeZone() string {
	return app.Window().Get("Intl").Get("DateTimeFormat").New().Call("resolvedOptions").Get("timeZone").String()
}

// hoursButton opens the office-hours panel, for admins only.
func (d *Desk) hoursButton() func(app.Context) {
	if d.session.Agent.Role != wire.RoleAdmin {
		return nil
	}
	return func(app.Context) { d.hoursOpen = true }
}
