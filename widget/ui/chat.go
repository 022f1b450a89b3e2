// Package ui holds the shopper's chat widget: go-app components compiled to
// WebAssembly and shown in an iframe on the shop's page. The Chat component
// owns all state; header.go, log.go and composer.go draw its parts. The
// pure logic (message merge, outbox, languages, page messages) lives in
// plain functions so that it is tested natively.
package ui

import (
	"time"
	"unicode/utf8"

	"github.com/comptoir/comptoir/wire"
	"github.com/comptoir/comptoir/wire/wsclient"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// startDelay is how long the widget waits for the page's first context
// message before connecting anyway: the hello should carry the page and
// contact, but a page that never sends them must not keep the chat closed.
const startDelay = 400 * time.Millisecond

// retryDelay is the pause before resending after the server said
// rate_limited or unavailable for a message.
const retryDelay = 5 * time.Second

// Chat is the whole widget panel, route "/".
type Chat struct {
	app.Compo

	ui         app.Context // the component's own, from OnMount (attach_chat.go)
	site, lang string
	par        parent
	sess       session
	ws         *wsclient.Client
	started    bool

	state    wsclient.State
	welcomed bool // a welcome arrived on the current socket
	loaded   bool // something is known: a welcome once, or we know we are offline
	settings wire.SiteSettings

	conv     string             // the conversation on screen; "" until there is one
	threads  map[string]*Thread // by conversation id
	syncing  map[string]bool    // conversations still replaying after welcome
	readSent map[string]uint64
	outbox   []OutboxEntry

	open     bool // the shop page shows the panel
	unread   int
	active   bool // "active" was posted to the page
	retrying bool
	notice   Key // an error to show, or noNotice
	// noticeName is the file a notice is about ({name} in its text).
	noticeName string
	visible    app.Func
	escape     app.Func

	// drafts are the files attached to the message being written;
	// previews keeps their local image previews by attachment id for the
	// pending bubbles (attach_chat.go).
	drafts   []Draft
	previews map[string]string

	// off is office hours and email (offline.go).
	off offline
	// convo is typing, seen, promise, confirmation and emoji (convo.go).
	convo convoState
	// queue is each waiting conversation's place in line (queue.go).
	queue map[string]wire.QueueInfo
	// pre is the pre-chat form (prechat.go).
	pre preChatState
}

// OnMount reads the iframe's query, wires the page bridge and schedules the
// connection. Natively (prerendering) it only picks the language.
func (c *Chat) OnMount(ctx app.Context) {
	c.ui = ctx
	q := app.Window().URL().Query()
	c.site = q.Get("site")
	c.lang = PickLang(q.Get("lang"), navigatorLang())
	c.threads = map[string]*Thread{}
	c.syncing = map[string]bool{}
	c.readSent = map[string]uint64{}
	if app.IsServer {
		return
	}
	setDocumentLang(c.lang)

	c.par.origin = q.Get("origin")
	if !isOrigin(c.par.origin) {
		c.par.origin = ""
	}
	// Standalone (no shop page around it, e.g. opened directly): always open.
	win := app.Window()
	c.open = c.par.origin == "" || win.Get("parent").Equal(win)

	c.sess.site = c.site
	if tok := linkToken(); tok != "" && c.site != "" {
		storageSet(tokenKey(c.site), tok) // a link from an email (offline.go)
	}
	c.sess.token = storageGet(tokenKey(c.site))
	c.outbox = DecodeOutbox(storageGet(outboxKey(c.site)))

	if c.site == "" {
		c.loaded = true
		c.notice = KeyErrUnavailable
		return
	}

	c.par.listen(func(m ParentMsg) {
		ctx.Dispatch(func(ctx app.Context) { c.onParent(ctx, m) })
	})
	c.visible = app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { c.markRead() })
		return nil
	})
	win.Get("document").Call("addEventListener", "visibilitychange", c.visible)
	// Escape closes the panel, as on the shop page; key presses inside the
	// iframe never reach the page's own listener.
	c.escape = app.FuncOf(func(_ app.Value, args []app.Value) any {
		if len(args) > 0 && args[0].Get("key").String() == "Escape" && !args[0].Get("defaultPrevented").Bool() {
			ctx.Dispatch(func(ctx app.Context) {
				if !c.closeEmoji() { // Escape closes the emoji list first
					c.closePanel(ctx, app.Event{})
				}
			})
		}
		return nil
	})
	win.Get("document").Call("addEventListener", "keydown", c.escape)

	c.ws = wsclient.New(wsclient.URLFor("/ws/visitor"),
		func(f wire.Frame) { ctx.Dispatch(func(ctx app.Context) { c.onFrame(ctx, f) }) },
		func(st wsclient.State) { ctx.Dispatch(func(ctx app.Context) { c.onState(st) }) },
		func() []wire.Frame { return []wire.Frame{c.sess.hello()} },
	)
	c.par.post(msgReady, nil)
	if c.par.origin == "" {
		c.start()
	} else {
		ctx.After(startDelay, func(app.Context) { c.start() })
	}
}

// OnDismount closes the socket; the widget page only dismounts when the
// iframe goes away, but a test harness may do it.
func (c *Chat) OnDismount() {
	if c.ws != nil {
		c.ws.Close()
	}
	if c.visible != nil {
		app.Window().Get("document").Call("removeEventListener", "visibilitychange", c.visible)
		c.visible.Release()
		c.visible = nil
	}
	if c.escape != nil {
		app.Window().Get("document").Call("removeEventListener", "keydown", c.escape)
		c.escape.Release()
		c.escape = nil
	}
}

func (c *Chat) start() {
	if c.started || c.ws == nil {
		return
	}
	c.started = true
	c.ws.Start()
}

// onParent applies a message from the shop page.
func (c *Chat) onParent(ctx app.Context, m ParentMsg) {
	switch m.Type {
	case msgContext:
		c.sess.setPage(m.Page)
		if c.welcomed {
			c.ws.Send(wire.Frame{Type: wire.TypePage, Page: m.Page})
		}
		// The loader sends context first, identify right after: give the
		// identify a moment to arrive so the hello carries both.
		ctx.After(50*time.Millisecond, func(app.Context) { c.start() })
	case msgIdentify:
		merged := MergeContact(c.sess.getContact(), m.Contact.Name, m.Contact.Email, m.Contact.Attributes)
		if m.Contact.ID != "" {
			merged.ID, merged.Expires, merged.Signature, merged.JWT = m.Contact.ID, m.Contact.Expires, m.Contact.Signature, m.Contact.JWT
		}
		c.sess.setContact(merged)
		c.sendContact()
	case msgAttributes:
		c.sess.setContact(MergeContact(c.sess.getContact(), "", "", m.Attributes))
		c.sendContact()
	case msgOpen:
		c.open = true
		c.unread = 0
		c.par.post(msgUnread, map[string]any{"count": 0})
		c.markRead()
		c.scrollToEnd(ctx)
		ctx.Defer(func(app.Context) { focusComposer() })
	case msgClose:
		c.open = false
	}
}

// sendContact tells the server of an identify or setAttributes made after
// the hello; before it, the hello carries the contact.
func (c *Chat) sendContact() {
	if ct := c.sess.getContact(); c.welcomed && ct != nil {
		c.ws.Send(wire.Frame{Type: wire.TypeContact, Contact: ct})
	}
}

// onState follows the socket's phase.
func (c *Chat) onState(st wsclient.State) {
	c.state = st
	if st.Phase != wsclient.Online {
		c.welcomed = false
	}
	switch st.Phase {
	case wsclient.Offline:
		c.loaded = true
	case wsclient.Stopped:
		c.loaded = true
		switch st.Code {
		case wire.CloseBadVersion:
			c.notice = KeyErrReload
		case 0, wire.CloseNormal:
		default:
			c.notice = KeyErrUnavailable
		}
	}
}

// onFrame applies one server frame.
func (c *Chat) onFrame(ctx app.Context, f wire.Frame) {
	switch f.Type {
	case wire.TypeWelcome:
		c.onWelcome(ctx, f)
	case wire.TypeMessage:
		if f.Message != nil {
			c.onMessage(ctx, *f.Message)
		}
	case wire.TypeAck:
		c.onAck(ctx, f)
	case wire.TypeSynced:
		c.syncing[f.Conv] = false
		c.markRead()
	case wire.TypeError:
		c.onError(ctx, f.Error)
	case wire.TypeAvailability, wire.TypeTranscript:
		c.onOfflineFrame(f)
	case wire.TypeTyping, wire.TypeRead:
		c.onPresence(ctx, f)
	case wire.TypeConversation:
		for _, w := range f.Conversations {
			c.setConversation(w)
		}
	case wire.TypeQueue:
		c.onQueue(f)
	}
}

func (c *Chat) onWelcome(ctx app.Context, f wire.Frame) {
	c.welcomed, c.loaded = true, true
	if c.notice != KeyErrRateLimited && c.notice != KeyErrTooLong {
		c.notice = noNotice
	}
	if f.Token != "" {
		c.sess.setToken(f.Token)
		storageSet(tokenKey(c.site), f.Token)
	}
	if f.Settings != nil {
		c.settings = *f.Settings
		setAccent(c.settings.Color)
	}
	c.off.welcome(f)
	// On the first welcome, the conversation on screen is the most recently
	// active one; older ones stay on the server and in the agents' history.
	pick := c.conv == ""
	var newest int64 = -1
	var unread uint64
	for _, conv := range f.Conversations {
		c.setConversation(conv)
		c.syncing[conv.ID] = true
		if c.threads[conv.ID] == nil {
			c.threads[conv.ID] = &Thread{}
		}
		if pick && conv.UpdatedAt > newest {
			newest, unread = conv.UpdatedAt, conv.Unread
			c.conv = conv.ID
		}
	}
	if pick && !c.open && unread > 0 {
		c.setUnread(int(unread))
	}
	if c.conv != "" {
		c.postActive()
	}
	c.flush(ctx)
	c.scrollToEnd(ctx)
}

func (c *Chat) onMessage(ctx app.Context, m wire.Message) {
	t := c.threads[m.Conv]
	if t == nil {
		t = &Thread{}
		c.threads[m.Conv] = t
	}
	if !t.Add(m) {
		t.Refresh(m)
		return
	}
	c.sess.seen(m.Conv, m.Seq)
	c.agentSpoke(m)
	if m.CID != "" {
		c.dropFromOutbox(m.CID)
	}
	if c.conv == "" {
		c.conv = m.Conv
		c.postActive()
	}
	live := !c.syncing[m.Conv]
	if live && m.Author.Kind == wire.AuthorAgent {
		// A shopper who started a new conversation elsewhere (another tab)
		// or got an agent's first message follows the live one.
		c.conv = m.Conv
		c.par.post(msgMessage, map[string]any{"message": map[string]any{
			"conv": m.Conv, "seq": m.Seq, "body": m.Body,
			"author": map[string]any{"kind": m.Author.Kind, "name": m.Author.Name},
		}})
		if !c.open || !pageVisible() {
			c.setUnread(c.unread + 1)
		}
	}
	c.markRead()
	c.scrollToEnd(ctx)
}

func (c *Chat) onAck(ctx app.Context, f wire.Frame) {
	var body string
	var files []wire.Attachment
	for _, e := range c.outbox {
		if e.CID == f.CID {
			body, files = e.Body, e.Attachments
		}
	}
	c.dropFromOutbox(f.CID)
	if c.notice == KeyErrGeneric || c.notice == KeyErrRateLimited || c.notice == KeyErrTooLong {
		c.notice = noNotice // a message went through: the trouble is over
	}
	if f.Conv == "" {
		return
	}
	if c.conv == "" {
		c.conv = f.Conv
		c.outbox = WithConv(c.outbox, f.Conv)
		storageSet(outboxKey(c.site), EncodeOutbox(c.outbox))
		c.postActive()
	}
	// Draw the acknowledged message now rather than waiting for its message
	// frame, which carries the same seq and is then ignored.
	if (body != "" || len(files) > 0) && f.Seq > 0 {
		t := c.threads[f.Conv]
		if t == nil {
			t = &Thread{}
			c.threads[f.Conv] = t
		}
		if t.Add(wire.Message{Conv: f.Conv, Seq: f.Seq, CID: f.CID, Body: body, Attachments: files,
			Author: wire.Author{Kind: wire.AuthorVisitor}, At: time.Now().UnixMilli()}) {
			c.sess.seen(f.Conv, f.Seq)
		}
	}
	c.scrollToEnd(ctx)
}

func (c *Chat) onError(ctx app.Context, e *wire.Error) {
	if e == nil || c.onOfflineError(e) {
		return
	}
	switch e.Code {
	case wire.CodeRateLimited:
		c.notice = KeyErrRateLimited
		c.retryLater(ctx)
	case wire.CodeUnavailable, wire.CodeInternal:
		c.notice = KeyErrGeneric
		c.retryLater(ctx)
	case wire.CodeBadVersion:
		c.notice = KeyErrReload
	case wire.CodeSiteNotFound, wire.CodeForbidden:
		c.notice = KeyErrUnavailable
	case wire.CodeConversationNotFound:
		// The conversation is gone (deleted, or this browser's token now
		// belongs to someone else): start a new one rather than lose the
		// message.
		c.restartConversation(ctx, e.CID)
	case wire.CodeUploadNotFound:
		// A file expired (a day unsent) or was already sent: the message
		// can never go as it is.
		c.notice = KeyErrFileExpired
		c.dropFromOutbox(e.CID)
	case wire.CodeBadFrame:
		// A send refused as malformed (too long, empty) never gets better:
		// drop it so that it does not block the outbox forever.
		c.notice = KeyErrGeneric
		if e.CID != "" {
			c.notice = KeyErrTooLong
			c.dropFromOutbox(e.CID)
		}
	default:
		c.notice = KeyErrGeneric
		if e.CID != "" {
			c.dropFromOutbox(e.CID)
		}
	}
}

// restartConversation moves the outbox entry cid, and every other entry of
// its conversation, to a new conversation and sends them again.
func (c *Chat) restartConversation(ctx app.Context, cid string) {
	var gone string
	for _, e := range c.outbox {
		if e.CID == cid {
			gone = e.Conv
		}
	}
	if gone == "" {
		return
	}
	if c.conv == gone {
		c.conv = ""
		c.active = false
	}
	stored := DecodeOutbox(storageGet(outboxKey(c.site)))
	for i := range stored {
		if stored[i].Conv == gone {
			stored[i].Conv = ""
		}
	}
	storageSet(outboxKey(c.site), EncodeOutbox(stored))
	c.outbox = stored
	c.flush(ctx)
}

// send queues a message typed by the shopper and sends it if possible.
// It reports whether the text was taken (the composer then clears).
func (c *Chat) send(ctx app.Context, body string) bool {
	body = trimBody(body)
	files, uploaded := ReadyAttachments(c.drafts)
	if !uploaded {
		c.notice, c.noticeName = KeyErrWaitUpload, ""
		return false
	}
	if body == "" && len(files) == 0 {
		return false
	}
	if utf8.RuneCountInString(body) > wire.MaxBodyRunes {
		c.notice = KeyErrTooLong
		return false
	}
	if c.state.Phase == wsclient.Stopped && c.state.Code != 0 {
		return false
	}
	if c.notice == KeyErrTooLong {
		c.notice = noNotice
	}
	e := OutboxEntry{CID: newCID(), Conv: c.conv, Body: body, Attachments: files}
	c.draftsSent()
	c.addToOutbox(e)
	if c.welcomed {
		c.ws.Send(c.sendFrame(e))
	}
	c.scrollToEnd(ctx)
	return true
}

// flush (re)sends every outbox entry. The server dedupes by cid, so an entry
// whose ack was lost in a drop is stored once and acknowledged again.
func (c *Chat) flush(ctx app.Context) {
	if !c.welcomed {
		return
	}
	for _, e := range c.outbox {
		if !c.ws.Send(c.sendFrame(e)) {
			return
		}
	}
}

func (c *Chat) sendFrame(e OutboxEntry) wire.Frame {
	conv := e.Conv
	if conv == "" {
		conv = c.conv
	}
	f := wire.Frame{Type: wire.TypeSend, CID: e.CID, Conv: conv, Body: e.Body, Attachments: wire.AttachmentIDs(e.Attachments)}
	if conv == "" {
		f.Topic = c.pre.topic // prechat.go
	}
	return f
}

func (c *Chat) retryLater(ctx app.Context) {
	if c.retrying {
		return
	}
	c.retrying = true
	ctx.After(retryDelay, func(ctx app.Context) {
		c.retrying = false
		if c.notice == KeyErrRateLimited || c.notice == KeyErrGeneric {
			c.notice = noNotice
		}
		c.flush(ctx)
	})
}

// The outbox is re-read before each change: another tab of the same shop
// may have written to it since.
func (c *Chat) addToOutbox(e OutboxEntry) {
	c.outbox = WithEntry(DecodeOutbox(storageGet(outboxKey(c.site))), e)
	storageSet(outboxKey(c.site), EncodeOutbox(c.outbox))
}

func (c *Chat) dropFromOutbox(cid string) {
	stored := DecodeOutbox(storageGet(outboxKey(c.site)))
	stored = WithoutCID(stored, cid)
	storageSet(outboxKey(c.site), EncodeOutbox(stored))
	c.outbox = WithoutCID(c.outbox, cid)
}

// markRead tells the server the shopper has seen the conversation on screen,
// when the panel is open and the page visible.
func (c *Chat) markRead() {
	if !c.welcomed || !c.open || c.conv == "" || !pageVisible() {
		return
	}
	t := c.threads[c.conv]
	if t == nil || c.syncing[c.conv] {
		return
	}
	if seq := t.LastSeq(); seq > c.readSent[c.conv] {
		if c.ws.Send(wire.Frame{Type: wire.TypeRead, Conv: c.conv, Seq: seq}) {
			c.readSent[c.conv] = seq
		}
	}
	if c.unread != 0 {
		c.setUnread(0)
	}
}

func (c *Chat) setUnread(n int) {
	c.unread = n
	c.par.post(msgUnread, map[string]any{"count": n})
}

func (c *Chat) postActive() {
	if c.active {
		return
	}
	c.active = true
	c.par.post(msgActive, nil)
}

// closePanel answers the close button: the page hides the iframe.
func (c *Chat) closePanel(ctx app.Context, e app.Event) {
	c.open = false
	c.par.post(msgClose, nil)
}

// Render draws the panel.
func (c *Chat) Render() app.UI {
	return app.Main().
		Class("cpt-panel").
		Body(
			c.renderHeader(),
			c.renderLog(),
			c.renderOffline(),
			c.renderConvo(),
			c.renderQueue(),
			c.renderNotice(),
			c.renderComposerOrPreChat(),
		)
}

func (c *Chat) scrollToEnd(ctx app.Context) {
	ctx.Defer(func(app.Context) {
		el := app.Window().GetElementByID(logID)
		if el.Truthy() {
			el.Set("scrollTop", el.Get("scrollHeight"))
		}
	})
}
