package chat

import (
	"errors"
	"reflect"
	"time"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/identity"
	"github.com/comptoir/comptoir/server/park"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// ServeVisitor runs one shopper's WebSocket. ip is the client's address,
// for rate limits. idle, when not nil, is the socket's connection, read
// only by the library (nothing was read ahead of it): the socket is then
// parked between frames and ServeVisitor returns while it stays open
// (read.go); otherwise it returns when the socket has closed.
func (s *Service) ServeVisitor(ws socket, ip string, idle *park.Conn) {
	c := s.open(ws, idle)
	if c == nil {
		return
	}
	defer func() {
		// A panic on the handler's goroutine is contrib/websocket's to
		// report, but the socket is ours to close (KeepHijackedConns).
		if r := recover(); r != nil {
			c.finish()
			panic(r)
		}
	}()
	c.visitor = true
	vs := s.startVisitor(c)
	if vs == nil {
		c.finish()
		return
	}
	c.onEnd = func() {
		s.hub.Unsubscribe(hub.VisitorTopic(vs.visitor.ID), c)
		s.hub.Unsubscribe(hub.SiteVisitorsTopic(vs.site.ID), c)
	}
	c.onFrame = func(data []byte) bool { return s.visitorFrame(c, vs, ip, data) }
	c.readOn()
}

// visitorSession is who is on a visitor socket, once welcomed: the site as
// read at the hello (shared with the site's other sessions: sharedSite),
// and the visitor's id and name.
type visitorSession struct {
	site    *store.Site
	visitor store.Visitor
}

// sharedSite returns one copy of site for all the sessions that read it
// the same: ten thousand shoppers of a shop hold one record, not one each.
// A site changed since gets a new copy; sessions keep the one they had.
func (s *Service) sharedSite(site store.Site) *store.Site {
	s.sitesMu.Lock()
	defer s.sitesMu.Unlock()
	if held := s.sites[site.ID]; held != nil && reflect.DeepEqual(*held, site) {
		return held
	}
	if s.sites == nil {
		s.sites = make(map[uint64]*store.Site)
	}
	s.sites[site.ID] = &site
	return &site
}

// startVisitor reads the hello, finds or makes the visitor, subscribes to
// its topics and sends the welcome and the replays. nil when the connection
// is over; otherwise the caller unsubscribes.
func (s *Service) startVisitor(c *conn) (vs *visitorSession) {
	hello, ok := s.readHello(c)
	if !ok {
		return nil
	}
	site, err := s.db.SiteByKey(hello.Site)
	if err != nil {
		c.sendError(&wire.Error{Code: wire.CodeSiteNotFound, Message: "no site has the key " + quote(hello.Site) + "; check data-site in the script tag"})
		c.close(wire.CloseSiteUnknown)
		return nil
	}
	v, token, isNew, err := s.visitorFor(site, hello)
	if err != nil {
		c.sendError(asWireError(s.storeError(err)))
		c.close(wire.CloseServerError)
		return nil
	}
	if ct := hello.Contact; ct != nil && ct.ID != "" {
		v = s.identify(c, site, v, token, ct)
	}
	if !isNew {
		token = "" // the client has it already
	}

	// Subscribe before reading the store, hold live events during the replay.
	c.hold()
	topic := hub.VisitorTopic(v.ID)
	s.hub.Subscribe(topic, c)
	s.hub.Subscribe(hub.SiteVisitorsTopic(site.ID), c)
	defer func() {
		if vs == nil {
			s.hub.Unsubscribe(topic, c)
			s.hub.Unsubscribe(hub.SiteVisitorsTopic(site.ID), c)
		}
	}()
	convs, err := s.db.ConversationsOfVisitor(v.ID)
	if err != nil {
		c.sendError(asWireError(s.storeError(err)))
		return nil
	}
	welcome := wire.Frame{Type: wire.TypeWelcome, Token: token, Visitor: VisitorView(v), Settings: siteSettings(site)}
	welcome.Settings.Email = s.opts.Mail != nil
	welcome.Availability = new(s.Availability(site))
	for _, conv := range convs {
		welcome.Conversations = append(welcome.Conversations, ConversationForVisitor(conv))
	}
	c.sendFrame(welcome)
	for _, conv := range convs {
		if !s.replayConversation(c, conv.ID, hello.Resume[idString(conv.ID)]) {
			return nil
		}
	}
	c.endHold()
	s.router.ResendQueue(v.ID)
	// Only what the frames need is kept: this lives as long as the socket.
	return &visitorSession{site: s.sharedSite(site), visitor: store.Visitor{ID: v.ID, SiteID: v.SiteID, Name: v.Name}}
}

// visitorFrame handles one frame from a welcomed visitor; false ends the
// connection.
func (s *Service) visitorFrame(c *conn, vs *visitorSession, ip string, data []byte) bool {
	site, v := *vs.site, vs.visitor
	f, err := wire.DecodeFrame(data)
	if err != nil {
		c.sendError(asWireError(err))
		return true
	}
	switch f.Type {
	case wire.TypeSend:
		s.visitorSend(c, site, v.ID, ip, f)
	case wire.TypePage:
		s.visitorUpdate(c, v.ID, store.VisitorUpdate{Page: PageFromWire(f.Page)})
	case wire.TypeContact:
		if f.Contact.ID != "" {
			// A verified identity may change who this browser is: the
			// client reconnects and its hello carries the identity.
			c.close(wire.CloseReidentify)
			return false
		}
		if site.RequireVerifiedIdentity {
			c.sendError(&wire.Error{Code: wire.CodeIdentityRefused, Message: "this shop accepts only identities signed by its backend"})
			return true
		}
		if f.Contact.Email != "" && !wire.ValidEmail(f.Contact.Email) {
			c.sendError(&wire.Error{Code: wire.CodeInvalidEmail, Message: "this is not an email address like ann@example.com"})
			return true
		}
		s.visitorUpdate(c, v.ID, store.VisitorUpdate{Name: f.Contact.Name, Email: f.Contact.Email, Attributes: f.Contact.Attributes})
	case wire.TypeRead:
		if cv, err := s.db.Conversation(ParseID(f.Conv)); err == nil && cv.VisitorID == v.ID {
			if updated, err := s.db.MarkRead(cv.ID, false, min(f.Seq, visibleSeq(cv))); err == nil && updated.VisitorReadSeq > cv.VisitorReadSeq {
				s.relayRead(updated, visitorAuthor(v), updated.VisitorReadSeq)
			}
		}
	case wire.TypeTyping:
		// Typing in someone else's (or no) conversation is ignored, not
		// answered: it is a hint, and answering would confirm ids.
		if cv, err := s.db.Conversation(ParseID(f.Conv)); err == nil && cv.VisitorID == v.ID {
			s.relayTyping(cv, visitorAuthor(v), f.Typing)
		}
	case wire.TypeTranscript:
		s.visitorTranscript(c, site, v.ID, ip, f)
	case wire.TypeConfirm:
		if err := s.AnswerProposal(site, v.ID, ParseID(f.Conv), f.Answer == wire.AnswerYes); err != nil {
			c.sendError(asWireError(err))
		}
	case wire.TypeHello:
		c.sendError(&wire.Error{Code: wire.CodeBadFrame, Message: "hello was already received on this connection"})
	default:
		c.sendError(&wire.Error{Code: wire.CodeForbidden, Message: "frame type " + quote(f.Type) + " is for agents"})
	}
	return true
}

// readHello waits for the first frame, which must be a hello.
func (s *Service) readHello(c *conn) (wire.Frame, bool) {
	c.ws.SetReadDeadline(time.Now().Add(s.opts.HelloWait))
	f, ok, err := c.readFrame()
	if !ok {
		c.close(wire.CloseHelloTimeout)
		return f, false
	}
	if err != nil {
		we := asWireError(err)
		c.sendError(we)
		if we.Code == wire.CodeBadVersion {
			c.close(wire.CloseBadVersion)
		} else {
			c.close(wire.CloseHelloTimeout)
		}
		return f, false
	}
	if f.Type != wire.TypeHello {
		c.sendError(&wire.Error{Code: wire.CodeHelloRequired, Message: "the first frame must be a hello"})
		c.close(wire.CloseHelloTimeout)
		return f, false
	}
	// From now on the pinger watches the connection (read.go).
	c.ws.SetReadDeadline(time.Time{})
	return f, true
}

// visitorFor finds the visitor of a hello's token on this site, or makes a
// new one with a new token. Name, email and attributes of an unverified
// identify are taken only if the site allows unverified identities.
func (s *Service) visitorFor(site store.Site, hello wire.Frame) (v store.Visitor, token string, isNew bool, err error) {
	update := store.VisitorUpdate{Page: PageFromWire(hello.Page)}
	if ct := hello.Contact; ct != nil && !site.RequireVerifiedIdentity {
		update.Name, update.Email, update.Attributes = ct.Name, ct.Email, ct.Attributes
	}
	if hello.Token != "" {
		v, err := s.db.VisitorByToken(hello.Token)
		if err == nil && v.SiteID == site.ID {
			v, err = s.db.UpdateVisitor(v.ID, update)
			return v, hello.Token, false, err
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return store.Visitor{}, "", false, err
		}
	}
	token = auth.NewToken(32)
	v, err = s.db.CreateVisitor(site.ID, token, update)
	return v, token, true, err
}

// identify checks a claimed identity against the site's secret and, when
// it holds, makes this browser that shopper's (package identity). A refused
// claim is answered with an error frame; the shopper stays anonymous.
func (s *Service) identify(c *conn, site store.Site, v store.Visitor, token string, ct *wire.ContactUpdate) store.Visitor {
	refuse := func(msg string) store.Visitor {
		c.sendError(&wire.Error{Code: wire.CodeIdentityRefused, Message: msg})
		return v
	}
	verified, err := identity.Verify(site.IdentitySecret, identity.Claim{ID: ct.ID, Expires: ct.Expires, Signature: ct.Signature, JWT: ct.JWT}, s.now())
	if err != nil {
		return refuse(err.Error())
	}
	name, email := verified.Name, verified.Email
	if name == "" {
		name = ct.Name
	}
	if email == "" {
		email = ct.Email
	}
	nv, err := s.db.IdentifyVisitor(site.ID, token, store.Identity{ExternalID: verified.ID, Proof: verified.Proof, Expires: verified.Expires, Name: name, Email: email})
	switch {
	case errors.Is(err, store.ErrProofReused):
		return refuse(err.Error()[len("store: "):])
	case err != nil:
		c.sendError(asWireError(s.storeError(err)))
		return v
	}
	if len(ct.Attributes) > 0 {
		if updated, err := s.db.UpdateVisitor(nv.ID, store.VisitorUpdate{Attributes: ct.Attributes}); err == nil {
			nv = updated
		}
	}
	return nv
}

// replayConversation queues a conversation's messages after seq, then synced.
func (s *Service) replayConversation(c *conn, conv, after uint64) bool {
	const page = 500
	for {
		msgs, err := s.db.Messages(conv, after, page)
		if err != nil {
			c.sendError(asWireError(s.storeError(err)))
			return false
		}
		if !c.replay(conv, MessagesView(visibleTo(c, msgs))) {
			return false
		}
		if len(msgs) < page {
			break
		}
		after = msgs[len(msgs)-1].Seq
	}
	// Live events at or below what was replayed are dropped by lastSent; the
	// client's own resume point is not trusted for that.
	c.mu.Lock()
	last := max(c.lastSent[conv], after)
	c.mu.Unlock()
	c.sendFrame(wire.Frame{Type: wire.TypeSynced, Conv: idString(conv), Seq: last})
	return true
}

func (s *Service) visitorSend(c *conn, site store.Site, visitorID uint64, ip string, f wire.Frame) {
	lim := s.lim.forSite(site)
	visitorKey := idString(visitorID)
	if f.Conv == "" {
		if blocked, retry := lim.convs.Blocked(visitorKey); blocked {
			c.sendError(tooFast(f.CID, retry, "you have started many conversations"))
			return
		}
	}
	if ok, retry := lim.messages.Allow(visitorKey); !ok {
		c.sendError(tooFast(f.CID, retry, "you are sending messages too quickly"))
		return
	}
	if ok, retry := lim.perIP.Allow(lim.site + ip); !ok {
		c.sendError(tooFast(f.CID, retry, "too many messages from your network"))
		return
	}
	var conv uint64
	if f.Conv != "" {
		if conv = ParseID(f.Conv); conv == 0 {
			c.sendError(&wire.Error{Code: wire.CodeConversationNotFound, Message: "no such conversation", CID: f.CID})
			return
		}
	}
	// Re-read the visitor: a page frame may have changed the product.
	v, err := s.db.Visitor(visitorID)
	if err != nil {
		c.sendError(asWireError(s.storeError(err)))
		return
	}
	ack, uncork := c.corkedAck() // the ack and the echo in one write (batch.go)
	a, err := s.postVisitor(site, v, conv, f.CID, f.Body, f.Attachments, siteTopic(site, f.Topic), ack)
	uncork()
	if err != nil {
		c.sendSendError(f.CID, err)
		return
	}
	if a.Created {
		lim.convs.Take(visitorKey)
	}
}

// visitorUpdate records a page or contact change and refreshes the
// visitor's open conversations in the agents' inboxes.
func (s *Service) visitorUpdate(c *conn, visitorID uint64, u store.VisitorUpdate) {
	if _, err := s.db.UpdateVisitor(visitorID, u); err != nil {
		c.sendError(asWireError(s.storeError(err)))
		return
	}
	convs, _ := s.db.ConversationsOfVisitor(visitorID)
	for _, conv := range convs {
		if conv.Status != store.StatusResolved {
			s.publishDetail(conv)
		}
	}
}

func siteSettings(site store.Site) *wire.SiteSettings {
	return &wire.SiteSettings{Name: site.Name, Color: site.Color, Greeting: site.Greeting, Languages: site.Languages, PreChat: PreChatView(site)}
}

// PreChatView is the site's pre-chat form for the widget, nil when off.
func PreChatView(site store.Site) *wire.PreChat {
	if !site.Routing.PreChat.Enabled {
		return nil
	}
	return &wire.PreChat{Enabled: true, Topics: site.Routing.PreChat.Topics}
}

// asWireError keeps a *wire.Error as it is; anything else is internal.
func asWireError(err error) *wire.Error {
	var we *wire.Error
	if errors.As(err, &we) {
		return we
	}
	return &wire.Error{Code: wire.CodeInternal, Message: "something went wrong on our side"}
}

func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return `"` + s + `"`
}
