package chat

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/comptoir/comptoir/server/hours"
	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/limit"
	"github.com/comptoir/comptoir/server/mail"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/wire"
)

// When nobody is there: office hours tell shoppers when the team is back
// (a field of the welcome, an availability frame when it changes), agent
// replies a shopper left before seeing are emailed, and a shopper may ask
// for a transcript by email (package mail sends both).

// Transcript limits: a transcript is an email to an address the shopper
// types, so it is rationed.
const (
	transcriptsPerVisitorPerHour = 3
	transcriptsPerIPPerHour      = 10
)

// offline is the Service's state for office hours and email.
type offline struct {
	mu sync.Mutex
	// schedules caches each site's parsed office hours by their JSON.
	schedules map[uint64]cachedSchedule
	// announced is the availability last pushed per site.
	announced map[uint64]wire.Availability
	kick      chan struct{}
	// announcing is held while CheckHours pushes, so that two pushes (the
	// hours loop's and an admin's edit) reach each widget in order.
	announcing sync.Mutex

	transcripts, transcriptsPerIP *limit.Keyed
}

type cachedSchedule struct {
	raw   string
	sched hours.Schedule
}

func newOffline(now func() time.Time) offline {
	return offline{
		schedules: map[uint64]cachedSchedule{}, announced: map[uint64]wire.Availability{}, kick: make(chan struct{}, 1),
		transcripts:      limit.New(limit.Rule{Burst: transcriptsPerVisitorPerHour, Per: time.Hour}, now),
		transcriptsPerIP: limit.New(limit.Rule{Burst: transcriptsPerIPPerHour, Per: time.Hour}, now),
	}
}

// schedule is a site's parsed office hours; hours refused by hours.Parse
// (never stored by the REST API) count as always open.
func (s *Service) schedule(site store.Site) hours.Schedule {
	if site.OfficeHours == nil {
		return hours.AlwaysOpen
	}
	raw, _ := json.Marshal(site.OfficeHours)
	s.off.mu.Lock()
	defer s.off.mu.Unlock()
	if c, ok := s.off.schedules[site.ID]; ok && c.raw == string(raw) {
		return c.sched
	}
	sched, err := hours.Parse(wire.OfficeHours(*site.OfficeHours))
	if err != nil {
		s.log.Error("office hours", "site", site.ID, "err", err)
		sched = hours.AlwaysOpen
	}
	s.off.schedules[site.ID] = cachedSchedule{string(raw), sched}
	return sched
}

// Availability is whether site's team is in now, and when it is back.
func (s *Service) Availability(site store.Site) wire.Availability {
	return s.schedule(site).Availability(s.now())
}

// CheckHours pushes an availability frame to the widgets of every site
// whose availability changed since the last check. The hours loop calls
// it when a schedule changes state; the admin API after an edit.
func (s *Service) CheckHours() {
	s.off.announcing.Lock()
	defer s.off.announcing.Unlock()
	sites, err := s.db.Sites()
	if err != nil {
		s.log.Error("office hours", "err", err)
		return
	}
	for _, site := range sites {
		a := s.Availability(site)
		s.off.mu.Lock()
		before, known := s.off.announced[site.ID]
		s.off.announced[site.ID] = a
		s.off.mu.Unlock()
		if known && before == a {
			continue
		}
		data, err := json.Marshal(wire.Frame{Type: wire.TypeAvailability, Availability: &a})
		if err != nil {
			continue
		}
		// Paced: every widget of a busy site at once would hold every
		// other message back while their writers run.
		s.hub.PublishPaced(hub.SiteVisitorsTopic(site.ID), hub.Event{Data: data}, announceChunk,
			func() { time.Sleep(announcePause) })
	}
}

// A site's widgets are told of opening or closing announceChunk at a time,
// announcePause apart: 10,000 in about 0.4 s, a quarter of a core meanwhile.
const (
	announceChunk = 128
	announcePause = 5 * time.Millisecond
)

// HoursChanged re-reads the office hours after an admin edit.
func (s *Service) HoursChanged() {
	s.CheckHours()
	select {
	case s.off.kick <- struct{}{}:
	default:
	}
}

// WatchHours runs CheckHours whenever a site opens or closes, until ctx
// ends. It wakes at the next change of any site, at least every minute.
func (s *Service) WatchHours(ctx context.Context) {
	for {
		s.CheckHours()
		wait := time.Minute
		if sites, err := s.db.Sites(); err == nil {
			now := s.now()
			for _, site := range sites {
				if _, next := s.schedule(site).At(now); !next.IsZero() {
					wait = min(wait, max(next.Sub(now)+time.Second, time.Second))
				}
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.off.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

// replyPosted schedules the email of an agent reply, in case the shopper
// does not see it within the grace period (package mail decides then).
func (s *Service) replyPosted(a store.Appended) {
	if s.opts.Mail == nil {
		return
	}
	if err := s.db.ScheduleReply(a.Conversation.ID, a.Message.Seq, s.now().Add(mail.Grace)); err != nil {
		s.log.Error("schedule reply email", "conv", a.Conversation.ID, "err", err)
		return
	}
	s.opts.Mail.Kick()
}

// visitorTranscript queues an email of the whole conversation to the
// shopper: to the address in the frame (saved as the contact's email) or
// the one already known.
func (s *Service) visitorTranscript(c *conn, site store.Site, visitorID uint64, ip string, f wire.Frame) {
	if s.opts.Mail == nil {
		c.sendError(&wire.Error{Code: wire.CodeMailUnavailable, Message: "this chat cannot send email"})
		return
	}
	v, err := s.db.Visitor(visitorID)
	if err != nil {
		c.sendError(asWireError(s.storeError(err)))
		return
	}
	cv, err := s.db.Conversation(ParseID(f.Conv))
	if err != nil || cv.VisitorID != v.ID {
		c.sendError(&wire.Error{Code: wire.CodeConversationNotFound, Message: "no such conversation"})
		return
	}
	to := v.Email
	if f.Contact != nil && f.Contact.Email != "" {
		to = f.Contact.Email
	}
	if !wire.ValidEmail(to) {
		c.sendError(&wire.Error{Code: wire.CodeInvalidEmail, Message: "give an email address like ann@example.com to send the conversation to"})
		return
	}
	key := idString(v.ID)
	if ok, retry := s.off.transcripts.Allow(key); !ok {
		c.sendError(tooFast("", retry, "you have asked for several transcripts"))
		return
	}
	if ok, retry := s.off.transcriptsPerIP.Allow(idString(site.ID) + "|" + ip); !ok {
		c.sendError(tooFast("", retry, "many transcripts were asked from your network"))
		return
	}
	if to != v.Email && !site.RequireVerifiedIdentity {
		if v, err = s.db.UpdateVisitor(v.ID, store.VisitorUpdate{Email: to}); err != nil {
			c.sendError(asWireError(s.storeError(err)))
			return
		}
	}
	if _, err := s.db.QueueMail(store.Mail{
		Kind: store.MailTranscript, ConvID: cv.ID, VisitorID: v.ID, To: to, Lang: mail.VisitorLang(v),
		FromSeq: 1, UpToSeq: cv.LastSeq,
	}); err != nil {
		c.sendError(asWireError(s.storeError(err)))
		return
	}
	s.opts.Mail.Kick()
	c.sendFrame(wire.Frame{Type: wire.TypeTranscript, Conv: f.Conv})
}
