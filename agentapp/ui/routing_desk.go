package ui

import (
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The desk's side of routing (docs/routing.md): the agents' availability
// and load, the agent's own switch, input reported for auto-away, manual
// assignment, transfer and escalation, and admins told of escalations.

// activeEvery is how often, at most, input is reported to the server: it
// marks an agent away after minutes without any.
const activeEvery = time.Minute

// routingState is what the desk knows of routing.
type routingState struct {
	agents []wire.AgentStatus
	// lastActive is when input was last reported.
	lastActive time.Time
	// settingsOpen shows the admins' routing screen.
	settingsOpen bool
}

// watchActivity reports a person's input in this window, at most once a
// minute: keys, pointer and touch, and coming back to the tab.
func (d *Desk) watchActivity() {
	for _, ev := range []string{"keydown", "pointerdown", "touchstart", "visibilitychange"} {
		onDocumentEvent(ev, func() {
			d.ctx.Dispatch(func(app.Context) {
				if documentHidden() || d.live == nil || time.Since(d.routing.lastActive) < activeEvery {
					return
				}
				d.routing.lastActive = time.Now()
				d.send(wire.Frame{Type: wire.TypeActive})
			})
		})
	}
}

// applyRouting folds the routing frames into the desk.
func (d *Desk) applyRouting(f wire.Frame) {
	switch f.Type {
	case wire.TypeWelcome:
		d.routing.agents = f.Agents
	case wire.TypeAgents:
		d.routing.agents = MergeAgents(d.routing.agents, f.Agents)
	case wire.TypeEscalation:
		c, _ := FindConversation(d.inbox, f.Conv)
		body := f.Note
		if f.Author != nil && f.Author.Kind == wire.AuthorSystem {
			body = d.lang.T(KEscalationWaited)
		} else if f.Author != nil {
			body = f.Author.Name + ": " + body
		}
		notify(d.lang.F(KEscalationTitle, VisitorLabel(d.lang, c)), body, "escalation-"+f.Conv,
			d.ctx.ResolveStaticResource("/web/icon-192.png"))
		d.sound.beep()
	}
}

// MergeAgents replaces the statuses in changed, keeping the others, in
// the order known.
func MergeAgents(known, changed []wire.AgentStatus) []wire.AgentStatus {
	out := append([]wire.AgentStatus(nil), known...)
	for _, c := range changed {
		found := false
		for i := range out {
			if out[i].ID == c.ID {
				out[i], found = c, true
			}
		}
		if !found {
			out = append(out, c)
		}
	}
	return out
}

// me is the signed-in agent's status.
func (d *Desk) me() wire.AgentStatus {
	for _, a := range d.routing.agents {
		if a.ID == d.session.Agent.ID {
			return a
		}
	}
	return wire.AgentStatus{ID: d.session.Agent.ID, Availability: wire.AvailabilityOffline}
}

// setAway flips the agent's own switch.
func (d *Desk) setAway(_ app.Context, away bool) {
	d.routing.lastActive = time.Now()
	d.send(wire.Frame{Type: wire.TypeAway, Away: away})
}

// assign gives a conversation to an agent, a team or the next available
// agent (both empty), with a note for the agents.
func (d *Desk) assign(_ app.Context, conv, agent, team, note string) {
	var out wire.Conversation
	d.rest.call("POST", "/conversations/"+conv+"/assign", wire.AssignRequest{Agent: agent, Team: team, Note: note}, &out, d.routed(&out))
}

// escalate asks the admins for help on a conversation.
func (d *Desk) escalate(_ app.Context, conv, note string) {
	var out wire.Conversation
	d.rest.call("POST", "/conversations/"+conv+"/escalate", wire.EscalateRequest{Note: note}, &out, d.routed(&out))
}

// routed folds a conversation changed by REST into the inbox, or shows why
// it was refused.
func (d *Desk) routed(out *wire.Conversation) func(int, *wire.Error) {
	return func(status int, err *wire.Error) {
		d.ctx.Dispatch(func(app.Context) {
			switch {
			case err != nil:
				d.flash = err.Message
			case status == 0:
				d.flash = d.lang.T(KNetworkError)
			default:
				d.inbox = MergeConversation(d.inbox, *out)
			}
		})
	}
}

// availabilitySwitch is the header's control of the agent's own switch.
func (d *Desk) availabilitySwitch() app.UI {
	return &AvailabilitySwitch{Lang: d.lang, Me: d.me(), OnSet: d.setAway}
}

// routingBar is the conversation's line of who has it and what to do.
func (d *Desk) routingBar(c wire.Conversation) app.UI {
	return &RoutingBar{
		Lang: d.lang, Now: d.now, Conv: c, Me: d.session.Agent.ID, Agents: d.routing.agents, Rest: &d.rest,
		OnAssign: d.assign, OnEscalate: d.escalate,
	}
}

// AvailabilitySwitch shows the agent's availability and switches between
// online and away.
type AvailabilitySwitch struct {
	app.Compo

	Lang  Lang
	Me    wire.AgentStatus
	OnSet func(ctx app.Context, away bool)
}

// Render draws the switch: a button whose name says the state and what a
// press does.
func (s *AvailabilitySwitch) Render() app.UI {
	label, class := AvailabilityLabel(s.Lang, s.Me), "av-"+s.Me.Availability
	action := KAvSetAway
	if s.Me.Away {
		action = KAvSetOnline
	}
	return app.Button().ID("availability").Class("ghost", "availability", class).
		Aria("label", s.Lang.T(action)).
		Aria("pressed", !s.Me.Away).
		Title(s.Lang.T(KAvailability)).
		OnClick(func(ctx app.Context, e app.Event) {
			if s.OnSet != nil {
				s.OnSet(ctx, !s.Me.Away)
			}
		}).
		Body(
			app.Span().Class("av-dot").Aria("hidden", "true"),
			app.Span().Class("av-label").Text(label),
		)
}

// AvailabilityLabel says an agent's availability in words.
func AvailabilityLabel(l Lang, a wire.AgentStatus) string {
	switch a.Availability {
	case wire.AvailabilityOnline:
		return l.T(KAvOnline)
	case wire.AvailabilityAway:
		if !a.Away {
			return l.T(KAvIdle)
		}
		return l.T(KAvAway)
	}
	return l.T(KAvOffline)
}

// routingButton opens the routing screen; nil for agents (admins only).
func (d *Desk) routingButton() func(app.Context) {
	if d.session.Agent.Role != wire.RoleAdmin {
		return nil
	}
	return func(app.Context) { d.routing.settingsOpen = true }
}

// routingPanel is the admins' routing screen when open, else nothing.
func (d *Desk) routingPanel(site string) app.UI {
	if !d.routing.settingsOpen {
		return nil
	}
	return &RoutingPanel{Lang: d.lang, Rest: &d.rest, Site: site, Agents: d.routing.agents,
		OnClose: func(ctx app.Context) {
			d.routing.settingsOpen = false
			ctx.Defer(func(app.Context) { focusElement("routing-open") })
		}}
}
