package ui

import (
	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// sitePicker is what the settings panels share: the sites the admin
// manages, the one the panel shows (the open conversation's, at first),
// and the select that changes it when there are two or more. Panels embed
// it, so p.site and p.sites are theirs.
type sitePicker struct {
	sites []wire.Site
	site  string
}

// loadSites lists the sites and picks first, or the first listed, then
// calls loaded on the UI goroutine; fail reports a refusal and says
// whether there was one (then loaded is not called).
func (s *sitePicker) loadSites(ctx app.Context, rest *restClient, first string, fail func(int, *wire.Error) bool, loaded func(app.Context)) {
	var list wire.SiteList
	rest.call("GET", "/admin/sites", nil, &list, func(status int, err *wire.Error) {
		ctx.Dispatch(func(ctx app.Context) {
			if fail(status, err) {
				return
			}
			s.sites, s.site = list.Sites, ""
			for _, x := range s.sites {
				if x.ID == first || s.site == "" {
					s.site = x.ID
				}
			}
			loaded(ctx)
		})
	})
}

// renderSites draws the labelled select (nothing for a single site); id
// is the select's, and changed runs once the choice moved.
func (s *sitePicker) renderSites(id, label string, changed func(app.Context)) app.UI {
	if len(s.sites) < 2 {
		return nil
	}
	return app.Div().Class("site-picker").Body(
		app.Label().For(id).Text(label),
		app.Select().ID(id).
			OnChange(func(ctx app.Context, e app.Event) {
				s.site = ctx.JSSrc().Get("value").String()
				changed(ctx)
			}).
			Body(app.Range(s.sites).Slice(func(i int) app.UI {
				x := s.sites[i]
				return app.Option().Value(x.ID).Selected(x.ID == s.site).Text(x.Name)
			})),
	)
}
