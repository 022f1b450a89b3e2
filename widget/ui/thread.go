package ui

import (
	"reflect"
	"sort"

	"github.com/comptoir/comptoir/wire"
)

// Thread is the widget's copy of one conversation: stored messages ordered by
// seq, each seq at most once. Replay after a reconnect and live delivery may
// overlap; Add is where that overlap is absorbed.
type Thread struct {
	Messages []wire.Message
}

// Add inserts m at its place by seq. It returns false, and changes nothing,
// when a message with that seq is already there.
func (t *Thread) Add(m wire.Message) bool {
	i := sort.Search(len(t.Messages), func(i int) bool { return t.Messages[i].Seq >= m.Seq })
	if i < len(t.Messages) && t.Messages[i].Seq == m.Seq {
		return false
	}
	t.Messages = append(t.Messages, wire.Message{})
	copy(t.Messages[i+1:], t.Messages[i:])
	t.Messages[i] = m
	return true
}

// Refresh replaces the message of m's seq with m when both carry the same
// cid: the server's copy (author, commit time) wins over the one the widget
// drew from its ack. It reports whether anything changed.
func (t *Thread) Refresh(m wire.Message) bool {
	i := sort.Search(len(t.Messages), func(i int) bool { return t.Messages[i].Seq >= m.Seq })
	if i == len(t.Messages) || t.Messages[i].Seq != m.Seq || m.CID == "" || t.Messages[i].CID != m.CID || reflect.DeepEqual(t.Messages[i], m) {
		return false
	}
	t.Messages[i] = m
	return true
}

// LastSeq is the highest seq held, the resume point sent in hello.
func (t *Thread) LastSeq() uint64 {
	if len(t.Messages) == 0 {
		return 0
	}
	return t.Messages[len(t.Messages)-1].Seq
}

// HasCID reports whether a stored message carries cid.
func (t *Thread) HasCID(cid string) bool {
	if cid == "" {
		return false
	}
	for i := len(t.Messages) - 1; i >= 0; i-- {
		if t.Messages[i].CID == cid {
			return true
		}
	}
	return false
}

// Row is one line of the message list as drawn.
type Row struct {
	// Key is stable across the pending → stored transition when possible,
	// so the list does not flicker.
	Key     string
	Author  wire.Author
	Body    string
	At      int64
	Pending bool
	// Files are the message's attachments (attach_view.go draws them).
	Files []wire.Attachment
}

// Rows merges a conversation's stored messages with the shopper's pending
// ones (outbox entries for conv, or for a conversation not created yet).
// A pending entry whose cid is already stored is shown once, as stored.
func Rows(t *Thread, conv string, pending []OutboxEntry) []Row {
	var rows []Row
	if t != nil {
		rows = make([]Row, 0, len(t.Messages)+len(pending))
		for _, m := range t.Messages {
			key := m.CID
			if key == "" {
				key = "s" + uitoa(m.Seq)
			}
			rows = append(rows, Row{Key: key, Author: m.Author, Body: m.Body, At: m.At, Files: m.Attachments})
		}
	}
	for _, e := range pending {
		if e.Conv != conv && e.Conv != "" {
			continue
		}
		if t != nil && t.HasCID(e.CID) {
			continue
		}
		rows = append(rows, Row{Key: e.CID, Author: wire.Author{Kind: wire.AuthorVisitor}, Body: e.Body, Pending: true, Files: e.Attachments})
	}
	return rows
}

func uitoa(v uint64) string {
	if v == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for v > 0 {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[i:])
}
