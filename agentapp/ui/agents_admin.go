package ui

import (
	"net/url"
	"slices"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// AgentsPanel is the admins' screen for agents' accounts: who works on
// which sites, and a form to add an agent. The server checks everything
// and names the bad field; the panel shows its message as is. Saving an
// agent's sites reconnects that agent's apps with their new scope.
type AgentsPanel struct {
	app.Compo

	Lang    Lang
	Rest    *restClient
	OnClose func(app.Context)

	ctx    app.Context
	sites  []wire.Site
	agents []wire.AgentAccount
	loaded int // answers received of the two lists
	// picked is each agent's sites as ticked, by agent id; "new" is the
	// form's.
	picked  map[string][]string
	newRole string
	pending bool
	err     string
	notice  string
}

// OnMount loads the sites and the agents.
func (p *AgentsPanel) OnMount(ctx app.Context) {
	p.ctx = ctx
	p.picked = map[string][]string{}
	ctx.Defer(func(app.Context) { focusElement("agents-title") })
	var sites wire.SiteList
	p.Rest.call("GET", "/admin/sites", nil, &sites, func(status int, err *wire.Error) {
		ctx.Dispatch(func(app.Context) {
			if !p.fail(status, err) {
				p.sites = sites.Sites
				p.loaded++
			}
		})
	})
	p.loadAgents(ctx)
}

func (p *AgentsPanel) loadAgents(ctx app.Context) {
	var agents wire.AgentAccountList
	p.Rest.call("GET", "/admin/agents", nil, &agents, func(status int, err *wire.Error) {
		ctx.Dispatch(func(app.Context) {
			if p.fail(status, err) {
				return
			}
			p.agents = agents.Agents
			for _, a := range p.agents {
				p.picked[a.ID] = slices.Clone(a.Sites)
			}
			p.loaded++
		})
	})
}

// fail records a refusal or a network failure; it says whether there was one.
func (p *AgentsPanel) fail(status int, err *wire.Error) bool {
	p.pending = false
	var failed bool
	p.err, failed = restFailure(p.Lang, status, err)
	if failed {
		p.notice = ""
	}
	return failed
}

// Render draws the panel.
func (p *AgentsPanel) Render() app.UI {
	return sheetFrame{Lang: p.Lang, ID: "agents-panel", TitleID: "agents-title", Class: "agents-sheet", Title: p.Lang.T(KAgents),
		OnClose: func(ctx app.Context) { call(ctx, p.OnClose) }}.Render(
		app.P().Class("muted").Text(p.Lang.T(KAgentsHint)),
		app.P().ID("agents-notice").Class("muted").Role("status").Text(p.notice),
		p.renderAgents(),
		app.If(p.loaded >= 2, p.renderNew),
		app.P().ID("agents-error").Class("form-error").Role("alert").Aria("live", "assertive").Text(p.err),
	)
}

func (p *AgentsPanel) renderAgents() app.UI {
	switch {
	case p.loaded < 2:
		return app.P().Class("muted").Aria("live", "polite").Text(p.Lang.T(KLoading))
	case len(p.agents) == 0:
		return app.P().Class("muted").Text(p.Lang.T(KAgentsEmpty))
	}
	return app.Ul().Class("agents-list").Body(
		app.Range(p.agents).Slice(func(i int) app.UI { return p.renderAgent(p.agents[i]) }),
	)
}

func (p *AgentsPanel) renderAgent(a wire.AgentAccount) app.UI {
	id := a.ID
	name := a.Name
	if name == "" {
		name = a.Email
	}
	head := app.Div().Class("agent-head").Body(
		app.Strong().Text(name),
		app.Span().Class("muted").Text(" "+a.Email),
	)
	if a.Role == wire.RoleAdmin {
		return app.Li().Class("agent-row").Body(head, app.P().Class("muted").Text(p.Lang.T(KAgentEverySite)))
	}
	return app.Li().Class("agent-row").Body(
		head,
		app.FieldSet().Class("agent-sites").Body(
			app.Legend().Text(p.Lang.F(KAgentSites, name)),
			p.siteBoxes("agent-"+id, id),
			app.If(len(p.picked[id]) == 0, func() app.UI {
				return app.P().Class("muted").Text(p.Lang.T(KAgentNoSite))
			}),
			app.Button().Type("button").Class("secondary").ID("agent-save-%s", id).Disabled(p.pending).
				OnClick(func(ctx app.Context, e app.Event) { p.saveSites(ctx, id, name) }).
				Text(p.Lang.T(KAgentSave)),
		),
	)
}

// siteBoxes draws a checkbox per site, ticked from picked[key].
func (p *AgentsPanel) siteBoxes(idPrefix, key string) app.UI {
	return app.Div().Class("site-boxes").Body(
		app.Range(p.sites).Slice(func(i int) app.UI {
			s := p.sites[i]
			box := idPrefix + "-site-" + s.ID
			return app.Label().For(box).Class("check").Body(
				app.Input().Type("checkbox").ID(box).Checked(slices.Contains(p.picked[key], s.ID)).
					OnChange(func(ctx app.Context, e app.Event) {
						p.toggle(key, s.ID, ctx.JSSrc().Get("checked").Bool())
					}),
				app.Text(" "+s.Name),
			)
		}),
	)
}

func (p *AgentsPanel) toggle(key, site string, on bool) {
	sites := slices.DeleteFunc(slices.Clone(p.picked[key]), func(s string) bool { return s == site })
	if on {
		sites = append(sites, site)
	}
	p.picked[key] = sites
}

func (p *AgentsPanel) saveSites(ctx app.Context, id, name string) {
	if p.pending {
		return
	}
	p.pending, p.notice = true, p.Lang.T(KSaving)
	sites := p.picked[id]
	if sites == nil {
		sites = []string{}
	}
	var got wire.AgentAccount
	p.Rest.call("PUT", "/admin/agents/"+url.PathEscape(id)+"/sites", wire.AgentSites{Sites: sites}, &got, func(status int, err *wire.Error) {
		p.ctx.Dispatch(func(app.Context) {
			if p.fail(status, err) {
				return
			}
			for i := range p.agents {
				if p.agents[i].ID == got.ID {
					p.agents[i] = got
				}
			}
			p.picked[got.ID] = slices.Clone(got.Sites)
			p.notice = p.Lang.F(KAgentSaved, name)
		})
	})
}

func (p *AgentsPanel) renderNew() app.UI {
	role := p.newRole
	if role == "" {
		role = wire.RoleAgent
	}
	return app.Form().Class("sheet-form", "agent-new").
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			p.create(ctx)
		}).
		Body(
			app.H3().Text(p.Lang.T(KAgentNew)),
			app.Label().For("agent-new-name").Text(p.Lang.T(KAgentName)),
			app.Input().ID("agent-new-name").Type("text").Required(true).MaxLength(100).Attr("autocomplete", "off"),
			app.Label().For("agent-new-email").Text(p.Lang.T(KEmail)),
			app.Input().ID("agent-new-email").Type("email").Required(true).Attr("autocomplete", "off"),
			app.Label().For("agent-new-password").Text(p.Lang.T(KPassword)),
			app.Input().ID("agent-new-password").Type("password").Required(true).
				Attr("minlength", wire.MinPasswordLength).Attr("autocomplete", "new-password").Aria("describedby", "agent-new-password-hint"),
			app.P().ID("agent-new-password-hint").Class("muted").Text(p.Lang.T(KAgentPasswordHint)),
			app.Label().For("agent-new-role").Text(p.Lang.T(KAgentRole)),
			app.Select().ID("agent-new-role").
				OnChange(func(ctx app.Context, e app.Event) { p.newRole = ctx.JSSrc().Get("value").String() }).
				Body(
					app.Option().Value(wire.RoleAgent).Selected(role == wire.RoleAgent).Text(p.Lang.T(KRoleAgent)),
					app.Option().Value(wire.RoleAdmin).Selected(role == wire.RoleAdmin).Text(p.Lang.T(KRoleAdmin)),
				),
			app.If(role == wire.RoleAgent, func() app.UI {
				return app.FieldSet().Class("agent-sites").Body(
					app.Legend().Text(p.Lang.T(KCannedSite)),
					p.siteBoxes("agent-new", "new"),
				)
			}),
			app.Div().Class("sheet-actions").Body(
				app.Button().Type("submit").Class("primary").ID("agent-create").Disabled(p.pending).Text(p.Lang.T(KAgentCreate)),
			),
		)
}

func (p *AgentsPanel) create(ctx app.Context) {
	if p.pending {
		return
	}
	value := func(id string) string {
		if e := app.Window().GetElementByID(id); e.Truthy() {
			return e.Get("value").String()
		}
		return ""
	}
	req := wire.NewAgent{
		Name: value("agent-new-name"), Email: value("agent-new-email"), Password: value("agent-new-password"),
		Role: p.newRole, Sites: p.picked["new"],
	}
	if req.Role == wire.RoleAdmin {
		req.Sites = nil
	}
	p.pending, p.notice = true, p.Lang.T(KSaving)
	var got wire.AgentAccount
	p.Rest.call("POST", "/admin/agents", req, &got, func(status int, err *wire.Error) {
		p.ctx.Dispatch(func(ctx app.Context) {
			if p.fail(status, err) {
				return
			}
			p.agents = append(p.agents, got)
			p.picked[got.ID] = slices.Clone(got.Sites)
			p.picked["new"] = nil
			p.newRole = ""
			for _, id := range []string{"agent-new-name", "agent-new-email", "agent-new-password"} {
				if e := app.Window().GetElementByID(id); e.Truthy() {
					e.Set("value", "")
				}
			}
			p.notice = p.Lang.F(KAgentCreated, got.Email)
		})
	})
}

// agentsButton is the header's way to the agents panel; nil (no button)
// for agents who are not admins.
func (d *Desk) agentsButton() func(app.Context) {
	if d.session.Agent.Role != wire.RoleAdmin {
		return nil
	}
	return func(app.Context) { d.ui.agentsOpen = true }
}

// renderInboxDialogs draws the shortcuts help and the agents panel when open.
func (d *Desk) renderInboxDialogs() app.UI {
	return app.Div().Body(
		app.If(d.ui.helpOpen, func() app.UI {
			return &HelpDialog{Lang: d.lang, OnClose: func(ctx app.Context) { d.toggleHelp(ctx) }}
		}),
		app.If(d.ui.agentsOpen, func() app.UI {
			return &AgentsPanel{Lang: d.lang, Rest: &d.rest, OnClose: func(ctx app.Context) {
				d.ui.agentsOpen = false
				ctx.Defer(func(app.Context) { focusElement("agents-open") })
			}}
		}),
	)
}
