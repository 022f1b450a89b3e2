package chat

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// The conversation tools (docs/agents.md): private notes, labels, complaint
// reasons, follow-up promises, resolution confirmed by the shopper, and the
// automatic acknowledgement.

var errWrongStatus = &wire.Error{Code: wire.CodeWrongStatus, Message: "the conversation is no longer in a state that allows this (answered or closed meanwhile?)"}

// DefaultConfirmHours is how long a proposed solution waits for the
// shopper's answer when the site sets nothing.
const DefaultConfirmHours = 24

// MaxConfirmHours bounds a site's ConfirmHours (30 days).
const MaxConfirmHours = 720

// visibleSeq is the newest seq the shopper may see.
func visibleSeq(c store.Conversation) uint64 {
	if c.PublicSeq == 0 {
		return c.LastSeq
	}
	return c.PublicSeq
}

// visibleTo drops private notes from what a shopper's connection replays.
func visibleTo(c *conn, msgs []store.Message) []store.Message {
	if !c.visitor {
		return msgs
	}
	return slices.DeleteFunc(msgs, func(m store.Message) bool { return m.Private })
}

// PromiseView is a promise as clients see it.
func PromiseView(p *store.Promise) *wire.Promise {
	if p == nil {
		return nil
	}
	w := &wire.Promise{What: p.What, Due: p.Due.UnixMilli(), Channel: p.Channel, By: p.AgentName, At: p.At.UnixMilli()}
	if !p.DoneAt.IsZero() {
		w.DoneAt = p.DoneAt.UnixMilli()
	}
	return w
}

// publishToVisitor tells the shopper's tabs that their conversation's
// status or promise changed (a conversation frame with the visitor's view).
func (s *Service) publishToVisitor(c store.Conversation) {
	data, err := json.Marshal(wire.Frame{Type: wire.TypeConversation, Conversations: []wire.Conversation{ConversationForVisitor(c)}})
	if err != nil {
		s.log.Error("encode conversation", "err", err)
		return
	}
	s.hub.Publish(hub.VisitorTopic(c.VisitorID), hub.Event{Conv: c.ID, Summary: true, Data: data})
}

// changed publishes a conversation an agent changed to both sides.
func (s *Service) changed(c store.Conversation, err error) (store.Conversation, error) {
	c, err = s.changedForAgents(c, err)
	if err == nil {
		s.publishToVisitor(c)
	}
	return c, err
}

// changedForAgents publishes a change shoppers do not see (labels, reason).
func (s *Service) changedForAgents(c store.Conversation, err error) (store.Conversation, error) {
	if err != nil {
		return c, s.storeError(err)
	}
	s.publishConversation(c)
	return c, nil
}

// propose asks the shopper of cv to confirm agent's solution; unanswered,
// it closes after the site's ConfirmHours.
func (s *Service) propose(agent store.Agent, cv store.Conversation) (store.Conversation, error) {
	site, err := s.db.Site(cv.SiteID)
	if err != nil {
		return cv, err
	}
	hours := site.ConfirmHours
	if hours <= 0 {
		hours = DefaultConfirmHours
	}
	return s.db.Propose(cv.ID, agent.ID, time.Duration(hours)*time.Hour)
}

// AnswerProposal applies a shopper's yes or no to "Did this solve your
// problem?": yes resolves the conversation as confirmed with a thank-you
// message, no reopens it for the agent who proposed.
func (s *Service) AnswerProposal(site store.Site, visitorID, conv uint64, yes bool) error {
	if conv == 0 {
		return ErrConversationNotFound
	}
	v, err := s.db.Visitor(visitorID)
	if err != nil {
		return s.storeError(err)
	}
	thanks := ""
	if yes {
		thanks = defaultText(thankYouTexts, visitorLang(site, v))
	}
	// Routing follows once the lock is released: it may publish others.
	defer s.router.StatusChanged(conv)
	defer s.posting.lock(postKey{id: conv})()
	a, err := s.db.AnswerProposal(conv, visitorID, yes, thanks)
	if err != nil {
		return s.storeError(err)
	}
	if a.ThankYou != nil {
		s.publishMessage(site, v, store.Appended{Message: *a.ThankYou, Conversation: a.Conversation})
	}
	s.publishSummary(a.Conversation, site, v)
	s.publishToVisitor(a.Conversation)
	return nil
}

// CloseUnconfirmed resolves, as unconfirmed, the conversations whose
// shopper did not answer a proposal in time (as of the service's clock),
// and tells both sides. It returns how many it closed.
func (s *Service) CloseUnconfirmed() (int, error) {
	total := 0
	for {
		closed, err := s.db.CloseUnconfirmed(s.now())
		if err != nil {
			return total, err
		}
		for _, c := range closed {
			s.router.StatusChanged(c.ID)
			s.publishConversation(c)
			s.publishToVisitor(c)
		}
		total += len(closed)
		if len(closed) == 0 {
			return total, nil
		}
	}
}

// RunAutoClose calls CloseUnconfirmed at once, then at every tick, until
// ctx ends or ticks closes; report (if not nil) gets each pass's outcome.
// Tests feed the ticks and move the injected clock: nothing sleeps.
func (s *Service) RunAutoClose(done <-chan struct{}, ticks <-chan time.Time, report func(int, error)) {
	for {
		n, err := s.CloseUnconfirmed()
		if report != nil {
			report(n, err)
		} else if err != nil {
			s.log.Error("auto-close", "err", err)
		}
		select {
		case <-done:
			return
		case _, ok := <-ticks:
			if !ok {
				return
			}
		}
	}
}

// StartAutoClose runs RunAutoClose every interval in the background. The
// returned stop waits for a pass in progress; call it before closing the
// store.
func (s *Service) StartAutoClose(every time.Duration) (stop func()) {
	ticker := time.NewTicker(every)
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		s.RunAutoClose(done, ticker.C, nil)
	}()
	return func() {
		ticker.Stop()
		close(done)
		<-finished
	}
}

// SetLabels replaces a conversation's labels.
func (s *Service) SetLabels(agent store.Agent, conv uint64, labels []string) (store.Conversation, error) {
	if _, err := s.ConversationFor(agent, conv); err != nil {
		return store.Conversation{}, err
	}
	clean, werr := wire.CleanLabels(labels)
	if werr != nil {
		return store.Conversation{}, werr
	}
	return s.changedForAgents(s.db.SetLabels(conv, clean))
}

// SiteReasons is a site's list of complaint reasons (the default list when
// its admins set none).
func SiteReasons(site store.Site) []string {
	if len(site.Reasons) == 0 {
		return wire.DefaultReasons
	}
	return site.Reasons
}

// SetReason sets a conversation's complaint reason, one of its site's.
func (s *Service) SetReason(agent store.Agent, conv uint64, reason string) (store.Conversation, error) {
	cv, err := s.ConversationFor(agent, conv)
	if err != nil {
		return cv, err
	}
	site, err := s.db.Site(cv.SiteID)
	if err != nil {
		return cv, s.storeError(err)
	}
	if reason != "" && !slices.Contains(SiteReasons(site), reason) {
		return cv, &wire.Error{Code: wire.CodeBadRequest, Message: "unknown reason " + quote(reason) + "; the site's reasons are: " + strings.Join(SiteReasons(site), ", ")}
	}
	return s.changedForAgents(s.db.SetReason(conv, reason))
}

// SetPromise records what agent promised to send, by when and how. The
// shopper sees it in the widget; the agents' app shows it due, then late.
func (s *Service) SetPromise(agent store.Agent, conv uint64, req wire.PromiseRequest) (store.Conversation, error) {
	cv, err := s.ConversationFor(agent, conv)
	if err != nil {
		return cv, err
	}
	what := strings.TrimSpace(req.What)
	due := time.UnixMilli(req.Due).UTC()
	switch {
	case what == "" || utf8.RuneCountInString(what) > wire.MaxPromiseRunes:
		return cv, &wire.Error{Code: wire.CodeBadRequest, Message: "what: say what will be sent, in 1 to 500 characters"}
	case req.Channel != wire.ChannelChat && req.Channel != wire.ChannelEmail:
		return cv, &wire.Error{Code: wire.CodeBadRequest, Message: "channel must be chat or email"}
	case !due.After(s.now()):
		return cv, &wire.Error{Code: wire.CodeBadRequest, Message: "due must be in the future (Unix milliseconds)"}
	case due.After(s.now().AddDate(0, 0, 90)):
		return cv, &wire.Error{Code: wire.CodeBadRequest, Message: "due must be within 90 days"}
	}
	if req.Channel == wire.ChannelEmail {
		if v, _ := s.db.Visitor(cv.VisitorID); v.Email == "" {
			return cv, &wire.Error{Code: wire.CodeBadRequest, Message: "the shopper gave no email address: promise an answer in the chat"}
		}
	}
	return s.changed(s.db.SetPromise(conv, store.Promise{What: what, Due: due, Channel: req.Channel, AgentID: agent.ID, AgentName: agent.Name}))
}

// KeepPromise marks a conversation's promise kept.
func (s *Service) KeepPromise(agent store.Agent, conv uint64) (store.Conversation, error) {
	if _, err := s.ConversationFor(agent, conv); err != nil {
		return store.Conversation{}, err
	}
	return s.changed(s.db.KeepPromise(conv))
}
