package ui

import (
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// logID is the message list's element id, used to keep it scrolled down.
const logID = "cpt-log"

// renderLog draws the conversation: a live region that screen readers
// announce politely as messages arrive. Every body is text, never HTML.
func (c *Chat) renderLog() app.UI {
	var rows []Row
	if c.threads != nil {
		rows = Rows(c.threads[c.conv], c.conv, c.outbox)
	}
	log := app.Div().
		ID(logID).
		Class("cpt-log").
		Attr("role", "log").
		Aria("live", "polite").
		Aria("label", T(c.lang, KeyMessages)).
		TabIndex(0)

	if len(rows) == 0 {
		if !c.loaded {
			return log.Aria("busy", "true").Body(
				app.Div().Class("cpt-loading").Body(
					app.Span().Class("cpt-spinner").Aria("hidden", "true"),
					app.If(!app.IsServer, func() app.UI {
						return app.Span().Class("cpt-sr").Text(T(c.lang, KeyLoading))
					}),
				),
			)
		}
		greeting := c.settings.Greeting
		if greeting == "" {
			greeting = T(c.lang, KeyGreeting)
		}
		return log.Body(app.P().Class("cpt-empty").Text(greeting))
	}

	seen := c.seenKey(rows)
	return log.Body(
		app.If(c.settings.Greeting != "", func() app.UI {
			return app.P().Class("cpt-greeting").Text(c.settings.Greeting)
		}),
		app.Range(rows).Slice(func(i int) app.UI {
			return c.renderRow(rows[i], rows[i].Key == seen)
		}),
	)
}

func (c *Chat) renderRow(r Row, seen bool) app.UI {
	mine := r.Author.Kind == wire.AuthorVisitor
	class := "cpt-msg--agent"
	author := r.Author.Name
	switch {
	case mine:
		class = "cpt-msg--mine"
		author = T(c.lang, KeyYou)
	case r.Author.Kind == wire.AuthorSystem:
		class = "cpt-msg--system"
	case author == "":
		author = T(c.lang, KeySupport)
	}
	if r.Pending {
		class += " cpt-msg--pending"
	}
	return app.Div().
		Class("cpt-msg", class).
		DataSet("key", r.Key).
		Body(
			app.If(r.Author.Kind != wire.AuthorSystem, func() app.UI {
				// Visible for agents; for the shopper's own messages the
				// bubble side says it, so the name is for screen readers.
				cl := "cpt-author"
				if mine {
					cl = "cpt-sr"
				}
				return app.Span().Class(cl).Text(author)
			}),
			app.If(r.Body != "", func() app.UI {
				return app.P().Class("cpt-body").Text(r.Body)
			}),
			c.renderFiles(r),
			app.If(r.Pending, func() app.UI {
				return app.Span().Class("cpt-meta").Text(T(c.lang, KeySending))
			}).ElseIf(r.At > 0 && !app.IsServer, func() app.UI {
				at := time.UnixMilli(r.At)
				return app.Time().Class("cpt-meta").
					DateTime("%s", at.UTC().Format(time.RFC3339)).
					Text(ClockTime(at.Local(), time.Now()))
			}),
			app.If(seen, func() app.UI {
				return app.Span().Class("cpt-meta", "cpt-seen").Text(ct(c.lang).Seen)
			}),
		)
}

// renderNotice draws the latest error in words, announced at once.
func (c *Chat) renderNotice() app.UI {
	if c.notice == noNotice {
		return app.Div().Class("cpt-notice-slot").Attr("role", "alert")
	}
	return app.Div().Class("cpt-notice-slot").Attr("role", "alert").Body(
		app.P().Class("cpt-notice").Text(Tf(c.lang, c.notice, c.noticeName)),
	)
}

// ClockTime is when a message was stored, as the shopper reads it: the time
// of day today, with the date before that (24-hour clock, day/month, which
// all five languages read).
func ClockTime(at, now time.Time) string {
	y1, m1, d1 := at.Date()
	y2, m2, d2 := now.In(at.Location()).Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return at.Format("15:04")
	}
	if y1 == y2 {
		return at.Format("02/01 15:04")
	}
	return at.Format("02/01/2006 15:04")
}
