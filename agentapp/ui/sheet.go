package ui

import (
	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// sheetFrame is the frame every settings panel shares: a dialog over the
// desk, labelled by its title, with a close button; Escape closes it (or
// does OnEscape, when the panel has something to close first).
type sheetFrame struct {
	Lang Lang
	// ID is the dialog's id, TitleID its heading's; Class is added to "sheet".
	ID, TitleID, Class string
	Title              string
	OnClose            func(ctx app.Context)
	// OnEscape replaces OnClose for the Escape key; nil: OnClose.
	OnEscape func(ctx app.Context)
}

// Render draws the frame around body.
func (s sheetFrame) Render(body ...app.UI) app.UI {
	escape := s.OnEscape
	if escape == nil {
		escape = s.OnClose
	}
	classes := []string{"sheet"}
	if s.Class != "" {
		classes = append(classes, s.Class)
	}
	head := app.Div().Class("sheet-head").Body(
		app.H2().ID(s.TitleID).TabIndex(-1).Text(s.Title),
		app.Button().Class("ghost").Aria("label", s.Lang.T(KClose)).
			OnClick(func(ctx app.Context, e app.Event) { s.OnClose(ctx) }).
			Text("×"),
	)
	return app.Div().Class("overlay").Body(
		app.Section().Class(classes...).ID(s.ID).Role("dialog").Aria("labelledby", s.TitleID).
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() != "Escape" {
					ctx.PreventUpdate()
					return
				}
				escape(ctx)
			}).
			Body(append([]app.UI{head}, body...)...),
	)
}

// restFailure reads a REST answer for a panel: the message to show when it
// failed ("" when it did not), and whether it failed.
func restFailure(l Lang, status int, err *wire.Error) (string, bool) {
	switch {
	case err != nil:
		return err.Message, true
	case status == 0:
		return l.T(KNetworkError), true
	}
	return "", false
}
