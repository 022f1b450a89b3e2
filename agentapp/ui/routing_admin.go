package ui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// RoutingPanel is the admins' routing screen for one site: its teams and
// their members, the rules sending conversations to teams, the waiting
// limit before escalation, the pre-chat form and each agent's capacity.
// The server checks everything and names what is wrong; the panel shows
// its message as is.
type RoutingPanel struct {
	app.Compo

	Lang Lang
	Rest *restClient
	// Site is the site shown first (the open conversation's), if any.
	Site    string
	Agents  []wire.AgentStatus
	OnClose func(app.Context)

	ctx app.Context
	sitePicker
	teams    []wire.Team
	settings wire.SiteRouting
	topics   string // the pre-chat topics, one per line, as typed
	newTeam  string
	loaded   bool
	err      string
	notice   string
}

// OnMount lists the sites, then loads the chosen one.
func (p *RoutingPanel) OnMount(ctx app.Context) {
	p.ctx = ctx
	ctx.Defer(func(app.Context) { focusElement("routing-title") })
	p.loadSites(ctx, p.Rest, p.Site, p.fail, func(app.Context) { p.load() })
}

func (p *RoutingPanel) fail(status int, err *wire.Error) bool {
	var failed bool
	p.err, failed = restFailure(p.Lang, status, err)
	if failed {
		p.notice = ""
	}
	return failed
}

// load reads the site's teams and settings.
func (p *RoutingPanel) load() {
	p.loadTeams()
	p.loadSettings()
}

// loadTeams reads the site's teams.
func (p *RoutingPanel) loadTeams() {
	if p.site == "" {
		return
	}
	var teams wire.TeamList
	p.Rest.call("GET", "/sites/"+p.site+"/teams", nil, &teams, func(status int, err *wire.Error) {
		p.ctx.Dispatch(func(app.Context) {
			if !p.fail(status, err) {
				p.teams = teams.Teams
			}
		})
	})
}

// loadSettings reads the site's routing settings into the form.
func (p *RoutingPanel) loadSettings() {
	if p.site == "" {
		return
	}
	var s wire.SiteRouting
	p.Rest.call("GET", "/admin/sites/"+p.site+"/routing", nil, &s, func(status int, err *wire.Error) {
		p.ctx.Dispatch(func(app.Context) {
			if !p.fail(status, err) {
				p.settings, p.topics, p.loaded = s, strings.Join(s.PreChat.Topics, "\n"), true
			}
		})
	})
}

// done answers a write: the error, or the notice and a fresh read of
// what it changed. A change of the teams (or a capacity) reads the teams
// only: reading the settings too would drop the form's unsaved edits (a
// rule being written when a team member is ticked).
func (p *RoutingPanel) done(reload func()) func(int, *wire.Error) {
	return func(status int, err *wire.Error) {
		p.ctx.Dispatch(func(app.Context) {
			if !p.fail(status, err) {
				p.notice = p.Lang.T(KSaved)
				reload()
			}
		})
	}
}

// Render draws the sheet.
func (p *RoutingPanel) Render() app.UI {
	return sheetFrame{Lang: p.Lang, ID: "routing-panel", TitleID: "routing-title", Class: "routing-panel", Title: p.Lang.T(KRoutingSettings),
		OnClose: func(ctx app.Context) { call(ctx, p.OnClose) }}.Render(
		p.renderSitePicker(),
		app.P().ID("routing-notice").Class("muted").Role("status").Text(p.notice),
		app.P().ID("routing-error").Class("form-error").Role("alert").Text(p.err),
		app.If(p.loaded, func() app.UI {
			return app.Div().Body(p.renderTeams(), p.renderSettings(), p.renderCapacities())
		}).Else(func() app.UI { return app.P().Class("muted").Text(p.Lang.T(KLoading)) }),
	)
}

func (p *RoutingPanel) renderSitePicker() app.UI {
	return p.renderSites("routing-site", p.Lang.T(KCannedSite), func(app.Context) {
		p.loaded = false
		p.load()
	})
}

// siteAgents are the agents who may join the site's teams.
func (p *RoutingPanel) siteAgents() []wire.AgentStatus {
	var out []wire.AgentStatus
	for _, a := range p.Agents {
		if worksOn(a, p.site) {
			out = append(out, a)
		}
	}
	return out
}

func (p *RoutingPanel) renderTeams() app.UI {
	items := []app.UI{app.H3().Text(p.Lang.T(KTeams))}
	if len(p.teams) == 0 {
		items = append(items, app.P().Class("muted").Text(p.Lang.T(KTeamsEmpty)))
	}
	for _, t := range p.teams {
		items = append(items, p.renderTeam(t))
	}
	items = append(items, app.Form().Class("row").
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			name := strings.TrimSpace(p.newTeam)
			if name == "" {
				return
			}
			p.newTeam = ""
			p.Rest.call("POST", "/admin/sites/"+p.site+"/teams", wire.TeamChange{Name: &name}, nil, p.done(p.loadTeams))
		}).
		Body(
			app.Label().For("team-new").Text(p.Lang.T(KTeamNew)),
			app.Input().ID("team-new").Type("text").MaxLength(wire.MaxTeamNameRunes).Value(p.newTeam).
				OnInput(func(ctx app.Context, e app.Event) { p.newTeam = ctx.JSSrc().Get("value").String() }),
			app.Button().Type("submit").Class("secondary").Text(p.Lang.T(KTeamCreate)),
		))
	return app.Section().Body(items...)
}

func (p *RoutingPanel) renderTeam(t wire.Team) app.UI {
	id := t.ID
	var members []app.UI
	for _, a := range p.siteAgents() {
		aid := a.ID
		box := "team-" + id + "-agent-" + aid
		members = append(members, app.Label().For(box).Class("check").Body(
			app.Input().ID(box).Type("checkbox").Checked(slices.Contains(t.Members, aid)).
				OnChange(func(ctx app.Context, e app.Event) {
					m := slices.DeleteFunc(slices.Clone(t.Members), func(s string) bool { return s == aid })
					if ctx.JSSrc().Get("checked").Bool() {
						m = append(m, aid)
					}
					p.Rest.call("PATCH", "/admin/teams/"+id, wire.TeamChange{Members: &m}, nil, p.done(p.loadTeams))
				}, app.EventScope(box)),
			app.Text(" "+a.Name),
		))
	}
	return app.FieldSet().Body(
		app.Legend().Text(t.Name),
		app.Div().Class("row").Role("group").Aria("label", p.Lang.T(KTeamMembers)+" — "+t.Name).Body(members...),
		app.Button().Class("ghost").
			OnClick(func(ctx app.Context, e app.Event) {
				p.Rest.call("DELETE", "/admin/teams/"+id, nil, nil, p.done(p.load)) // its rules may go with it
			}, app.EventScope(id)).
			Text(p.Lang.T(KTeamDelete)+" — "+t.Name),
	)
}

func (p *RoutingPanel) renderSettings() app.UI {
	s := &p.settings
	var rules []app.UI
	for i, r := range s.Rules {
		i, n := i, strconv.Itoa(i+1)
		fields := []app.UI{}
		for _, f := range []struct {
			v string
			k Key
		}{{wire.RuleURL, KRuleURL}, {wire.RuleLang, KRuleLang}, {wire.RuleTopic, KRuleTopic}} {
			fields = append(fields, app.Option().Value(f.v).Selected(r.Field == f.v).Text(p.Lang.T(f.k)))
		}
		teams := []app.UI{}
		for _, t := range p.teams {
			teams = append(teams, app.Option().Value(t.ID).Selected(r.Team == t.ID).Text(t.Name))
		}
		rules = append(rules, app.Div().Class("row").Role("group").Aria("label", "#"+n).Body(
			app.Label().For("rule-field-"+n).Text(p.Lang.T(KRuleField)),
			app.Select().ID("rule-field-"+n).Body(fields...).
				OnChange(func(ctx app.Context, e app.Event) { s.Rules[i].Field = ctx.JSSrc().Get("value").String() }, app.EventScope(n)),
			app.Label().For("rule-pattern-"+n).Text(p.Lang.T(KRulePattern)),
			app.Input().ID("rule-pattern-"+n).Type("text").Value(r.Pattern).MaxLength(wire.MaxRulePattern).
				OnInput(func(ctx app.Context, e app.Event) { s.Rules[i].Pattern = ctx.JSSrc().Get("value").String() }, app.EventScope(n)),
			app.Label().For("rule-team-"+n).Text(p.Lang.T(KTransferTeam)),
			app.Select().ID("rule-team-"+n).Body(teams...).
				OnChange(func(ctx app.Context, e app.Event) { s.Rules[i].Team = ctx.JSSrc().Get("value").String() }, app.EventScope(n)),
			app.Button().Type("button").Class("ghost").Aria("label", p.Lang.F(KRuleRemove, i+1)).
				OnClick(func(ctx app.Context, e app.Event) { s.Rules = slices.Delete(s.Rules, i, i+1) }, app.EventScope(n)).
				Text("×"),
		))
	}
	minutes := strconv.Itoa(s.EscalateAfterSeconds / 60)
	return app.Form().ID("routing-settings").
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			s.PreChat.Topics = nil
			for _, t := range strings.Split(p.topics, "\n") {
				if t = strings.TrimSpace(t); t != "" {
					s.PreChat.Topics = append(s.PreChat.Topics, t)
				}
			}
			p.Rest.call("PUT", "/admin/sites/"+p.site+"/routing", s, nil, p.done(p.loadSettings))
		}).
		Body(
			app.H3().Text(p.Lang.T(KRules)),
			app.Div().Body(rules...),
			app.Button().ID("rule-add").Type("button").Class("secondary").Disabled(len(p.teams) == 0).
				OnClick(func(ctx app.Context, e app.Event) {
					s.Rules = append(s.Rules, wire.RoutingRule{Field: wire.RuleURL, Team: p.teams[0].ID})
				}).
				Text(p.Lang.T(KRuleAdd)),
			app.H3().Text(p.Lang.T(KPreChat)),
			app.Label().For("prechat-on").Class("check").Body(
				app.Input().ID("prechat-on").Type("checkbox").Checked(s.PreChat.Enabled).
					OnChange(func(ctx app.Context, e app.Event) { s.PreChat.Enabled = ctx.JSSrc().Get("checked").Bool() }),
				app.Text(" "+p.Lang.T(KPreChatOn)),
			),
			app.Label().For("prechat-topics").Text(p.Lang.T(KPreChatTopics)),
			app.Textarea().ID("prechat-topics").Rows(4).Text(p.topics).
				OnInput(func(ctx app.Context, e app.Event) { p.topics = ctx.JSSrc().Get("value").String() }),
			app.Label().For("escalate-after").Text(p.Lang.T(KEscalateAfter)),
			app.Input().ID("escalate-after").Type("number").Min(0).Max(wire.MaxEscalateAfterSeconds/60).Value(minutes).
				Aria("describedby", "escalate-after-hint").
				OnChange(func(ctx app.Context, e app.Event) {
					m, _ := strconv.Atoi(ctx.JSSrc().Get("value").String())
					s.EscalateAfterSeconds = m * 60
				}),
			app.P().ID("escalate-after-hint").Class("muted").Text(p.Lang.T(KEscalateAfterHint)),
			app.Button().ID("routing-save").Type("submit").Class("primary").Text(p.Lang.T(KSave)),
		)
}

func (p *RoutingPanel) renderCapacities() app.UI {
	rows := []app.UI{app.H3().Text(p.Lang.T(KCapacities))}
	for _, a := range p.siteAgents() {
		aid, box := a.ID, "capacity-"+a.ID
		rows = append(rows, app.Div().Class("row").Body(
			app.Label().For(box).Text(p.Lang.F(KCapacity, a.Name)),
			app.Input().ID(box).Type("number").Min(1).Max(wire.MaxCapacity).Value(a.Capacity).
				OnChange(func(ctx app.Context, e app.Event) {
					n, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
					if err != nil {
						return
					}
					p.Rest.call("PATCH", "/admin/agents/"+aid, wire.AgentChange{Capacity: &n}, nil, p.done(p.loadTeams))
				}, app.EventScope(box)),
		))
	}
	return app.Section().Body(rows...)
}
