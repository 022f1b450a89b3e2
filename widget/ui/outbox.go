package ui

import (
	"encoding/json"
	"strings"

	"github.com/comptoir/comptoir/wire"
)

// OutboxEntry is a message the shopper wrote that the server has not yet
// acknowledged. It is kept in localStorage until the ack, so a reload or a
// dropped connection loses nothing; resending is safe because the server
// dedupes by cid.
type OutboxEntry struct {
	CID  string `json:"cid"`
	Conv string `json:"conv"`
	Body string `json:"body"`
	// Attachments were uploaded before the message was queued; their ids
	// go in every (re)send, and the rest draws the pending bubble.
	Attachments []wire.Attachment `json:"attachments,omitempty"`
}

// maxOutbox bounds what a shopper can pile up offline; localStorage is small
// and a hundred unsent messages is already a conversation of its own.
const maxOutbox = 100

// DecodeOutbox reads a stored outbox. Anything unreadable counts as empty:
// a corrupt entry must not stop the widget from starting.
func DecodeOutbox(s string) []OutboxEntry {
	if s == "" {
		return nil
	}
	var entries []OutboxEntry
	if err := json.Unmarshal([]byte(s), &entries); err != nil {
		return nil
	}
	kept := entries[:0]
	for _, e := range entries {
		if e.CID != "" && (strings.TrimSpace(e.Body) != "" || len(e.Attachments) > 0) {
			kept = append(kept, e)
		}
	}
	return kept
}

// EncodeOutbox is the stored form of entries.
func EncodeOutbox(entries []OutboxEntry) string {
	if len(entries) == 0 {
		return "[]"
	}
	b, err := json.Marshal(entries)
	if err != nil {
		return "[]"
	}
	return string(b)
}

// WithEntry returns entries plus e, unless e's cid is already there.
// The oldest entries go first when the outbox is full.
func WithEntry(entries []OutboxEntry, e OutboxEntry) []OutboxEntry {
	for _, x := range entries {
		if x.CID == e.CID {
			return entries
		}
	}
	entries = append(entries, e)
	if len(entries) > maxOutbox {
		entries = entries[len(entries)-maxOutbox:]
	}
	return entries
}

// WithoutCID returns entries without the one named cid.
func WithoutCID(entries []OutboxEntry, cid string) []OutboxEntry {
	out := entries[:0:0]
	for _, e := range entries {
		if e.CID != cid {
			out = append(out, e)
		}
	}
	return out
}

// WithConv gives a conversation id to entries written before the
// conversation existed, once the server has said which one it created, so
// they all land in it.
func WithConv(entries []OutboxEntry, conv string) []OutboxEntry {
	out := make([]OutboxEntry, len(entries))
	for i, e := range entries {
		if e.Conv == "" {
			e.Conv = conv
		}
		out[i] = e
	}
	return out
}

// UUIDv4 formats 16 random bytes as an RFC 9562 version 4 UUID.
func UUIDv4(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0x0f])
	}
	return string(out)
}
