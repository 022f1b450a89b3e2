package ui

import (
	"sort"

	"github.com/comptoir/comptoir/wire"
)

// Thread is what the app holds of one conversation's messages: the stored
// ones in seq order, each seq once, and the agent's replies that the server
// has not acknowledged yet.
type Thread struct {
	Messages []wire.Message
	Pending  []PendingReply
	// Synced is set once the server has finished replaying the conversation.
	Synced bool
	// ReadSeq is the highest seq reported to the server as read.
	ReadSeq uint64
}

// PendingReply is a reply sent but not yet acknowledged. Failed holds the
// server's refusal, if any, so the agent can retry with the same cid.
type PendingReply struct {
	CID    string
	Body   string
	At     int64
	Failed string
	// Files were uploaded before sending; their ids go with every
	// (re)send (FileIDs).
	Files []wire.Attachment
	// Private marks a note for agents only (convo_desk.go).
	Private bool
}

// LastSeq is the highest seq held; subscribe resumes after it.
func (t *Thread) LastSeq() uint64 {
	if n := len(t.Messages); n > 0 {
		return t.Messages[n-1].Seq
	}
	return 0
}

// Add stores m unless its seq is already held, and drops the pending reply
// it confirms. It reports whether m was new.
func (t *Thread) Add(m wire.Message) bool {
	if m.CID != "" {
		t.dropPending(m.CID)
	}
	i := sort.Search(len(t.Messages), func(i int) bool { return t.Messages[i].Seq >= m.Seq })
	if i < len(t.Messages) && t.Messages[i].Seq == m.Seq {
		return false
	}
	t.Messages = append(t.Messages, wire.Message{})
	copy(t.Messages[i+1:], t.Messages[i:])
	t.Messages[i] = m
	return true
}

// AddPending records a reply just sent.
func (t *Thread) AddPending(p PendingReply) {
	for i := range t.Pending {
		if t.Pending[i].CID == p.CID {
			t.Pending[i] = p
			return
		}
	}
	t.Pending = append(t.Pending, p)
}

// Ack turns the pending reply cid into the stored message seq, so it shows
// as sent even before its message frame comes back (which Add then ignores
// as a seq already held). agent is the author to show.
func (t *Thread) Ack(conv, cid string, seq uint64, agent wire.Author) {
	for _, p := range t.Pending {
		if p.CID == cid {
			t.Add(wire.Message{Conv: conv, Seq: seq, CID: cid, Author: agent, Body: p.Body, At: p.At, Attachments: p.Files, Private: p.Private})
			return
		}
	}
}

// Fail marks the pending reply cid as refused with reason.
func (t *Thread) Fail(cid, reason string) bool {
	for i := range t.Pending {
		if t.Pending[i].CID == cid {
			t.Pending[i].Failed = reason
			return true
		}
	}
	return false
}

// Unacked returns the pending replies not refused: they are sent again,
// with the same cid, after a reconnect.
func (t *Thread) Unacked() []PendingReply {
	var out []PendingReply
	for _, p := range t.Pending {
		if p.Failed == "" {
			out = append(out, p)
		}
	}
	return out
}

func (t *Thread) dropPending(cid string) {
	for i := range t.Pending {
		if t.Pending[i].CID == cid {
			t.Pending = append(t.Pending[:i], t.Pending[i+1:]...)
			return
		}
	}
}
