package ui

import (
	"slices"
	"strconv"
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// InboxPane is the list of conversations: the search box, the view tabs
// with their counts, the status and site filters, then the rows, or the
// search results while the box holds a query. Each row is a button, so the
// list is reachable and usable by keyboard (and by j/k, shortcuts.go).
type InboxPane struct {
	app.Compo

	Lang     Lang
	Now      time.Time
	Rows     []wire.Conversation
	Loaded   bool
	Me       Viewer
	Filter   InboxFilter
	Selected string
	// Cursor is the row j/k moved to.
	Cursor   string
	OnFilter func(ctx app.Context, f InboxFilter)
	OnSelect func(ctx app.Context, id string)

	// Query is the search box's text; Searching is set until the results
	// for it arrived (of SearchAsked).
	Query         string
	Searching     bool
	SearchAsked   string
	Results       []wire.SearchResult
	Indexing      bool
	SearchError   string
	OnQuery       func(ctx app.Context, q string)
	OnClearSearch func(ctx app.Context)
	OnHelp        func(ctx app.Context)
}

// Render draws the pane.
func (p *InboxPane) Render() app.UI {
	return app.Nav().Class("inbox").Aria("label", p.Lang.T(KConversations)).Body(
		app.Div().Class("inbox-head").Body(
			app.H2().Class("inbox-title").Text(p.Lang.T(KConversations)),
			app.Button().ID("help-open").Class("ghost", "help-button").
				Aria("label", p.Lang.T(KShortcutsTitle)).Title("%s (?)", p.Lang.T(KShortcutsTitle)).
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, p.OnHelp) }).
				Text("?"),
		),
		p.renderSearchBox(),
		app.If(p.Query != "", func() app.UI { return p.renderResults() }).
			Else(func() app.UI {
				return app.Div().Class("inbox-list").Body(
					p.renderViews(),
					p.renderFilters(),
					p.renderBody(),
				)
			}),
	)
}

func (p *InboxPane) renderSearchBox() app.UI {
	return app.Div().Class("search").Role("search").Body(
		app.Input().ID("inbox-search").Class("search-input").Type("search").
			Aria("label", p.Lang.T(KSearch)).
			Placeholder(p.Lang.T(KSearchPlaceholder)).
			Attr("maxlength", wire.MaxSearchQuery).
			Attr("autocomplete", "off").
			Value(p.Query).
			OnInput(func(ctx app.Context, e app.Event) {
				if p.OnQuery != nil {
					p.OnQuery(ctx, ctx.JSSrc().Get("value").String())
				}
			}).
			OnKeyDown(func(ctx app.Context, e app.Event) {
				switch e.Get("key").String() {
				case "Escape":
					// Out of the box, back to the list: Escape twice
					// never leaves the agent stuck in a field.
					call(ctx, p.OnClearSearch)
					ctx.JSSrc().Call("blur")
				case "ArrowDown", "Enter":
					if len(p.Results) > 0 && p.Query != "" {
						e.PreventDefault()
						focusRow(p.Results[0].Conversation.ID)
					}
				default:
					ctx.PreventUpdate()
				}
			}),
		app.If(p.Query != "", func() app.UI {
			return app.Button().Class("ghost", "search-clear").Aria("label", p.Lang.T(KClearSearch)).
				OnClick(func(ctx app.Context, e app.Event) {
					call(ctx, p.OnClearSearch)
					ctx.Defer(func(app.Context) { focusElement("inbox-search") })
				}).
				Text("×")
		}),
	)
}

func (p *InboxPane) renderViews() app.UI {
	counts := p.Filter.ViewCounts(p.Rows, p.Me)
	current := p.Filter.view()
	names := map[string]Key{ViewAll: KViewAll, ViewMine: KViewMine, ViewUnassigned: KViewUnassigned, ViewTeam: KViewTeam}
	views := Views
	if len(p.Me.Teams) == 0 && current != ViewTeam {
		views = slices.DeleteFunc(slices.Clone(Views), func(v string) bool { return v == ViewTeam })
	}
	return app.Div().Class("segmented", "views").Role("group").Aria("label", p.Lang.T(KViews)).Body(
		app.Range(views).Slice(func(i int) app.UI {
			v := views[i]
			return app.Button().ID("view-%s", v).Class("segment").
				Aria("pressed", current == v).
				OnClick(func(ctx app.Context, e app.Event) {
					f := p.Filter
					f.View = v
					p.setFilter(ctx, f)
				}).
				Body(
					app.Span().Text(p.Lang.T(names[v])),
					app.Span().Class("count").Text(strconv.Itoa(counts[v])),
				)
		}),
	)
}

func (p *InboxPane) setFilter(ctx app.Context, f InboxFilter) {
	if p.OnFilter != nil {
		p.OnFilter(ctx, f)
	}
}

func (p *InboxPane) renderFilters() app.UI {
	status := p.Filter.status()
	statusNames := map[string]Key{
		StatusActive: KStatusActive, StatusOpen: KStatusOpen, StatusPending: KStatusPending,
		StatusAwaiting: KStatusAwaiting, StatusResolved: KStatusResolved, StatusAny: KStatusAny,
	}
	sites := SitesIn(p.Rows)
	labels, reasons := LabelsIn(p.Rows), ReasonsIn(p.Rows)
	return app.Div().Class("filters").Role("group").Aria("label", p.Lang.T(KFilters)).Body(
		app.Select().ID("filter-status").Aria("label", p.Lang.T(KStatusFilter)).
			OnChange(func(ctx app.Context, e app.Event) {
				f := p.Filter
				f.Status = ctx.JSSrc().Get("value").String()
				p.setFilter(ctx, f)
			}).
			Body(app.Range(Statuses).Slice(func(i int) app.UI {
				s := Statuses[i]
				return app.Option().Value(s).Selected(s == status).Text(p.Lang.T(statusNames[s]))
			})),
		app.If(len(sites) > 1 || p.Filter.Site != "", func() app.UI {
			return app.Select().ID("filter-site").Aria("label", p.Lang.T(KSiteFilter)).
				OnChange(func(ctx app.Context, e app.Event) {
					f := p.Filter
					f.Site = ctx.JSSrc().Get("value").String()
					p.setFilter(ctx, f)
				}).
				Body(
					app.Option().Value("").Selected(p.Filter.Site == "").Text(p.Lang.T(KAllSites)),
					app.Range(sites).Slice(func(i int) app.UI {
						s := sites[i]
						return app.Option().Value(s.ID).Selected(s.ID == p.Filter.Site).Text(s.Name)
					}),
				)
		}),
		app.If(len(labels) > 0 || p.Filter.Label != "", func() app.UI {
			return p.choice("filter-label", KLabelFilter, KAnyLabel, labels, p.Filter.Label, func(f *InboxFilter, v string) { f.Label = v },
				func(v string) string { return v })
		}),
		app.If(len(reasons) > 0 || p.Filter.Reason != "", func() app.UI {
			return p.choice("filter-reason", KReasonFilter, KAnyReason, reasons, p.Filter.Reason, func(f *InboxFilter, v string) { f.Reason = v },
				func(v string) string { return ReasonLabel(p.Lang, v) })
		}),
	)
}

// choice is a filter menu: "any" first, then values (named by name), the
// current one selected; set stores the choice in the filter.
func (p *InboxPane) choice(id string, label, anyText Key, values []string, current string, set func(*InboxFilter, string), name func(string) string) app.UI {
	if current != "" && !slices.Contains(values, current) {
		values = append([]string{current}, values...)
	}
	return app.Select().ID(id).Aria("label", p.Lang.T(label)).
		OnChange(func(ctx app.Context, e app.Event) {
			f := p.Filter
			set(&f, ctx.JSSrc().Get("value").String())
			p.setFilter(ctx, f)
		}).
		Body(
			app.Option().Value("").Selected(current == "").Text(p.Lang.T(anyText)),
			app.Range(values).Slice(func(i int) app.UI {
				return app.Option().Value(values[i]).Selected(values[i] == current).Text(name(values[i]))
			}),
		)
}

func (p *InboxPane) renderBody() app.UI {
	rows := p.Filter.Apply(p.Rows, p.Me)
	switch {
	case !p.Loaded:
		return app.P().Class("inbox-state").Aria("live", "polite").Text(p.Lang.T(KLoading))
	case len(p.Rows) == 0:
		return app.P().Class("inbox-state", "inbox-empty").Text(p.Lang.T(KEmptyInbox))
	case len(rows) == 0:
		return app.Div().Class("inbox-state", "inbox-nomatch").Body(
			app.P().Text(p.Lang.T(KNoMatch)),
			app.Button().Class("link").
				OnClick(func(ctx app.Context, e app.Event) { p.setFilter(ctx, InboxFilter{Status: StatusAny}) }).
				Text(p.Lang.T(KShowAll)),
		)
	}
	return app.Ul().Class("rows").Body(
		app.Range(rows).Slice(func(i int) app.UI {
			return p.renderRow("row-", rows[i], nil)
		}),
	)
}

// renderResults draws the search results, with a status line that screen
// readers announce (searching, how many, none).
func (p *InboxPane) renderResults() app.UI {
	var status string
	switch {
	case p.Searching:
		status = p.Lang.T(KSearching)
	case p.SearchError != "":
		status = p.SearchError
	case len(p.Results) == 0:
		status = p.Lang.F(KSearchNone, p.SearchAsked)
	default:
		status = p.Lang.F(KSearchCount, len(p.Results), p.SearchAsked)
	}
	return app.Section().Class("results").Aria("label", p.Lang.T(KSearchResults)).Aria("busy", p.Searching).Body(
		app.P().ID("search-status").Class("inbox-state", "search-status").Role("status").Aria("live", "polite").Text(status),
		app.If(p.Indexing && !p.Searching, func() app.UI {
			return app.P().Class("muted", "search-note").Text(p.Lang.T(KSearchIndexing))
		}),
		app.If(!p.Searching && len(p.Results) > 0, func() app.UI {
			return app.Ul().Class("rows").Body(
				app.Range(p.Results).Slice(func(i int) app.UI {
					r := p.Results[i]
					return p.renderRow("result-", r.Conversation, &r)
				}),
			)
		}),
	)
}

// renderRow draws one conversation as a button; a search result also shows
// the passage that matched, the searched words marked (as text, never as
// markup: it is what shoppers typed).
func (p *InboxPane) renderRow(prefix string, c wire.Conversation, hit *wire.SearchResult) app.UI {
	id := c.ID
	selected := id == p.Selected
	class := "row"
	if selected {
		class += " row-selected"
	}
	if id == p.Cursor {
		class += " row-cursor"
	}
	if c.Unread > 0 {
		class += " row-unread"
	}
	at := Millis(c.UpdatedAt)
	return app.Li().Body(
		app.Button().ID("%s%s", prefix, id).Class(class).
			Aria("current", selected).
			DataSet("conv", id).
			// Scoped by id: rows move as conversations change, and go-app
			// would otherwise keep the handler (and id) of the row that
			// was at this place before.
			OnClick(func(ctx app.Context, e app.Event) {
				if p.OnSelect != nil {
					p.OnSelect(ctx, id)
				}
			}, app.EventScope(id)).
			Body(
				app.Span().Class("row-top").Body(
					app.Span().Class("row-name").Text(VisitorLabel(p.Lang, c)),
					app.Time().Class("row-time").
						DateTime("%s", at.UTC().Format(time.RFC3339)).
						Title("%s", at.Local().Format("2006-01-02 15:04")).
						Text(RelTime(p.Lang, p.Now, at)),
				),
				app.If(hit != nil, func() app.UI { return renderSnippet(p.Lang, hit) }).
					Else(func() app.UI {
						return app.Span().Class("row-bottom").Body(
							app.Span().Class("row-preview").Text(c.Preview),
							app.If(c.Status != wire.StatusOpen, func() app.UI {
								return app.Span().Class("status", "status-"+c.Status).Text(statusLabel(p.Lang, c.Status))
							}),
							promiseBadge(p.Lang, p.Now, c),
							app.If(c.Escalated, func() app.UI { // routing_bar.go
								return app.Span().Class("badge", "badge-escalated").Text(p.Lang.T(KEscalated))
							}),
							app.If(c.Unread > 0, func() app.UI {
								return app.Span().Class("badge").
									Aria("label", p.Lang.F(KUnread, c.Unread)).
									Text(c.Unread)
							}),
						)
					}),
				app.If(c.SiteName != "", func() app.UI {
					return app.Span().Class("row-site").Text(c.SiteName)
				}),
			),
	)
}

// renderSnippet draws a search result's passage.
func renderSnippet(l Lang, r *wire.SearchResult) app.UI {
	parts := r.Snippet
	return app.Span().Class("row-bottom").Body(
		app.Span().Class("row-snippet").Body(
			app.If(r.Match == wire.MatchContact, func() app.UI {
				return app.Span().Class("snippet-kind").Text(l.T(KMatchContact) + " · ")
			}),
			app.Range(parts).Slice(func(i int) app.UI {
				if parts[i].Match {
					return app.Mark().Text(parts[i].Text)
				}
				return app.Span().Text(parts[i].Text)
			}),
		),
		app.If(r.Conversation.Status != wire.StatusOpen, func() app.UI {
			return app.Span().Class("status", "status-"+r.Conversation.Status).Text(statusLabel(l, r.Conversation.Status))
		}),
	)
}

// statusLabel names a conversation status in the UI language.
func statusLabel(l Lang, status string) string {
	switch status {
	case wire.StatusResolved:
		return l.T(KStatusResolved)
	case wire.StatusPending:
		return l.T(KStatusPending)
	case wire.StatusAwaiting:
		return l.T(KStatusAwaiting)
	default:
		return l.T(KStatusOpen)
	}
}
