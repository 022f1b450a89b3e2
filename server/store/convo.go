package store

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The conversation tools: labels, complaint reason, follow-up promise and
// resolution confirmed by the shopper (docs/agents.md).

// ErrWrongStatus refuses a change the conversation's status does not allow:
// answering a proposal that is no longer awaiting, proposing on a resolved
// conversation, marking a promise kept when none is due.
var ErrWrongStatus = errors.New("store: the conversation's status does not allow this")

// How a resolved conversation was closed (Conversation.Resolution).
const (
	ResolutionConfirmed   = "confirmed"
	ResolutionUnconfirmed = "unconfirmed"
	ResolutionClosed      = "closed"
)

// maxSiteLabels bounds the labels a site remembers as suggestions.
const maxSiteLabels = 500

var bucketConfirmDue = []byte("confirm_due")

// Promise is a follow-up promised to the shopper: what will be sent, by
// when and how (chat or email).
type Promise struct {
	What      string    `json:"what"`
	Due       time.Time `json:"due"`
	Channel   string    `json:"channel"`
	AgentID   uint64    `json:"agent,omitempty"`
	AgentName string    `json:"agentName,omitempty"`
	At        time.Time `json:"at"`
	// DoneAt is when an agent marked it kept; zero while due.
	DoneAt time.Time `json:"doneAt,omitzero"`
}

// confirmKey is the confirm_due key: deadline (Unix ns) | convID, so a
// sweep reads only the conversations due.
func confirmKey(due time.Time, id uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, uint64(due.UnixNano()))
	binary.BigEndian.PutUint64(k[8:], id)
	return k
}

// changeStatus moves c to status, keeping the records reports read:
// resolution and first-contact on resolving, a reopen count on leaving
// resolved or awaiting, and the confirm_due index on leaving awaiting.
func changeStatus(tx *bolt.Tx, c *Conversation, status, resolution string, now time.Time) error {
	c.UpdatedAt = now
	if c.Status == status {
		return nil
	}
	from := c.Status
	if from == StatusAwaiting {
		if err := tx.Bucket(bucketConfirmDue).Delete(confirmKey(c.ConfirmBy, c.ID)); err != nil {
			return err
		}
		c.ConfirmBy, c.ProposedBy = time.Time{}, 0
	}
	c.Status = status
	switch status {
	case StatusResolved:
		c.ResolvedAt, c.Resolution = now, resolution
		// Nobody waits for a resolved conversation (routing).
		c.QueuedAt, c.AwaitingSince, c.EscalatedAt = time.Time{}, time.Time{}, time.Time{}
		c.FirstContact = c.Reopens == 0 && c.Promise == nil
	default:
		if from == StatusResolved || from == StatusAwaiting {
			c.Reopens++
		}
		c.ResolvedAt, c.Resolution, c.FirstContact = time.Time{}, "", false
	}
	return nil
}

// Propose records that agentID proposed a solution and asks the shopper to
// confirm it: the conversation awaits an answer until now+wait, then closes
// as unconfirmed (CloseUnconfirmed). Proposing again restarts the wait.
func (db *DB) Propose(id, agentID uint64, wait time.Duration) (Conversation, error) {
	var c Conversation
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		if c, err = loadConversation(tx, id); err != nil {
			return err
		}
		if c.Status == StatusResolved {
			return ErrWrongStatus
		}
		now := db.now().UTC()
		if err := changeStatus(tx, &c, StatusOpen, "", now); err != nil { // leaves a previous proposal
			return err
		}
		c.Status, c.ProposedBy, c.ConfirmBy = StatusAwaiting, agentID, now.Add(wait)
		if err := tx.Bucket(bucketConfirmDue).Put(confirmKey(c.ConfirmBy, id), nil); err != nil {
			return err
		}
		return storeConversation(tx, &c)
	})
	return c, err
}

// Answered is the outcome of AnswerProposal.
type Answered struct {
	Conversation Conversation
	// ThankYou is the system message stored on a yes, if any.
	ThankYou *Message
}

// AnswerProposal applies the shopper's answer to an awaiting conversation
// of theirs: yes resolves it as confirmed, after the thank-you message
// (when not empty); no reopens it, assigned to the agent who proposed.
func (db *DB) AnswerProposal(id, visitorID uint64, yes bool, thanks string) (Answered, error) {
	var out Answered
	err := db.update(func(tx *bolt.Tx) error {
		out = Answered{}
		c, err := loadConversation(tx, id)
		if err != nil {
			return err
		}
		if c.VisitorID != visitorID {
			return ErrNotFound
		}
		if c.Status != StatusAwaiting {
			return ErrWrongStatus
		}
		now := db.now().UTC()
		if !yes {
			agent := c.ProposedBy
			if err := changeStatus(tx, &c, StatusOpen, "", now); err != nil {
				return err
			}
			if agent != 0 {
				c.Assignee = agent
			}
		} else {
			if thanks != "" {
				a, err := appendMessage(tx, NewMessage{ConvID: id, Author: Author{Kind: AuthorSystem}, Body: thanks}, now)
				if err != nil {
					return err
				}
				c, out.ThankYou = a.Conversation, &a.Message
			}
			if err := changeStatus(tx, &c, StatusResolved, ResolutionConfirmed, now); err != nil {
				return err
			}
		}
		out.Conversation = c
		return storeConversation(tx, &c)
	})
	return out, err
}

// closeBatch bounds one CloseUnconfirmed transaction.
const closeBatch = 500

// CloseUnconfirmed resolves, as unconfirmed, every awaiting conversation
// whose shopper did not answer by now, and returns them (at most closeBatch
// per call: call again while it returns that many).
func (db *DB) CloseUnconfirmed(now time.Time) ([]Conversation, error) {
	var out []Conversation
	err := db.update(func(tx *bolt.Tx) error {
		out = nil
		due := tx.Bucket(bucketConfirmDue)
		limit := uint64(now.UnixNano())
		var keys [][]byte
		cur := due.Cursor()
		for k, _ := cur.First(); k != nil && binary.BigEndian.Uint64(k) <= limit && len(keys) < closeBatch; k, _ = cur.Next() {
			keys = append(keys, slices.Clone(k))
		}
		for _, k := range keys {
			if err := due.Delete(k); err != nil {
				return err
			}
			c, err := loadConversationKey(tx, k[8:])
			if errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			if c.Status != StatusAwaiting {
				continue
			}
			if err := changeStatus(tx, &c, StatusResolved, ResolutionUnconfirmed, now.UTC()); err != nil {
				return err
			}
			if err := storeConversation(tx, &c); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// changeConversation is the read-modify-write of one conversation.
func (db *DB) changeConversation(id uint64, change func(tx *bolt.Tx, c *Conversation) error) (Conversation, error) {
	var c Conversation
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		if c, err = loadConversation(tx, id); err != nil {
			return err
		}
		if err := change(tx, &c); err != nil {
			return err
		}
		return storeConversation(tx, &c)
	})
	return c, err
}

// SetLabels replaces a conversation's labels (already cleaned by the
// caller) and adds the new ones to its site's suggestions.
func (db *DB) SetLabels(id uint64, labels []string) (Conversation, error) {
	return db.changeConversation(id, func(tx *bolt.Tx, c *Conversation) error {
		c.Labels = labels
		_, err := changeSite(tx, c.SiteID, func(s *Site) { s.Labels = mergeLabels(s.Labels, labels) })
		return err
	})
}

// mergeLabels adds the labels known not yet (ignoring case), sorted, keeping
// at most maxSiteLabels.
func mergeLabels(known, add []string) []string {
	for _, l := range add {
		if !slices.ContainsFunc(known, func(k string) bool { return strings.EqualFold(k, l) }) && len(known) < maxSiteLabels {
			known = append(known, l)
		}
	}
	slices.SortFunc(known, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return known
}

// SetReason sets a conversation's complaint reason ("" clears it). The
// caller checks it is one of the site's.
func (db *DB) SetReason(id uint64, reason string) (Conversation, error) {
	return db.changeConversation(id, func(_ *bolt.Tx, c *Conversation) error {
		c.Reason = reason
		return nil
	})
}

// SetPromise records a follow-up promise, replacing any earlier one.
func (db *DB) SetPromise(id uint64, p Promise) (Conversation, error) {
	return db.changeConversation(id, func(_ *bolt.Tx, c *Conversation) error {
		p.At = db.now().UTC()
		c.Promise = &p
		return nil
	})
}

// KeepPromise marks the conversation's promise kept; ErrWrongStatus when
// none is due.
func (db *DB) KeepPromise(id uint64) (Conversation, error) {
	return db.changeConversation(id, func(_ *bolt.Tx, c *Conversation) error {
		if c.Promise == nil || !c.Promise.DoneAt.IsZero() {
			return ErrWrongStatus
		}
		p := *c.Promise
		p.DoneAt = db.now().UTC()
		c.Promise = &p
		return nil
	})
}
