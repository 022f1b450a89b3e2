package ui

import (
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// InboxPane is the list of conversations with its open/resolved filter.
// Each row is a button, so the list is reachable and usable by keyboard.
type InboxPane struct {
	app.Compo

	Lang     Lang
	Now      time.Time
	Rows     []wire.Conversation
	Loaded   bool
	Filter   string
	Selected string
	OnFilter func(ctx app.Context, filter string)
	OnSelect func(ctx app.Context, id string)
}

// Render draws the filter and the rows.
func (p *InboxPane) Render() app.UI {
	rows := FilterInbox(p.Rows, p.Filter)
	return app.Nav().Class("inbox").Aria("label", p.Lang.T(KConversations)).Body(
		app.Div().Class("inbox-head").Body(
			app.H2().Class("inbox-title").Text(p.Lang.T(KConversations)),
			app.Div().Class("segmented").Role("group").Aria("label", p.Lang.T(KConversations)).Body(
				p.filterButton(FilterOpen, KFilterOpen),
				p.filterButton(FilterResolved, KFilterResolved),
			),
		),
		p.renderBody(rows),
	)
}

func (p *InboxPane) filterButton(filter string, k Key) app.UI {
	return app.Button().
		Class("segment").
		Aria("pressed", p.Filter == filter).
		OnClick(func(ctx app.Context, e app.Event) {
			if p.OnFilter != nil {
				p.OnFilter(ctx, filter)
			}
		}).
		Text(p.Lang.T(k))
}

func (p *InboxPane) renderBody(rows []wire.Conversation) app.UI {
	switch {
	case !p.Loaded:
		return app.P().Class("inbox-state").Aria("live", "polite").Text(p.Lang.T(KLoading))
	case len(rows) == 0 && p.Filter == FilterResolved:
		return app.P().Class("inbox-state").Text(p.Lang.T(KEmptyResolved))
	case len(p.Rows) == 0:
		return app.P().Class("inbox-state", "inbox-empty").Text(p.Lang.T(KEmptyInbox))
	case len(rows) == 0:
		return app.P().Class("inbox-state").Text(p.Lang.T(KEmptyOpen))
	}
	return app.Ul().Class("rows").Body(
		app.Range(rows).Slice(func(i int) app.UI {
			return p.renderRow(rows[i])
		}),
	)
}

func (p *InboxPane) renderRow(c wire.Conversation) app.UI {
	id := c.ID
	selected := id == p.Selected
	class := "row"
	if selected {
		class += " row-selected"
	}
	if c.Unread > 0 {
		class += " row-unread"
	}
	at := Millis(c.UpdatedAt)
	return app.Li().Body(
		app.Button().ID("row-%s", id).Class(class).
			Aria("current", selected).
			DataSet("conv", id).
			OnClick(func(ctx app.Context, e app.Event) {
				if p.OnSelect != nil {
					p.OnSelect(ctx, id)
				}
			}).
			Body(
				app.Span().Class("row-top").Body(
					app.Span().Class("row-name").Text(VisitorLabel(p.Lang, c)),
					app.Time().Class("row-time").
						DateTime("%s", at.UTC().Format(time.RFC3339)).
						Title("%s", at.Local().Format("2006-01-02 15:04")).
						Text(RelTime(p.Lang, p.Now, at)),
				),
				app.Span().Class("row-bottom").Body(
					app.Span().Class("row-preview").Text(c.Preview),
					app.If(c.Status != wire.StatusOpen, func() app.UI {
						return app.Span().Class("status", "status-"+c.Status).Text(statusLabel(p.Lang, c.Status))
					}),
					app.If(c.Unread > 0, func() app.UI {
						return app.Span().Class("badge").
							Aria("label", p.Lang.F(KUnread, c.Unread)).
							Text(c.Unread)
					}),
				),
				app.If(c.SiteName != "", func() app.UI {
					return app.Span().Class("row-site").Text(c.SiteName)
				}),
			),
	)
}

// statusLabel names a conversation status in the UI language.
func statusLabel(l Lang, status string) string {
	switch status {
	case wire.StatusResolved:
		return l.T(KStatusResolved)
	case wire.StatusPending:
		return l.T(KStatusPending)
	default:
		return l.T(KStatusOpen)
	}
}
