package ui

import (
	"github.com/comptoir/comptoir/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Parts of the conversation pane drawn for the conversation tools.

// typingText is the indicator's text ("" when nobody types).
func typingText(l Lang, who string) string {
	if who == "" {
		return ""
	}
	return l.F(KTypingWho, who)
}

// lastAgentReply is the seq of the newest agent message the shopper can
// see (not a note): the one that carries the receipt.
func lastAgentReply(ms []wire.Message) uint64 {
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].Author.Kind == wire.AuthorAgent && !ms[i].Private {
			return ms[i].Seq
		}
	}
	return 0
}

// renderReceipt says whether the shopper has seen an agent's message, or
// only that it was delivered (stored and sent to the shopper's tabs).
func (p *ConversationPane) renderReceipt(m wire.Message) app.UI {
	if p.Conv.ReadByVisitor >= m.Seq {
		return app.Span().Class("receipt", "receipt-seen").Text(p.Lang.T(KSeen))
	}
	return app.Span().Class("receipt").Text(p.Lang.T(KDelivered))
}

// renderConfirmAction is the head's "Ask to confirm" button while the
// conversation is open, and how it was closed once resolved.
func (p *ConversationPane) renderConfirmAction() app.UI {
	c := p.Conv
	switch {
	case c.Status == wire.StatusOpen || c.Status == wire.StatusPending:
		return app.Button().ID("propose").Class("secondary").Title(p.Lang.T(KProposeHint)).
			OnClick(func(ctx app.Context, e app.Event) {
				if p.OnStatus != nil {
					p.OnStatus(ctx, wire.StatusAwaiting)
				}
			}).
			Text(p.Lang.T(KPropose))
	case c.Status == wire.StatusResolved && c.Resolution == wire.ResolutionConfirmed:
		return app.Span().Class("muted", "resolution").Text(p.Lang.T(KConfirmed))
	case c.Status == wire.StatusResolved && c.Resolution == wire.ResolutionUnconfirmed:
		return app.Span().Class("muted", "resolution").Text(p.Lang.T(KUnconfirmed))
	}
	return nil
}
