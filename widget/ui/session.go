package ui

import (
	"sync"

	"github.com/comptoir/comptoir/wire"
)

// session is what a hello needs, shared between the UI goroutine (which
// changes it) and the socket's open callback (which reads it on the
// JavaScript event loop). Everything else lives in the Chat component and is
// touched only inside ctx.Dispatch.
type session struct {
	mu      sync.Mutex
	site    string
	token   string
	resume  map[string]uint64
	page    *wire.PageContext
	contact *wire.ContactUpdate
}

// hello builds the first frame of a connection from the current state, so a
// reconnect resumes from what is on screen now.
func (s *session) hello() wire.Frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	resume := make(map[string]uint64, len(s.resume))
	for conv, seq := range s.resume {
		if len(resume) == wire.MaxResumeConvs {
			break
		}
		resume[conv] = seq
	}
	return wire.Frame{
		Type:    wire.TypeHello,
		V:       wire.Version,
		Site:    s.site,
		Token:   s.token,
		Resume:  resume,
		Page:    s.page,
		Contact: s.contact,
	}
}

func (s *session) setToken(t string) {
	s.mu.Lock()
	s.token = t
	s.mu.Unlock()
}

func (s *session) seen(conv string, seq uint64) {
	s.mu.Lock()
	if s.resume == nil {
		s.resume = map[string]uint64{}
	}
	if seq > s.resume[conv] {
		s.resume[conv] = seq
	}
	s.mu.Unlock()
}

func (s *session) setPage(p *wire.PageContext) {
	s.mu.Lock()
	s.page = p
	s.mu.Unlock()
}

func (s *session) setContact(c *wire.ContactUpdate) {
	s.mu.Lock()
	s.contact = c
	s.mu.Unlock()
}

func (s *session) getContact() *wire.ContactUpdate {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.contact
}
