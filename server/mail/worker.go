package mail

import (
	"context"
	"log/slog"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/comptoir/comptoir/server/store"
)

// Timing of emails.
const (
	// Grace is how long an agent reply waits for the shopper to see it
	// before it is emailed: long enough for a shopper switching tabs or
	// reloading to come back, short enough that an answer reaches one who
	// left while it is still useful. Replies within it share one email.
	Grace = 2 * time.Minute
	// MaxAttempts is how many times an email is tried before it is given
	// up on (and audited); with the backoff below, about 8 hours.
	MaxAttempts = 10
	// recentLines is how much of the conversation a reply email shows.
	recentLines = 10
	// idleWait bounds the worker's sleep, so a clock change or a missed
	// kick costs at most this much delay.
	idleWait = time.Minute
)

// Sender delivers one message; *Client is the real one.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Options build a Worker.
type Options struct {
	DB     *store.DB
	Sender Sender
	Log    *slog.Logger
	// PublicURL is the server's origin, for links back to conversations.
	PublicURL string
	// Online says whether a visitor has a widget connected now.
	Online func(visitorID uint64) bool
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Worker turns due pending replies into emails and sends the outbox.
type Worker struct {
	o    Options
	kick chan struct{}
	// pass serializes passes: the loop and a test's Pass never send the
	// same email twice.
	pass sync.Mutex
}

// NewWorker returns a worker; Run starts it.
func NewWorker(o Options) *Worker {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Online == nil {
		o.Online = func(uint64) bool { return false }
	}
	return &Worker{o: o, kick: make(chan struct{}, 1)}
}

// Kick asks for a pass now (a transcript was queued, a reply scheduled).
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Run makes passes until ctx ends: when kicked, when the next email is due,
// and at least every minute.
func (w *Worker) Run(ctx context.Context) {
	for {
		w.Pass(ctx)
		wait := idleWait
		if next, err := w.o.DB.NextMailAt(); err == nil && !next.IsZero() {
			wait = min(max(next.Sub(w.o.Now()), time.Second), idleWait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-w.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

// Pass settles the due pending replies and sends the due emails, once.
func (w *Worker) Pass(ctx context.Context) {
	w.pass.Lock()
	defer w.pass.Unlock()
	now := w.o.Now()
	due, err := w.o.DB.DueReplies(now)
	if err != nil {
		w.o.Log.Error("mail: pending replies", "err", err)
	}
	for _, p := range due {
		if _, err := w.o.DB.SettleReply(p.ConvID, w.settle(now)); err != nil {
			w.o.Log.Error("mail: settle reply", "conv", p.ConvID, "err", err)
		}
	}
	// Emails queued just now carry a time after the one read above.
	now = w.o.Now()
	out, err := w.o.DB.Outbox()
	if err != nil {
		w.o.Log.Error("mail: outbox", "err", err)
		return
	}
	for _, m := range out {
		if m.NextAt.After(now) || ctx.Err() != nil {
			continue
		}
		w.send(ctx, m)
	}
}

// settle decides a due pending reply: nothing left unseen, drop it; the
// shopper is still connected, look again after another grace period;
// otherwise email the unseen replies to the shopper's address, if any.
func (w *Worker) settle(now time.Time) func(store.PendingReply, store.Conversation, store.Visitor, []store.Message) store.Settlement {
	return func(p store.PendingReply, c store.Conversation, v store.Visitor, unseen []store.Message) store.Settlement {
		switch {
		case len(unseen) == 0:
			return store.Settlement{}
		case w.o.Online(v.ID):
			return store.Settlement{Later: now.Add(Grace)}
		case v.Email == "":
			return store.Settlement{}
		}
		return store.Settlement{Mail: &store.Mail{
			Kind: store.MailReply, ConvID: c.ID, VisitorID: v.ID, To: v.Email, Lang: VisitorLang(v),
			FromSeq: unseen[0].Seq, UpToSeq: unseen[len(unseen)-1].Seq,
		}}
	}
}

// VisitorLang is the language of the newest page the shopper was on.
func VisitorLang(v store.Visitor) string {
	for i := len(v.Pages) - 1; i >= 0; i-- {
		if v.Pages[i].Lang != "" {
			return PickLang(v.Pages[i].Lang)
		}
	}
	return ""
}

// send renders and sends one email and records the outcome. The outbox
// record is removed only after the SMTP server accepted the message.
func (w *Worker) send(ctx context.Context, m store.Mail) {
	msg, ok, err := w.compose(m)
	if err != nil {
		w.o.Log.Error("mail: compose", "mail", m.ID, "err", err)
		return
	}
	if !ok { // the conversation was erased: nothing to send
		w.o.DB.MailSent(m.ID)
		return
	}
	sendCtx, cancel := context.WithTimeout(ctx, time.Minute)
	err = w.o.Sender.Send(sendCtx, msg)
	cancel()
	if err == nil {
		if err := w.o.DB.MailSent(m.ID); err != nil {
			w.o.Log.Error("mail: sent but not marked", "mail", m.ID, "err", err)
		}
		w.o.Log.Info("mail sent", "mail", m.ID, "kind", m.Kind, "conv", m.ConvID)
		return
	}
	reason := err.Error()
	if len(reason) > 300 {
		reason = reason[:300]
	}
	if Permanent(err) || m.Attempts+1 >= MaxAttempts {
		w.o.Log.Warn("mail given up", "mail", m.ID, "attempts", m.Attempts+1, "err", reason)
		if err := w.o.DB.MailAbandoned(m.ID, reason); err != nil {
			w.o.Log.Error("mail: abandon", "mail", m.ID, "err", err)
		}
		return
	}
	next := w.o.Now().Add(Backoff(m.Attempts + 1))
	w.o.Log.Warn("mail failed; will retry", "mail", m.ID, "attempt", m.Attempts+1, "retry_at", next, "err", reason)
	if err := w.o.DB.MailFailed(m.ID, reason, next); err != nil {
		w.o.Log.Error("mail: record failure", "mail", m.ID, "err", err)
	}
}

// Backoff is the wait after the n-th failure: 1, 2, 4 … minutes, at most
// an hour.
func Backoff(n int) time.Duration {
	d := time.Minute << min(n-1, 6)
	return min(d, time.Hour)
}

// compose makes the message of an outbox record from the conversation as
// stored now; ok is false when the conversation no longer exists.
func (w *Worker) compose(m store.Mail) (Message, bool, error) {
	conv, err := w.o.DB.Conversation(m.ConvID)
	if err != nil {
		return Message{}, false, nil
	}
	site, err := w.o.DB.Site(conv.SiteID)
	if err != nil {
		return Message{}, false, nil
	}
	msgs, err := w.o.DB.Messages(conv.ID, 0, 0)
	if err != nil {
		return Message{}, false, err
	}
	e := Email{Transcript: m.Kind == store.MailTranscript, Lang: m.Lang, SiteName: site.Name}
	t := words[PickLang(m.Lang)]
	var lines []Line
	for _, msg := range msgs {
		if msg.Seq > m.UpToSeq {
			break
		}
		if msg.Private {
			continue // agents' notes never reach the shopper
		}
		body := msg.Body
		for _, a := range msg.Attachments {
			body += "\n📎 " + a.Name
		}
		author := msg.Author.Name
		switch {
		case msg.Author.Kind == store.AuthorVisitor:
			author = t.You
		case author == "":
			author = site.Name
		}
		lines = append(lines, Line{Author: author, Body: body, New: !e.Transcript && msg.Seq >= m.FromSeq})
	}
	if !e.Transcript && len(lines) > recentLines {
		lines, e.Earlier = lines[len(lines)-recentLines:], true
	}
	e.Lines = lines
	key, err := w.o.DB.LinkKey()
	if err != nil {
		return Message{}, false, err
	}
	e.Link = w.o.PublicURL + LinkPath + url.PathEscape(SignLink(key, conv.ID, conv.VisitorID, w.o.Now().Add(LinkTTL)))
	subject, text, html, err := Render(e)
	if err != nil {
		return Message{}, false, err
	}
	host := "comptoir.invalid"
	if u, err := url.Parse(w.o.PublicURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return Message{
		To: m.To, Subject: subject, Text: text, HTML: html, Lang: PickLang(m.Lang),
		// The same id on every attempt: a receiving server that got a
		// message whose acceptance we never heard can tell it is one.
		MessageID: "mail-" + strconv.FormatUint(m.ID, 10) + "-" + strconv.FormatInt(m.CreatedAt.UnixNano(), 36) + "@" + host,
	}, true, nil
}
