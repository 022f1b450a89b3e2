package ui

import (
	"strings"
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// RoutingBar is the line under a conversation's title: who has it (or
// how long it has waited in line), its team and topic, whether it was
// escalated, and the actions: assign to me, transfer, escalate.
type RoutingBar struct {
	app.Compo

	Lang   Lang
	Now    time.Time
	Conv   wire.Conversation
	Me     string
	Agents []wire.AgentStatus
	Rest   *restClient
	// OnAssign gives the conversation to agent, or to team, or to the
	// next available agent (both empty).
	// note is for the agents (the transfer's event line).
	OnAssign   func(ctx app.Context, conv, agent, team, note string)
	OnEscalate func(ctx app.Context, conv, note string)

	ctx  app.Context
	form string // "", "transfer" or "escalate"
	// target is the transfer's choice: "a:<id>", "t:<id>" or "" (site).
	target string
	note   string
	teams  []wire.Team
	conv   string // the conversation the form was opened for
}

// OnMount keeps the component's context for network callbacks.
func (b *RoutingBar) OnMount(ctx app.Context) { b.ctx = ctx }

// RoutingStatus says who has a conversation, from the reader's side.
func RoutingStatus(l Lang, c wire.Conversation, me string, agents []wire.AgentStatus, now time.Time) string {
	switch {
	case c.Assignee != "" && c.Assignee == me:
		return l.T(KAssignedToYou)
	case c.Assignee != "":
		return l.F(KAssignedTo, agentName(agents, c.Assignee))
	case c.QueuedAt > 0:
		return l.F(KWaitingInLine, RelTime(l, now, Millis(c.QueuedAt)))
	}
	return l.T(KUnassigned)
}

func agentName(agents []wire.AgentStatus, id string) string {
	for _, a := range agents {
		if a.ID == id {
			return a.Name
		}
	}
	return "#" + id
}

// Render draws the bar and, when open, the transfer or escalation form.
func (b *RoutingBar) Render() app.UI {
	c := b.Conv
	if b.conv != c.ID {
		b.form, b.conv = "", c.ID
	}
	facts := []app.UI{
		app.Span().ID("routing-status").Class("routing-status").Text(RoutingStatus(b.Lang, c, b.Me, b.Agents, b.Now)),
	}
	if c.Team != "" {
		name := c.Team
		for _, t := range b.teams {
			if t.ID == c.Team {
				name = t.Name
			}
		}
		facts = append(facts, app.Span().Class("routing-team").Text(b.Lang.F(KTeamLabel, name)))
	}
	if c.Topic != "" {
		facts = append(facts, app.Span().Class("routing-topic").Text(b.Lang.F(KTopicLabel, c.Topic)))
	}
	if c.Escalated {
		facts = append(facts, app.Span().Class("badge", "badge-escalated").Text(b.Lang.T(KEscalated)))
	}
	actions := []app.UI{}
	if c.Assignee != b.Me && c.Status != wire.StatusResolved {
		actions = append(actions, app.Button().ID("assign-me").Class("secondary").
			OnClick(func(ctx app.Context, e app.Event) { call5(ctx, b.OnAssign, c.ID, b.Me, "", "") }).
			Text(b.Lang.T(KAssignToMe)))
	}
	actions = append(actions,
		app.Button().ID("transfer-open").Class("ghost").Aria("expanded", b.form == "transfer").
			OnClick(func(ctx app.Context, e app.Event) { b.open(ctx, "transfer") }).
			Text(b.Lang.T(KTransfer)),
	)
	if !c.Escalated {
		actions = append(actions, app.Button().ID("escalate-open").Class("ghost").Aria("expanded", b.form == "escalate").
			OnClick(func(ctx app.Context, e app.Event) { b.open(ctx, "escalate") }).
			Text(b.Lang.T(KEscalate)))
	}
	return app.Div().Class("routing-bar").Body(
		app.Div().Class("routing-facts").Role("status").Body(facts...),
		app.Div().Class("routing-actions").Body(actions...),
		b.renderForm(),
	)
}

func call5(ctx app.Context, f func(app.Context, string, string, string, string), a, b, c, d string) {
	if f != nil {
		f(ctx, a, b, c, d)
	}
}

// open shows a form; the transfer form loads the site's teams first.
func (b *RoutingBar) open(ctx app.Context, form string) {
	if b.form == form {
		b.form = ""
		return
	}
	b.form, b.target, b.note = form, "", ""
	ctx.Defer(func(app.Context) { focusElement(form + "-first") })
	if form != "transfer" || b.Rest == nil {
		return
	}
	var list wire.TeamList
	site := b.Conv.Site
	b.Rest.call("GET", "/sites/"+site+"/teams", nil, &list, func(status int, err *wire.Error) {
		b.ctx.Dispatch(func(app.Context) {
			if err == nil && status == 200 {
				b.teams = list.Teams
			}
		})
	})
}

func (b *RoutingBar) renderForm() app.UI {
	switch b.form {
	case "transfer":
		options := []app.UI{app.Option().Value("").Text(b.Lang.T(KTransferSite))}
		var agents []app.UI
		for _, a := range b.Agents {
			if a.ID == b.Conv.Assignee || !worksOn(a, b.Conv.Site) {
				continue
			}
			agents = append(agents, app.Option().Value("a:"+a.ID).
				Text(b.Lang.F(KAgentLoad, a.Name, AvailabilityLabel(b.Lang, a), a.Load, a.Capacity)))
		}
		if len(agents) > 0 {
			options = append(options, app.OptGroup().Label(b.Lang.T(KTransferAgent)).Body(agents...))
		}
		var teams []app.UI
		for _, t := range b.teams {
			teams = append(teams, app.Option().Value("t:"+t.ID).Text(t.Name))
		}
		if len(teams) > 0 {
			options = append(options, app.OptGroup().Label(b.Lang.T(KTransferTeam)).Body(teams...))
		}
		return app.Form().ID("transfer-form").Class("routing-form").
			OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				agent, team := "", ""
				switch {
				case strings.HasPrefix(b.target, "a:"):
					agent = b.target[2:]
				case strings.HasPrefix(b.target, "t:"):
					team = b.target[2:]
				}
				b.form = ""
				call5(ctx, b.OnAssign, b.Conv.ID, agent, team, strings.TrimSpace(b.note))
			}).
			Body(
				app.Label().For("transfer-first").Text(b.Lang.T(KTransferTo)),
				app.Select().ID("transfer-first").
					OnChange(func(ctx app.Context, e app.Event) { b.target = ctx.JSSrc().Get("value").String() }).
					Body(options...),
				app.Label().For("transfer-note").Text(b.Lang.T(KTransferNote)),
				app.Textarea().ID("transfer-note").Rows(2).MaxLength(wire.MaxNoteRunes).
					OnInput(func(ctx app.Context, e app.Event) { b.note = ctx.JSSrc().Get("value").String() }),
				app.Button().Type("submit").Class("primary").Text(b.Lang.T(KTransferDo)),
				app.Button().Type("button").Class("ghost").
					OnClick(func(ctx app.Context, e app.Event) { b.form = "" }).
					Text(b.Lang.T(KCancel)),
			)
	case "escalate":
		return app.Form().ID("escalate-form").Class("routing-form").
			OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				b.form = ""
				if b.OnEscalate != nil {
					b.OnEscalate(ctx, b.Conv.ID, strings.TrimSpace(b.note))
				}
			}).
			Body(
				app.Label().For("escalate-first").Text(b.Lang.T(KEscalateNote)),
				app.Textarea().ID("escalate-first").Rows(2).MaxLength(wire.MaxNoteRunes).
					OnInput(func(ctx app.Context, e app.Event) { b.note = ctx.JSSrc().Get("value").String() }),
				app.Button().Type("submit").Class("primary").Text(b.Lang.T(KEscalateDo)),
				app.Button().Type("button").Class("ghost").
					OnClick(func(ctx app.Context, e app.Event) { b.form = "" }).
					Text(b.Lang.T(KCancel)),
			)
	}
	return nil
}

// worksOn says whether agent a may take conversations of site.
func worksOn(a wire.AgentStatus, site string) bool {
	if a.Role == wire.RoleAdmin {
		return true
	}
	for _, s := range a.Sites {
		if s == site {
			return true
		}
	}
	return false
}

// EventText says what routing did, in the reader's language.
func EventText(l Lang, e wire.RoutingEvent) string {
	switch e.Kind {
	case wire.EventTransferred:
		to := e.AgentName
		switch {
		case e.TeamName != "" && to != "":
			to = e.TeamName + " (" + to + ")"
		case e.TeamName != "":
			to = e.TeamName + " — " + l.T(KEvQueued)
		case to == "":
			to = l.T(KTransferSite) + " — " + l.T(KEvQueued)
		}
		return l.F(KEvTransferred, e.By, to)
	case wire.EventEscalated:
		if e.By == "" {
			return l.T(KEvEscalatedAuto)
		}
		return l.F(KEvEscalatedBy, e.By)
	}
	return e.Kind
}

// renderEventLine draws a routing event between the messages: a quiet
// line, with the agent's note quoted under it.
func renderEventLine(l Lang, now time.Time, m wire.Message) app.UI {
	at := Millis(m.At)
	return app.Li().Class("msg", "msg-event").DataSet("seq", m.Seq).Body(
		app.P().Class("event-text").Body(
			app.Text(EventText(l, *m.Event)+" · "),
			app.Time().DateTime("%s", at.UTC().Format(time.RFC3339)).Text(ClockTime(now, at)),
		),
		app.If(m.Event.Note != "", func() app.UI {
			return app.Blockquote().Class("event-note").Text(m.Event.Note)
		}),
	)
}
