package ui

import (
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The desk's side of canned replies: one copy of each site's library,
// fetched when a conversation of that site is first opened, fetched again
// when it is older than cannedFresh or when an admin changed it here.

// cannedFresh is how long a site's library is used without asking again;
// edits made in this app refresh it at once.
const cannedFresh = 5 * time.Minute

// cannedLib is one site's library as the desk holds it.
type cannedLib struct {
	replies  []wire.CannedReply
	loadedAt time.Time
	loading  bool
}

// cannedFor returns the library of site, nil until it has loaded.
func (d *Desk) cannedFor(site string) []wire.CannedReply {
	if lib := d.canned[site]; lib != nil {
		return lib.replies
	}
	return nil
}

// loadCanned fetches site's library unless a fresh copy is held (or force)
// or a fetch is under way. A failed fetch keeps the old copy: the list is
// a convenience, never in the way of answering.
func (d *Desk) loadCanned(site string, force bool) {
	if site == "" {
		return
	}
	if d.canned == nil {
		d.canned = make(map[string]*cannedLib)
	}
	lib := d.canned[site]
	if lib == nil {
		lib = &cannedLib{}
		d.canned[site] = lib
	}
	if lib.loading || !force && !lib.loadedAt.IsZero() && time.Since(lib.loadedAt) < cannedFresh {
		return
	}
	lib.loading = true
	var list wire.CannedList
	d.rest.call("GET", "/sites/"+site+"/canned", nil, &list, func(status int, err *wire.Error) {
		d.ctx.Dispatch(func(app.Context) {
			lib.loading = false
			if err != nil || status != 200 {
				return
			}
			lib.replies, lib.loadedAt = list.Replies, time.Now()
		})
	})
}

// cannedChanged is called by the admin panel after a change to site's
// library: fetch it again if the desk holds it.
func (d *Desk) cannedChanged(site string) {
	if _, held := d.canned[site]; held {
		d.loadCanned(site, true)
	}
}

// cannedButton is the header's way to the admins' panel; nil (no button)
// for other agents, who may read the library but not change it.
func (d *Desk) cannedButton() func(app.Context) {
	if d.session.Agent.Role != wire.RoleAdmin {
		return nil
	}
	return func(app.Context) { d.cannedOpen = true }
}
