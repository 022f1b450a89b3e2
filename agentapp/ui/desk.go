package ui

import (
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/comptoir/comptoir/wire/wsclient"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// phase is which screen the desk shows.
type phase int

const (
	phaseBoot  phase = iota // asking /me whether a session exists
	phaseLogin              // no session: the sign-in form
	phaseDesk               // signed in: inbox and conversation
)

// connPhase is the live connection as the banner shows it.
type connPhase int

const (
	connConnecting connPhase = iota
	connOnline
	connReconnecting
	connStopped
)

// Desk is the app's root component and the single owner of its state: the
// session, the inbox, the threads and the live connection. Child components
// only render what they are given and call back; every change happens here,
// on the UI goroutine (event handlers, or ctx.Dispatch from the network).
type Desk struct {
	app.Compo

	ctx  app.Context
	lang Lang
	now  time.Time

	phase        phase
	session      wire.Session
	rest         restClient
	loginPending bool
	loginError   string
	// loginCreds holds the email and password between the two steps of a
	// sign-in with a second factor, in memory only (twostep.go).
	loginCreds    wire.LoginRequest
	loginNeedCode bool
	securityOpen  bool

	live        *wsclient.Client
	conn        connPhase
	inbox       []wire.Conversation
	inboxLoaded bool
	selected    string
	threads     map[string]*Thread
	flash       string

	notifPerm string
	sound     beeper
	// updateReady is set when the service worker has installed a new
	// version; the header offers a reload rather than forcing one mid-reply.
	updateReady bool
	// signingOut is set while the logout request runs: the server then
	// closes the socket with 4500, which is no "session ended" surprise.
	signingOut bool

	// canned holds each site's canned replies by site id (canned_desk.go);
	// cannedOpen shows the admins' panel to edit them.
	canned     map[string]*cannedLib
	cannedOpen bool

	// ui is the inbox screen's state: filters, search, cursor, help, the
	// contacts' history and the agents panel (inbox_desk.go).
	ui inboxState
	// hoursOpen shows the admins' office-hours panel (hours_admin.go).
	hoursOpen bool
	// convo is typing, label options… of the conversation tools (convo_desk.go);
	// convoSettingsOpen shows the admins' settings panel (convo_admin.go).
	convo             convoDesk
	convoSettingsOpen bool
	// routing is the agents' availability and the routing screens
	// (routing_desk.go).
	routing routingState
}

// OnMount starts the desk: language, clock, then the session check.
func (d *Desk) OnMount(ctx app.Context) {
	d.ctx = ctx
	d.lang = browserLang()
	setDocumentLang(d.lang)
	setTitle(d.lang, 0)
	d.now = time.Now()
	d.threads = make(map[string]*Thread)
	d.listenShortcuts(ctx)
	d.notifPerm = notificationPermission()
	d.watchActivity()

	// Relative times ("5 min") move on without any frame arriving.
	ctx.Async(func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				ctx.Dispatch(func(app.Context) { d.now = now })
			}
		}
	})
	onDocumentEvent("visibilitychange", func() {
		ctx.Dispatch(func(app.Context) {
			if !documentHidden() {
				d.markRead()
			}
		})
	})

	var s wire.Session
	d.rest.call("GET", "/me", nil, &s, func(status int, err *wire.Error) {
		ctx.Dispatch(func(app.Context) {
			switch {
			case err == nil && status == 200:
				d.signedIn(s)
			case status == 0:
				d.phase, d.loginError = phaseLogin, d.lang.T(KNetworkError)
			default:
				// 401 is the ordinary "not signed in": no error to show.
				d.phase = phaseLogin
			}
		})
	})
}

// OnAppUpdate is called by go-app when a new version has been installed.
func (d *Desk) OnAppUpdate(ctx app.Context) {
	d.updateReady = ctx.AppUpdateAvailable()
}

// Render draws the screen of the current phase.
func (d *Desk) Render() app.UI {
	switch d.phase {
	case phaseLogin:
		return &LoginScreen{
			Lang:     d.lang,
			Pending:  d.loginPending,
			Error:    d.loginError,
			OnSubmit: d.login,

			NeedCode:    d.loginNeedCode,
			OnCode:      d.loginWithCode,
			OnStartOver: d.startOverLogin,
		}
	case phaseDesk:
		return d.renderDesk()
	default:
		return app.Main().Class("boot").Body(
			app.P().Class("boot-label").Aria("live", "polite").Text(d.lang.T(KLoading)),
		)
	}
}

func (d *Desk) renderDesk() app.UI {
	conv, haveConv := FindConversation(d.inbox, d.selected)
	var thread *Thread
	if haveConv {
		thread = d.threads[d.selected]
	}
	history, historyState := d.historyOf(conv)
	panes := "panes"
	if haveConv {
		panes += " has-selection"
	}
	return app.Div().Class("desk").Body(
		&Header{
			Lang:        d.lang,
			AgentName:   d.session.Agent.Name,
			AgentEmail:  d.session.Agent.Email,
			NotifPerm:   d.notifPerm,
			OnNotify:    d.askNotifications,
			OnSignOut:   d.logout,
			OnSecurity:  func(app.Context) { d.securityOpen = true },
			Unread:      UnreadTotal(d.inbox),
			Connection:  d.conn,
			OnRetry:     d.retryNow,
			Flash:       d.flash,
			OnDismissFl: func(app.Context) { d.flash = "" },
			UpdateReady: d.updateReady,
			OnCanned:    d.cannedButton(),
			OnAgents:    d.agentsButton(),
			OnHours:     d.hoursButton(),

			Availability: d.availabilitySwitch(),
			OnRouting:    d.routingButton(),
			OnConvo:      d.convoSettingsButton(),
		},
		d.routingPanel(conv.Site),
		app.If(d.convoSettingsOpen, func() app.UI {
			return &ConvoSettingsPanel{Lang: d.lang, Rest: &d.rest, Site: conv.Site,
				OnClose: func(ctx app.Context) {
					d.convoSettingsOpen = false
					d.convo.options = nil // reasons may have changed
					// The desk's context: the panel's goes with the panel.
					d.ctx.Defer(func(app.Context) { focusElement("convo-settings-open") })
				}}
		}),
		app.If(d.hoursOpen, func() app.UI {
			return &HoursPanel{Lang: d.lang, Rest: &d.rest, Site: conv.Site,
				OnClose: func(ctx app.Context) {
					d.hoursOpen = false
					ctx.Defer(func(app.Context) { focusElement("hours-open") })
				}}
		}),
		app.If(d.securityOpen, func() app.UI {
			return &SecurityPanel{Lang: d.lang, Rest: &d.rest, OnClose: func(app.Context) { d.securityOpen = false }}
		}),
		app.If(d.cannedOpen, func() app.UI {
			return &CannedPanel{Lang: d.lang, Rest: &d.rest, Site: conv.Site, OnChanged: d.cannedChanged,
				OnClose: func(ctx app.Context) {
					d.cannedOpen = false
					ctx.Defer(func(app.Context) { focusElement("canned-open") })
				}}
		}),
		d.renderInboxDialogs(),
		app.Div().Class(panes).Body(
			d.inboxPane(),
			app.If(haveConv, func() app.UI {
				return &ConversationPane{
					Lang:     d.lang,
					Now:      d.now,
					Conv:     conv,
					Thread:   thread,
					AgentID:  d.session.Agent.ID,
					OnSend:   d.sendReply,
					OnRetry:  d.retryReply,
					Rest:     &d.rest,
					OnStatus: d.setStatus,
					OnBack:   d.back,

					AgentName: d.session.Agent.Name,
					Canned:    d.cannedFor(conv.Site),

					History:      history,
					HistoryState: historyState,
					OnOpen:       d.openConversation,
					Typing:       d.convo.typing[conv.ID],
					Options:      d.convo.options[conv.Site],
					OnNote:       d.sendNote,
					OnTyping:     d.sendTyping,
					OnLabels:     d.setLabels,
					OnReason:     d.setReason,
					OnPromise:    d.setPromise,
					OnKeep:       d.keepPromise,
					Routing:      d.routingBar(conv),
				}
			}).Else(func() app.UI {
				return app.Main().ID("conversation").Class("conversation", "conversation-empty").Body(
					app.P().Text(d.lang.T(KSelectConversation)),
				)
			}),
		),
	)
}

// login posts the credentials typed in the form.
func (d *Desk) login(_ app.Context, email, password string) {
	d.postLogin(wire.LoginRequest{Email: email, Password: password})
}

// postLogin sends a sign-in, with or without a second factor.
func (d *Desk) postLogin(req wire.LoginRequest) {
	if d.loginPending {
		return
	}
	d.loginPending, d.loginError = true, ""
	d.sound.unlock() // a click: the one moment browsers allow audio to start
	var s wire.Session
	// Answers are applied through the desk's own context: the form that
	// asked may be gone by then.
	d.rest.call("POST", "/auth/login", req, &s, func(status int, err *wire.Error) {
		d.ctx.Dispatch(func(app.Context) {
			d.loginPending = false
			switch {
			case err == nil && status == 200:
				d.signedIn(s)
			case err != nil && err.Code == wire.CodeTOTPRequired:
				d.askSecondFactor(req)
			case err != nil:
				d.loginError = err.Message
			default:
				d.loginError = d.lang.T(KNetworkError)
			}
		})
	})
}

// signedIn switches to the desk and opens the live connection.
func (d *Desk) signedIn(s wire.Session) {
	d.session = s
	d.rest.csrf = s.CSRF
	d.phase = phaseDesk
	d.loginError = ""
	d.forgetLogin()
	d.startLive()
}

// logout ends the session on the server, then forgets everything local.
func (d *Desk) logout(app.Context) {
	d.signingOut = true
	d.rest.call("POST", "/auth/logout", nil, nil, func(status int, err *wire.Error) {
		d.ctx.Dispatch(func(app.Context) {
			d.signingOut = false
			if err != nil && err.Code != wire.CodeUnauthorized {
				d.flash = err.Message
				return
			}
			if status == 0 {
				d.flash = d.lang.T(KNetworkError)
				return
			}
			d.signedOut("")
		})
	})
}

// signedOut drops the session, the live connection and all data held.
func (d *Desk) signedOut(reason string) {
	if d.live != nil {
		d.live.Close()
		d.live = nil
	}
	d.session = wire.Session{}
	d.rest.csrf = ""
	d.inbox, d.inboxLoaded = nil, false
	d.threads = make(map[string]*Thread)
	d.selected, d.flash = "", ""
	d.phase = phaseLogin
	d.loginError = reason
	d.forgetLogin()
	d.securityOpen = false
	d.canned, d.cannedOpen = nil, false
	d.signedOutInbox()
	setTitle(d.lang, 0)
}

// askNotifications asks for the permission from a click, as browsers require.
func (d *Desk) askNotifications(app.Context) {
	d.sound.unlock()
	requestNotificationPermission(func(p string) {
		d.ctx.Dispatch(func(app.Context) { d.notifPerm = p })
	})
}

func (d *Desk) retryNow(app.Context) {
	if d.live != nil {
		d.live.RetryNow()
	}
}

// selectConversation opens a conversation: subscribe, replaying after the
// last seq held, and move focus to the reply box.
func (d *Desk) selectConversation(ctx app.Context, id string) {
	d.sound.unlock()
	d.selected = id
	if conv, ok := FindConversation(d.inbox, id); ok {
		d.loadCanned(conv.Site, false)
		d.loadHistory(conv)
		d.loadLabelOptions(conv.Site)
	}
	t := d.thread(id)
	d.send(wire.Frame{Type: wire.TypeSubscribe, Conv: id, Seq: t.LastSeq()})
	d.markRead()
	ctx.Defer(func(app.Context) {
		scrollToBottom()
		focusElement("reply")
	})
}

// back returns to the inbox on a phone, where one pane shows at a time.
func (d *Desk) back(ctx app.Context) {
	id := d.selected
	d.selected = ""
	ctx.Defer(func(app.Context) { focusElement("row-" + id) })
}

// sendReply posts a reply: shown at once as pending, confirmed by the ack.
func (d *Desk) sendReply(ctx app.Context, body string, files []wire.Attachment) {
	conv := d.selected
	if conv == "" {
		return
	}
	p := PendingReply{CID: NewCID(), Body: body, At: time.Now().UnixMilli(), Files: files}
	d.thread(conv).AddPending(p)
	// When offline the reply stays pending and goes out again on reconnect.
	d.send(wire.Frame{Type: wire.TypeSend, CID: p.CID, Conv: conv, Body: body, Attachments: wire.AttachmentIDs(files)})
	ctx.Defer(func(app.Context) { scrollToBottom() })
}

// retryReply sends a refused reply again with its original cid.
func (d *Desk) retryReply(ctx app.Context, cid string) {
	t := d.thread(d.selected)
	for i := range t.Pending {
		if t.Pending[i].CID == cid {
			t.Pending[i].Failed = ""
			d.send(t.Pending[i].frame(d.selected))
		}
	}
}

// setStatus resolves or reopens the open conversation; the inbox row
// changes when the server's conversation frame confirms it.
func (d *Desk) setStatus(ctx app.Context, status string) {
	if d.selected == "" {
		return
	}
	d.send(wire.Frame{Type: wire.TypeStatus, Conv: d.selected, Status: status})
}

// markRead tells the server the agent has seen the open conversation, when
// the page is visible and there is something new to acknowledge.
func (d *Desk) markRead() {
	if d.selected == "" || documentHidden() {
		return
	}
	t := d.thread(d.selected)
	last := t.LastSeq()
	if last == 0 || last <= t.ReadSeq {
		return
	}
	if d.send(wire.Frame{Type: wire.TypeRead, Conv: d.selected, Seq: last}) {
		t.ReadSeq = last
		// Clear the badge now; the server's conversation frame agrees later.
		for i := range d.inbox {
			if d.inbox[i].ID == d.selected {
				d.inbox[i].Unread = 0
			}
		}
		setTitle(d.lang, UnreadTotal(d.inbox))
	}
}

func (d *Desk) thread(id string) *Thread {
	t, ok := d.threads[id]
	if !ok {
		t = &Thread{}
		d.threads[id] = t
	}
	return t
}

// send writes a frame on the live connection, reporting whether it left.
func (d *Desk) send(f wire.Frame) bool {
	return d.live != nil && d.live.Send(f)
}

// scrollToBottom shows the newest message.
func scrollToBottom() {
	if e := app.Window().GetElementByID("messages"); e.Truthy() {
		e.Set("scrollTop", e.Get("scrollHeight"))
	}
}
