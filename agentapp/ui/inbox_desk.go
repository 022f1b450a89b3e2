package ui

import (
	"net/url"
	"slices"
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The desk's side of the inbox screen: filters, search, the keyboard
// cursor, the help dialog and the contacts' history.

// searchDelay is how long typing must pause before the search runs.
const searchDelay = 250 * time.Millisecond

// inboxState is the inbox screen's part of the desk's state.
type inboxState struct {
	filter InboxFilter
	// cursor is the row j/k moved to ("" none).
	cursor   string
	helpOpen bool
	search   searchState
	// history holds each contact's conversations by visitor id, fetched
	// when one of their conversations is opened.
	history    map[string]*contactHistory
	agentsOpen bool
	// teams are the ids of the teams the agent is a member of (the team
	// view), by site as fetched.
	teams map[string]map[string]bool
}

// searchState is the search box and its last answer.
type searchState struct {
	// query is the text in the box; "" shows the inbox.
	query string
	// asked is the query the results answer ("" none yet); pending is set
	// while a request runs.
	asked    string
	pending  bool
	results  []wire.SearchResult
	indexing bool
	err      string
	// seq numbers requests, so a slow answer to an older query is dropped.
	seq int
}

// contactHistory is a contact's conversations, newest first.
type contactHistory struct {
	convs   []wire.Conversation
	loaded  bool
	loading bool
	failed  bool
}

// inboxPane builds the inbox pane from the desk's state.
func (d *Desk) inboxPane() app.UI {
	s := d.ui.search
	return &InboxPane{
		Lang:     d.lang,
		Now:      d.now,
		Rows:     d.inbox,
		Loaded:   d.inboxLoaded,
		Me:       d.viewer(),
		Filter:   d.ui.filter,
		Selected: d.selected,
		Cursor:   d.ui.cursor,
		OnFilter: func(ctx app.Context, f InboxFilter) {
			d.ui.filter = f
			d.ui.cursor = ""
		},
		OnSelect: d.openConversation,

		Query:         s.query,
		Searching:     s.query != "" && (s.pending || s.asked != s.query),
		SearchAsked:   s.asked,
		Results:       s.results,
		Indexing:      s.indexing,
		SearchError:   s.err,
		OnQuery:       d.setQuery,
		OnClearSearch: d.clearSearch,
		OnHelp:        func(ctx app.Context) { d.toggleHelp(ctx) },
	}
}

// listedIDs are the conversations listed on screen, in order: the search
// results while searching, else the filtered inbox.
func (d *Desk) listedIDs() []string {
	var ids []string
	if d.ui.search.query != "" {
		for _, r := range d.ui.search.results {
			ids = append(ids, r.Conversation.ID)
		}
		return ids
	}
	for _, c := range d.ui.filter.Apply(d.inbox, d.viewer()) {
		ids = append(ids, c.ID)
	}
	return ids
}

// openConversation opens id from the list, a search result or a contact's
// history. A conversation the inbox does not hold (an old one) joins it
// from what the result or the history carried.
func (d *Desk) openConversation(ctx app.Context, id string) {
	if _, held := FindConversation(d.inbox, id); !held {
		if c, ok := d.knownConversation(id); ok {
			d.inbox = MergeConversation(d.inbox, c)
		}
	}
	d.ui.cursor = id
	d.selectConversation(ctx, id)
}

// knownConversation finds id among the search results and histories.
func (d *Desk) knownConversation(id string) (wire.Conversation, bool) {
	for _, r := range d.ui.search.results {
		if r.Conversation.ID == id {
			return r.Conversation, true
		}
	}
	for _, h := range d.ui.history {
		if c, ok := FindConversation(h.convs, id); ok {
			return c, true
		}
	}
	return wire.Conversation{}, false
}

// setQuery follows the search box: the search runs once typing pauses.
func (d *Desk) setQuery(ctx app.Context, q string) {
	d.ui.search.query = q
	d.ui.cursor = ""
	if q == "" {
		d.ui.search = searchState{seq: d.ui.search.seq}
		return
	}
	ctx.After(searchDelay, func(ctx app.Context) {
		ctx.Dispatch(func(ctx app.Context) {
			if d.ui.search.query == q && d.ui.search.asked != q {
				d.runSearch(q)
			}
		})
	})
}

// runSearch asks the server; the answer replaces the results if it is
// still the latest question.
func (d *Desk) runSearch(q string) {
	d.ui.search.seq++
	seq := d.ui.search.seq
	d.ui.search.pending = true
	path := "/search?q=" + url.QueryEscape(q)
	if d.ui.filter.Site != "" {
		path += "&site=" + url.QueryEscape(d.ui.filter.Site)
	}
	var res wire.SearchResults
	d.rest.call("GET", path, nil, &res, func(status int, err *wire.Error) {
		d.ctx.Dispatch(func(app.Context) {
			if d.ui.search.seq != seq {
				return
			}
			s := &d.ui.search
			s.pending, s.asked = false, q
			switch {
			case err != nil:
				s.results, s.err = nil, err.Message
			case status == 0:
				s.results, s.err = nil, d.lang.T(KNetworkError)
			default:
				s.results, s.indexing, s.err = res.Results, res.Indexing, ""
			}
		})
	})
}

// clearSearch empties the box and shows the inbox again.
func (d *Desk) clearSearch(ctx app.Context) {
	d.ui.search = searchState{seq: d.ui.search.seq + 1}
	d.ui.cursor = ""
	ctx.Defer(func(app.Context) {
		if e := app.Window().GetElementByID("inbox-search"); e.Truthy() {
			e.Set("value", "")
		}
	})
}

// loadHistory fetches the contact's conversations for the context panel,
// each time one of their conversations is opened (it may have changed).
func (d *Desk) loadHistory(c wire.Conversation) {
	if c.Visitor == nil || c.Visitor.ID == "" {
		return
	}
	vid := c.Visitor.ID
	if d.ui.history == nil {
		d.ui.history = make(map[string]*contactHistory)
	}
	h := d.ui.history[vid]
	if h == nil {
		h = &contactHistory{}
		d.ui.history[vid] = h
	}
	if h.loading {
		return
	}
	h.loading = true
	var list wire.ConversationList
	d.rest.call("GET", "/contacts/"+url.PathEscape(vid)+"/conversations", nil, &list, func(status int, err *wire.Error) {
		d.ctx.Dispatch(func(app.Context) {
			h.loading = false
			if err != nil || status != 200 {
				h.failed = !h.loaded
				return
			}
			h.convs, h.loaded, h.failed = list.Conversations, true, false
		})
	})
}

// historyOf returns the contact's other conversations than c, and whether
// the list is known yet.
func (d *Desk) historyOf(c wire.Conversation) (others []wire.Conversation, state historyState) {
	if c.Visitor == nil {
		return nil, historyLoaded
	}
	h := d.ui.history[c.Visitor.ID]
	switch {
	case h == nil || (!h.loaded && !h.failed):
		return nil, historyLoading
	case !h.loaded:
		return nil, historyFailed
	}
	for _, o := range h.convs {
		if o.ID != c.ID {
			others = append(others, o)
		}
	}
	return others, historyLoaded
}

// historyState is where the contact's history stands.
type historyState int

const (
	historyLoading historyState = iota
	historyLoaded
	historyFailed
)

// signedOutInbox forgets the inbox screen's state with the session.
func (d *Desk) signedOutInbox() {
	d.ui = inboxState{}
}

// viewer is the signed-in agent as the views see them.
func (d *Desk) viewer() Viewer {
	v := Viewer{ID: d.session.Agent.ID, Teams: map[string]bool{}}
	for _, site := range d.ui.teams {
		for id := range site {
			v.Teams[id] = true
		}
	}
	return v
}

// loadTeams fetches, once per site, the site's teams to know which ones the
// agent is a member of. A failure leaves the team view out: a convenience.
func (d *Desk) loadTeams() {
	if d.ui.teams == nil {
		d.ui.teams = make(map[string]map[string]bool)
	}
	me := d.session.Agent.ID
	for _, s := range SitesIn(d.inbox) {
		site := s.ID
		if _, asked := d.ui.teams[site]; asked {
			continue
		}
		d.ui.teams[site] = map[string]bool{}
		var list wire.TeamList
		d.rest.call("GET", "/sites/"+url.PathEscape(site)+"/teams", nil, &list, func(status int, err *wire.Error) {
			d.ctx.Dispatch(func(app.Context) {
				if err != nil || status != 200 || d.ui.teams == nil {
					return
				}
				mine := map[string]bool{}
				for _, t := range list.Teams {
					if slices.Contains(t.Members, me) {
						mine[t.ID] = true
					}
				}
				d.ui.teams[site] = mine
			})
		})
	}
}
