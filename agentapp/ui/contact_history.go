package ui

import (
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderHistory is the context panel's list of the contact's other
// conversations, newest first; each opens in the desk.
func (c *ContextPanel) renderHistory() app.UI {
	if c.Conv.Visitor == nil {
		return nil
	}
	var body app.UI
	switch {
	case c.HistoryState == historyLoading:
		body = app.P().Class("muted").Aria("live", "polite").Text(c.Lang.T(KLoading))
	case c.HistoryState == historyFailed:
		body = app.P().Class("muted").Text(c.Lang.T(KHistoryFailed))
	case len(c.History) == 0:
		body = app.P().Class("muted", "history-empty").Text(c.Lang.T(KNoPreviousConvs))
	default:
		body = app.Ul().Class("history").Body(
			app.Range(c.History).Slice(func(i int) app.UI {
				return c.renderPast(c.History[i])
			}),
		)
	}
	return app.Section().Class("card", "history-card").Body(
		app.H2().Text(c.Lang.T(KPreviousConvs)),
		body,
	)
}

func (c *ContextPanel) renderPast(conv wire.Conversation) app.UI {
	id := conv.ID
	at := Millis(conv.UpdatedAt)
	preview := conv.Preview
	if preview == "" {
		preview = "…"
	}
	return app.Li().Body(
		app.Button().ID("history-%s", id).Class("link", "history-item").
			OnClick(func(ctx app.Context, e app.Event) {
				if c.OnOpen != nil {
					c.OnOpen(ctx, id)
				}
			}).
			Body(
				app.Span().Class("history-preview").Text(preview),
				app.Span().Class("history-meta", "muted").Body(
					app.Time().DateTime("%s", at.UTC().Format(time.RFC3339)).Text(RelTime(c.Lang, c.Now, at)),
					app.Text(" · "+statusLabel(c.Lang, conv.Status)),
				),
			),
	)
}
