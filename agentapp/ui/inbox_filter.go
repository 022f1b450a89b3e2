package ui

import (
	"slices"
	"sort"

	"github.com/comptoir/comptoir/wire"
)

// Views of the inbox: whose conversations the list shows.
const (
	ViewAll        = wire.ViewAll
	ViewMine       = wire.ViewMine
	ViewUnassigned = wire.ViewUnassigned
	ViewTeam       = wire.ViewTeam
)

// Status choices of the inbox filter. StatusActive (open and pending, the
// work still to do) is the default; the others are one status, or any.
const (
	StatusActive   = "active"
	StatusAny      = "any"
	StatusOpen     = wire.StatusOpen
	StatusPending  = wire.StatusPending
	StatusAwaiting = wire.StatusAwaiting
	StatusResolved = wire.StatusResolved
)

// InboxFilter is what the agent chose to see. The zero value is the
// default: every conversation still to do, of every site.
type InboxFilter struct {
	// View is ViewAll (""), ViewMine or ViewUnassigned.
	View string
	// Status is StatusActive (""), StatusAny or one status.
	Status string
	// Site is a site id, "" for every site.
	Site string
	// Label and Reason keep the conversations with that label or that
	// complaint reason; "" for any.
	Label  string
	Reason string
}

// Viewer is the agent the views are for: "mine" is what is assigned to
// ID, "team" what is routed to one of Teams.
type Viewer struct {
	ID    string
	Teams map[string]bool
}

// Views lists the views in the order of their tabs (the team tab shows
// only for members of a team).
var Views = []string{ViewAll, ViewMine, ViewUnassigned, ViewTeam}

// Statuses lists the status choices in the order of the menu.
var Statuses = []string{StatusActive, StatusOpen, StatusPending, StatusAwaiting, StatusResolved, StatusAny}

func (f InboxFilter) view() string {
	if f.View == "" {
		return ViewAll
	}
	return f.View
}

func (f InboxFilter) status() string {
	if f.Status == "" {
		return StatusActive
	}
	return f.Status
}

// InView says whether c belongs to view for the agent me.
func InView(c wire.Conversation, view string, me Viewer) bool {
	switch view {
	case ViewMine:
		return c.Assignee != "" && c.Assignee == me.ID
	case ViewUnassigned:
		return c.Assignee == ""
	case ViewTeam:
		return c.Team != "" && me.Teams[c.Team]
	default:
		return true
	}
}

// matchesStatus says whether c passes the status choice.
func matchesStatus(c wire.Conversation, status string) bool {
	switch status {
	case StatusAny:
		return true
	case StatusActive, "":
		return c.Status != wire.StatusResolved
	default:
		return c.Status == status
	}
}

// matchesOthers says whether c passes every part of f but the view.
func (f InboxFilter) matchesOthers(c wire.Conversation) bool {
	return matchesStatus(c, f.status()) && (f.Site == "" || c.Site == f.Site) &&
		(f.Label == "" || slices.Contains(c.Labels, f.Label)) && (f.Reason == "" || c.Reason == f.Reason)
}

// Match says whether c is shown under f for the agent me.
func (f InboxFilter) Match(c wire.Conversation, me Viewer) bool {
	return f.matchesOthers(c) && InView(c, f.view(), me)
}

// Apply keeps the rows shown under f, in their order.
func (f InboxFilter) Apply(rows []wire.Conversation, me Viewer) []wire.Conversation {
	var out []wire.Conversation
	for _, c := range rows {
		if f.Match(c, me) {
			out = append(out, c)
		}
	}
	return out
}

// ViewCounts counts, for each view, the rows it would show with the other
// choices of f unchanged: the numbers on the view tabs.
func (f InboxFilter) ViewCounts(rows []wire.Conversation, me Viewer) map[string]int {
	counts := make(map[string]int, len(Views))
	for _, c := range rows {
		if !f.matchesOthers(c) {
			continue
		}
		for _, v := range Views {
			if InView(c, v, me) {
				counts[v]++
			}
		}
	}
	return counts
}

// LabelsIn and ReasonsIn list the labels and the complaint reasons the
// rows carry, sorted: the choices of the label and reason filters.
func LabelsIn(rows []wire.Conversation) []string {
	var out []string
	for _, c := range rows {
		out = append(out, c.Labels...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ReasonsIn: see LabelsIn.
func ReasonsIn(rows []wire.Conversation) []string {
	var out []string
	for _, c := range rows {
		if c.Reason != "" {
			out = append(out, c.Reason)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// SiteRef is a site the agent has conversations of, for the site filter.
type SiteRef struct {
	ID   string
	Name string
}

// SitesIn lists the sites of rows, by name. The site filter shows only
// when there are two or more.
func SitesIn(rows []wire.Conversation) []SiteRef {
	seen := map[string]bool{}
	var out []SiteRef
	for _, c := range rows {
		if c.Site == "" || seen[c.Site] {
			continue
		}
		seen[c.Site] = true
		name := c.SiteName
		if name == "" {
			name = "#" + c.Site
		}
		out = append(out, SiteRef{ID: c.Site, Name: name})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// MoveCursor returns the id delta rows away from cur in ids (the list on
// screen), staying at the ends; from no cursor (or one no longer listed),
// down starts at the first row and up at the last.
func MoveCursor(ids []string, cur string, delta int) string {
	if len(ids) == 0 {
		return ""
	}
	at := -1
	for i, id := range ids {
		if id == cur {
			at = i
			break
		}
	}
	switch {
	case at < 0 && delta > 0:
		return ids[0]
	case at < 0:
		return ids[len(ids)-1]
	}
	return ids[min(max(at+delta, 0), len(ids)-1)]
}
