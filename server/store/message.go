package store

import (
	"bytes"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// Author kinds.
const (
	AuthorVisitor = "visitor"
	AuthorAgent   = "agent"
	AuthorSystem  = "system"
)

// Author is who wrote a message.
type Author struct {
	Kind string `json:"kind"`
	ID   uint64 `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// Message is one message of a conversation.
type Message struct {
	ConvID uint64    `json:"conv"`
	Seq    uint64    `json:"seq"`
	CID    string    `json:"cid,omitempty"`
	Author Author    `json:"author"`
	Body   string    `json:"body"`
	At     time.Time `json:"at"`
	// Attachments are the files sent with the message (attachment.go).
	Attachments []Attachment `json:"attachments,omitempty"`
	// Private marks an agents' note, never shown to the shopper (convo.go).
	Private bool `json:"private,omitempty"`
	// Event is what routing did (a private system message; routing.go).
	Event *RoutingEvent `json:"event,omitempty"`
}

// NewMessage is a message to append. ConvID 0 (visitors only) means: the
// visitor's open conversation, or a new one when none is open.
type NewMessage struct {
	ConvID    uint64
	SiteID    uint64
	VisitorID uint64
	CID       string
	Author    Author
	Body      string
	// Product is the product context of a conversation this message starts.
	Product *Product
	// Attachments are ids of the author's pending uploads to send with the
	// message; any that is not is ErrUploadUnavailable and nothing is stored.
	Attachments []string
	// Private makes an agent's message a note for agents only (and a
	// system message an event line for agents only).
	Private bool
	// Event is what routing did, for a system message (routing.go).
	Event *RoutingEvent
	// Acknowledgement, when not empty and this message starts a new
	// conversation, is stored right after it as a system message, in the
	// same transaction (the site's automatic acknowledgement).
	Acknowledgement string
	// Topic is what the shopper picked in the pre-chat form, kept on a
	// conversation this message starts.
	Topic string
}

// Appended is the outcome of AppendMessage.
type Appended struct {
	Message      Message
	Conversation Conversation
	// Duplicate is true when the cid was already stored: Message is the stored
	// one and nothing was written.
	Duplicate bool
	// Created is true when the message started a new conversation.
	Created bool
	// Acknowledgement is the system message stored after a new
	// conversation's first message, if the site sends one.
	Acknowledgement *Message
	// Reopened is true when a shopper's message reopened a resolved or
	// awaiting conversation.
	Reopened bool
}

// previewRunes bounds Conversation.Preview.
const previewRunes = 140

// AppendMessage stores a message with the conversation's next seq, once per
// cid: a resent cid returns the stored message. It returns after the commit.
func (db *DB) AppendMessage(m NewMessage) (Appended, error) {
	var out Appended
	err := db.update(func(tx *bolt.Tx) (err error) {
		out, err = appendMessage(tx, m, db.now().UTC())
		if err != nil || !out.Created || m.Acknowledgement == "" {
			return err
		}
		ack, err := appendMessage(tx, NewMessage{ConvID: out.Conversation.ID, Author: Author{Kind: AuthorSystem}, Body: m.Acknowledgement}, db.now().UTC())
		if err != nil {
			return err
		}
		out.Acknowledgement, out.Conversation = &ack.Message, ack.Conversation
		return nil
	})
	return out, err
}

// appendMessage is AppendMessage inside tx.
func appendMessage(tx *bolt.Tx, m NewMessage, now time.Time) (Appended, error) {
	var out Appended
	err := func() error {
		var conv Conversation
		var err error
		if m.ConvID == 0 {
			found, err := visitorConversationFor(tx, m.VisitorID, m.CID)
			if err != nil {
				return err
			}
			conv = found
		} else if conv, err = loadConversation(tx, m.ConvID); err != nil {
			return err
		}

		if conv.ID != 0 {
			if seq, ok := findCID(tx, conv.ID, m.CID); ok {
				out.Duplicate = true
				out.Conversation = conv
				v := getMessage(tx, conv.ID, seq)
				if v == nil {
					return ErrNotFound
				}
				return decodeMessage(v, &out.Message)
			}
		} else {
			// The visitor may have been erased while this message was on
			// its way: never recreate data for an erased contact.
			if tx.Bucket(bucketVisitors).Get(itob(m.VisitorID)) == nil {
				return ErrNotFound
			}
			id, _ := nextConversationID(tx)
			conv = Conversation{
				ID: id, SiteID: m.SiteID, VisitorID: m.VisitorID, Status: StatusOpen,
				Product: m.Product, CreatedAt: now, Topic: m.Topic,
			}
			if err := tx.Bucket(bucketConvsBySite).Put(pair(m.SiteID, id), nil); err != nil {
				return err
			}
			if err := tx.Bucket(bucketConvsByVisitor).Put(pair(m.VisitorID, id), nil); err != nil {
				return err
			}
			out.Created = true
		}

		if conv.PublicSeq == 0 {
			conv.PublicSeq = conv.LastSeq // data older than private notes
		}
		conv.LastSeq++
		private := m.Private && m.Author.Kind != AuthorVisitor
		msg := Message{ConvID: conv.ID, Seq: conv.LastSeq, CID: m.CID, Author: m.Author, Body: m.Body, At: now, Private: private, Event: m.Event}
		if err := attach(tx, m.Attachments, conv, &msg); err != nil {
			return err
		}
		conv.UpdatedAt = now
		if !private {
			conv.PublicSeq = conv.LastSeq
		}
		// A note changes neither what the shopper sees nor the preview; a
		// system message (acknowledgement, thank-you) leaves the preview to
		// what people wrote.
		if !private && m.Author.Kind != AuthorSystem {
			conv.Preview = preview(m.Body)
			if conv.Preview == "" && len(msg.Attachments) > 0 {
				conv.Preview = preview("📎 " + msg.Attachments[0].Name)
			}
		}
		switch m.Author.Kind {
		case AuthorVisitor:
			conv.UnreadByAgents++
			// A shopper writing again reopens a resolved conversation, and
			// one awaiting confirmation: the proposal did not close it.
			if conv.Status == StatusResolved || conv.Status == StatusAwaiting {
				if err := changeStatus(tx, &conv, StatusOpen, "", now); err != nil {
					return err
				}
				out.Reopened = true
			}
			if conv.AwaitingSince.IsZero() {
				conv.AwaitingSince = now
			}
		case AuthorAgent:
			// Answering means the agent has read everything before.
			conv.AgentReadSeq = conv.LastSeq
			conv.UnreadByAgents = 0
			if !private { // a note is no answer to the shopper
				conv.AwaitingSince = time.Time{}
			}
		}
		v, err := encodeMessage(&msg)
		if err != nil {
			return err
		}
		// The message, its cid and the hot counters go to the journal
		// (journal.go), or next to the conversation's messages (tail.go);
		// the record only when more changed.
		if err := storeHot(tx, &conv, msg.Seq, m.CID, v); err != nil {
			return err
		}
		if err := markSearch(tx, SearchConversation, conv.ID); err != nil {
			return err
		}
		out.Message, out.Conversation = msg, conv
		return nil
	}()
	return out, err
}

// visitorConversationFor picks where a visitor's message without a
// conversation id goes: the conversation that already holds its cid (a resend
// whose ack was lost), else the newest open one, else none (zero value).
func visitorConversationFor(tx *bolt.Tx, visitorID uint64, cid string) (Conversation, error) {
	prefix := itob(visitorID)
	c := tx.Bucket(bucketConvsByVisitor).Cursor()
	var open Conversation
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		convID := btoi(k[8:])
		conv, err := loadConversationKey(tx, k[8:])
		if err != nil {
			return Conversation{}, err
		}
		if _, ok := findCID(tx, convID, cid); ok {
			return conv, nil
		}
		if conv.Status != StatusResolved {
			open = conv
		}
	}
	return open, nil
}

// Messages returns up to limit messages of a conversation with seq > after,
// in seq order.
func (db *DB) Messages(convID, after uint64, limit int) ([]Message, error) {
	var out []Message
	err := db.view(func(tx *bolt.Tx) error {
		return eachMessage(tx, convID, after+1, func(v []byte) (bool, error) {
			if limit > 0 && len(out) >= limit {
				return false, nil
			}
			var m Message
			if err := decodeMessage(v, &m); err != nil {
				return false, err
			}
			out = append(out, m)
			return true, nil
		})
	})
	return out, err
}

func preview(body string) string {
	if utf8.RuneCountInString(body) <= previewRunes {
		return body
	}
	n := 0
	for i := range body {
		if n == previewRunes {
			return body[:i] + "…"
		}
		n++
	}
	return body
}
