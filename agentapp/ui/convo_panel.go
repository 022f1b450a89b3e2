package ui

import (
	"strings"
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ConvoPanel is the conversation tools' card in the context column: the
// labels (with the site's as suggestions), the complaint reason and the
// follow-up promise (due, then late). Its inputs keep their text in the
// DOM; a change goes to the desk, which asks the server.
type ConvoPanel struct {
	app.Compo

	Lang    Lang
	Now     time.Time
	Conv    wire.Conversation
	Options *wire.LabelOptions

	OnLabels  func(ctx app.Context, labels []string)
	OnReason  func(ctx app.Context, reason string)
	OnPromise func(ctx app.Context, req wire.PromiseRequest)
	OnKeep    func(ctx app.Context)
}

// Render draws the card.
func (p *ConvoPanel) Render() app.UI {
	c := p.Conv
	l := p.Lang
	var suggestions, reasons []string
	if p.Options != nil {
		suggestions, reasons = p.Options.Labels, p.Options.Reasons
	}
	if c.Reason != "" && !containsFold(reasons, c.Reason) {
		reasons = append(reasons, c.Reason)
	}
	return app.Section().Class("card", "convo-tools").Body(
		app.H2().ID("labels-title").Text(l.T(KLabels)),
		app.Ul().Class("labels").Aria("labelledby", "labels-title").Body(
			app.Range(c.Labels).Slice(func(i int) app.UI {
				label := c.Labels[i]
				return app.Li().Class("label-chip").Body(
					app.Span().Text(label),
					app.Button().Type("button").Class("ghost", "label-remove").
						Aria("label", l.F(KRemoveLabel, label)).
						OnClick(func(ctx app.Context, e app.Event) { p.removeLabel(ctx, label) }).
						Text("×"),
				)
			}),
		),
		app.Form().Class("label-add").OnSubmit(p.addLabel).Body(
			app.Input().ID("label-input").Type("text").Attr("list", "label-suggestions").
				Aria("label", l.T(KAddLabel)).Placeholder(l.T(KAddLabel)).MaxLength(wire.MaxLabelRunes),
			app.DataList().ID("label-suggestions").Body(
				app.Range(suggestions).Slice(func(i int) app.UI { return app.Option().Value(suggestions[i]) }),
			),
			app.Button().Type("submit").Class("secondary").Text(l.T(KAdd)),
		),

		app.Label().For("reason-select").Class("tools-label").Text(l.T(KReasonTitle)),
		app.Select().ID("reason-select").
			OnChange(func(ctx app.Context, e app.Event) {
				if p.OnReason != nil {
					p.OnReason(ctx, ctx.JSSrc().Get("value").String())
				}
			}).
			Body(
				app.Option().Value("").Selected(c.Reason == "").Text(l.T(KNoReason)),
				app.Range(reasons).Slice(func(i int) app.UI {
					r := reasons[i]
					return app.Option().Value(r).Selected(r == c.Reason).Text(ReasonLabel(l, r))
				}),
			),

		app.H2().Class("tools-label").Text(l.T(KPromiseTitle)),
		p.renderPromise(),
		app.Form().ID("promise-form").Class("promise-form").OnSubmit(p.submitPromise).Body(
			app.Label().For("promise-what").Text(l.T(KPromiseWhat)),
			app.Input().ID("promise-what").Type("text").Required(true).MaxLength(wire.MaxPromiseRunes),
			app.Label().For("promise-due").Text(l.T(KPromiseDue)),
			app.Input().ID("promise-due").Type("datetime-local").Required(true),
			app.Label().For("promise-channel").Text(l.T(KPromiseChannel)),
			app.Select().ID("promise-channel").Body(
				app.Option().Value(wire.ChannelChat).Text(l.T(KChannelChat)),
				app.Option().Value(wire.ChannelEmail).Text(l.T(KChannelEmail)),
			),
			app.Button().Type("submit").Class("secondary").Text(l.T(KPromiseSave)),
		),
	)
}

// renderPromise shows the promise still due, marked late once past due.
func (p *ConvoPanel) renderPromise() app.UI {
	pr := p.Conv.Promise
	if pr == nil || pr.DoneAt != 0 {
		return nil
	}
	l := p.Lang
	due := Millis(pr.Due)
	late := PromiseLate(p.Conv, p.Now)
	class := "promise"
	if late {
		class += " promise-late"
	}
	channel := l.T(KChannelChat)
	if pr.Channel == wire.ChannelEmail {
		channel = l.T(KChannelEmail)
	}
	return app.Div().Class(class).Body(
		app.P().Text(l.F(KPromisedBy, pr.By, pr.What)),
		app.P().Class("muted").Body(
			app.Time().DateTime("%s", due.UTC().Format(time.RFC3339)).
				Text(l.F(KPromiseDueAt, due.Local().Format("2006-01-02 15:04"))+" · "+channel),
			app.If(late, func() app.UI { return app.Span().Class("badge-late").Text(l.T(KLate)) }),
		),
		app.Button().Type("button").ID("promise-kept").Class("secondary").
			OnClick(func(ctx app.Context, e app.Event) {
				if p.OnKeep != nil {
					p.OnKeep(ctx)
				}
			}).
			Text(l.T(KPromiseKept)),
	)
}

func (p *ConvoPanel) addLabel(ctx app.Context, e app.Event) {
	e.PreventDefault()
	in := app.Window().GetElementByID("label-input")
	label := strings.TrimSpace(in.Get("value").String())
	if label == "" || p.OnLabels == nil {
		return
	}
	in.Set("value", "")
	p.OnLabels(ctx, append(append([]string{}, p.Conv.Labels...), label))
}

func (p *ConvoPanel) removeLabel(ctx app.Context, label string) {
	var keep []string
	for _, l := range p.Conv.Labels {
		if l != label {
			keep = append(keep, l)
		}
	}
	if p.OnLabels != nil {
		p.OnLabels(ctx, keep)
	}
}

func (p *ConvoPanel) submitPromise(ctx app.Context, e app.Event) {
	e.PreventDefault()
	doc := app.Window()
	what := strings.TrimSpace(doc.GetElementByID("promise-what").Get("value").String())
	dueText := doc.GetElementByID("promise-due").Get("value").String()
	if what == "" || dueText == "" || p.OnPromise == nil {
		return
	}
	// datetime-local is the agent's local time; Date reads it so.
	due := int64(doc.Get("Date").New(dueText).Call("getTime").Float())
	p.OnPromise(ctx, wire.PromiseRequest{What: what, Due: due, Channel: doc.GetElementByID("promise-channel").Get("value").String()})
	doc.GetElementByID("promise-what").Set("value", "")
}

// containsFold says whether list holds s, ignoring case.
func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
