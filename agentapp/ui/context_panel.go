package ui

import (
	"net/url"
	"sort"
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ContextPanel shows what the agent needs to answer well: the product the
// shopper is looking at, who they are, and the pages they went through.
// Everything in it came from the shop page or the shopper, so it is text or
// an attribute, and links are only followed when they are http(s).
type ContextPanel struct {
	app.Compo

	Lang Lang
	Now  time.Time
	Conv wire.Conversation
	// History is the contact's other conversations (contact_history.go).
	History      []wire.Conversation
	HistoryState historyState
	OnOpen       func(ctx app.Context, id string)
	// Tools is the conversation tools' card (convo_panel.go), shown first.
	Tools app.UI
}

// Render draws the panel.
func (c *ContextPanel) Render() app.UI {
	conv := c.Conv
	return app.Aside().Class("context").Aria("label", c.Lang.T(KContext)).Body(
		c.Tools,
		c.renderProduct(conv.Product),
		c.renderVisitor(conv),
		c.renderHistory(),
		app.If(len(conv.Pages) > 0, func() app.UI {
			return app.Section().Class("card").Body(
				app.H2().Text(c.Lang.T(KPagesSeen)),
				app.Ol().Class("pages").Body(
					app.Range(conv.Pages).Slice(func(i int) app.UI {
						// Newest first: the page they are on now is what matters.
						pg := conv.Pages[len(conv.Pages)-1-i]
						title := pg.Title
						if title == "" {
							title = pg.URL
						}
						return app.Li().Body(linkOrText(pg.URL, title))
					}),
				),
			)
		}),
	)
}

func (c *ContextPanel) renderProduct(p *wire.Product) app.UI {
	if p == nil || (p.Name == "" && p.SKU == "" && p.URL == "") {
		return nil
	}
	price := p.Price
	if price != "" && p.Currency != "" {
		price += " " + p.Currency
	}
	return app.Section().Class("card", "product").Body(
		app.H2().Text(c.Lang.T(KProduct)),
		app.If(safeURL(p.Image) != "", func() app.UI {
			return app.Img().Class("product-image").Src("%s", safeURL(p.Image)).
				Alt("%s", p.Name).Loading("lazy").Attr("referrerpolicy", "no-referrer")
		}),
		app.P().Class("product-name").Text(p.Name),
		app.If(price != "", func() app.UI {
			return app.P().Class("product-price").Text(price)
		}),
		app.If(p.SKU != "", func() app.UI {
			return app.P().Class("muted").Text(c.Lang.T(KSKU) + " " + p.SKU)
		}),
		app.If(safeURL(p.URL) != "", func() app.UI {
			return app.A().Href("%s", safeURL(p.URL)).Target("_blank").Rel("noopener noreferrer").
				Text(c.Lang.T(KViewProduct))
		}),
	)
}

func (c *ContextPanel) renderVisitor(conv wire.Conversation) app.UI {
	v := conv.Visitor
	if v == nil {
		return nil
	}
	keys := make([]string, 0, len(v.Attributes))
	for k := range v.Attributes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return app.Section().Class("card", "visitor").Body(
		app.H2().Text(c.Lang.T(KVisitor)),
		app.P().Class("visitor-name").Text(VisitorLabel(c.Lang, conv)),
		app.If(v.Verified, func() app.UI {
			return app.P().Class("verified").Text("✓ " + c.Lang.T(KVerified))
		}).ElseIf(v.Name != "" || v.Email != "", func() app.UI {
			return app.P().Class("unverified", "muted").Text(c.Lang.T(KUnverified))
		}),
		app.If(v.Email != "", func() app.UI {
			return app.P().Body(app.A().Href("mailto:%s", v.Email).Text(v.Email))
		}),
		app.If(len(keys) > 0, func() app.UI {
			return app.Dl().Class("attributes").Body(
				app.Range(keys).Slice(func(i int) app.UI {
					return app.Div().Body(
						app.Dt().Text(keys[i]),
						app.Dd().Text(v.Attributes[keys[i]]),
					)
				}),
			)
		}),
	)
}

// safeURL returns u when it is an absolute http(s) URL, else "": a shop page
// could carry a javascript: URL, which must never become a link here.
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

// linkOrText is a new-tab link to u, or plain text when u is not safe.
func linkOrText(u, text string) app.UI {
	if s := safeURL(u); s != "" {
		return app.A().Href("%s", s).Target("_blank").Rel("noopener noreferrer").Title("%s", s).Text(text)
	}
	return app.Span().Text(text)
}
