package store

import (
	"bytes"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Conversation statuses.
const (
	StatusOpen     = "open"
	StatusPending  = "pending"
	StatusResolved = "resolved"
	// StatusAwaiting: an agent proposed a solution, the shopper is asked
	// to confirm it (convo.go).
	StatusAwaiting = "awaiting"
)

// Conversation is a thread between a visitor and the site's agents.
type Conversation struct {
	ID        uint64 `json:"id"`
	SiteID    uint64 `json:"site"`
	VisitorID uint64 `json:"visitor"`
	Status    string `json:"status"`
	// Assignee is the agent answering, 0 when unassigned.
	Assignee uint64 `json:"assignee,omitempty"`
	// LastSeq is the seq of the newest message; the next gets LastSeq+1.
	LastSeq uint64 `json:"lastSeq"`
	// Preview is the start of the newest message, for inbox rows.
	Preview string `json:"preview,omitempty"`
	// UnreadByAgents counts visitor messages after AgentReadSeq.
	UnreadByAgents uint64 `json:"unreadByAgents"`
	AgentReadSeq   uint64 `json:"agentReadSeq"`
	// VisitorReadSeq is the newest seq the shopper has seen.
	VisitorReadSeq uint64 `json:"visitorReadSeq"`
	// Product is the product the shopper was looking at, updated as they browse.
	Product    *Product  `json:"product,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
	ResolvedAt time.Time `json:"resolvedAt,omitzero"`

	// PublicSeq is the newest seq the shopper can see: private notes are
	// not counted (0 in data older than notes: LastSeq).
	PublicSeq uint64 `json:"publicSeq,omitempty"`
	// Labels and Reason (a complaint reason of the site's list) are set by
	// agents, for filters and reports (convo.go).
	Labels []string `json:"labels,omitempty"`
	Reason string   `json:"reason,omitempty"`
	// Promise is the latest follow-up promised to the shopper.
	Promise *Promise `json:"promise,omitempty"`
	// ProposedBy is the agent who asked the shopper to confirm a solution;
	// ConfirmBy is when the conversation closes unanswered (awaiting only).
	ProposedBy uint64    `json:"proposedBy,omitempty"`
	ConfirmBy  time.Time `json:"confirmBy,omitzero"`
	// Resolution is how it was resolved: confirmed, unconfirmed or closed.
	Resolution string `json:"resolution,omitempty"`
	// Reopens counts the returns to open from resolved or awaiting.
	Reopens int `json:"reopens,omitempty"`
	// FirstContact: resolved without any reopening nor follow-up promise.
	FirstContact bool `json:"firstContact,omitempty"`

	// Routing (routing.go, package routing). Team is the team the
	// conversation is routed to (0: the whole site). QueuedAt is when it
	// started waiting in line for an agent, zero when not waiting.
	// AwaitingSince is the first shopper message no agent has answered
	// yet, zero when answered. EscalatedAt is when it was escalated to the
	// admins, zero when not. Topic is what the shopper picked in the
	// pre-chat form.
	Team          uint64    `json:"team,omitempty"`
	QueuedAt      time.Time `json:"queuedAt,omitzero"`
	AwaitingSince time.Time `json:"awaitingSince,omitzero"`
	EscalatedAt   time.Time `json:"escalatedAt,omitzero"`
	Topic         string    `json:"topic,omitempty"`
	// TransferredFrom is the agent a conversation in line was transferred
	// away from: the line does not give it back to them.
	TransferredFrom uint64 `json:"transferredFrom,omitempty"`
}

// Conversation finds a conversation by id.
func (db *DB) Conversation(id uint64) (Conversation, error) {
	var c Conversation
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		c, err = loadConversation(tx, id)
		return err
	})
	return c, err
}

// ConversationsOfVisitor lists a visitor's conversations, oldest first.
func (db *DB) ConversationsOfVisitor(visitorID uint64) ([]Conversation, error) {
	return db.conversationsByPrefix(bucketConvsByVisitor, visitorID, 0)
}

// ConversationsOfSite lists up to limit of a site's conversations, newest first
// (0: all).
func (db *DB) ConversationsOfSite(siteID uint64, limit int) ([]Conversation, error) {
	return db.conversationsByPrefix(bucketConvsBySite, siteID, limit)
}

func (db *DB) conversationsByPrefix(index []byte, owner uint64, limit int) ([]Conversation, error) {
	var out []Conversation
	err := db.view(func(tx *bolt.Tx) error {
		prefix := itob(owner)
		c := tx.Bucket(index).Cursor()
		if limit > 0 {
			// Newest first: walk the owner's range backwards.
			k, _ := c.Seek(itob(owner + 1))
			if k == nil {
				k, _ = c.Last()
			} else {
				k, _ = c.Prev()
			}
			for ; k != nil && bytes.HasPrefix(k, prefix) && len(out) < limit; k, _ = c.Prev() {
				conv, err := loadConversationKey(tx, k[8:])
				if err != nil {
					return err
				}
				out = append(out, conv)
			}
			return nil
		}
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			conv, err := loadConversationKey(tx, k[8:])
			if err != nil {
				return err
			}
			out = append(out, conv)
		}
		return nil
	})
	return out, err
}

// SetStatus changes a conversation's status.
func (db *DB) SetStatus(id uint64, status string) (Conversation, error) {
	var c Conversation
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		if c, err = loadConversation(tx, id); err != nil {
			return err
		}
		if err := changeStatus(tx, &c, status, ResolutionClosed, db.now().UTC()); err != nil {
			return err
		}
		return storeConversation(tx, &c)
	})
	return c, err
}

// MarkRead records that one side has seen a conversation up to seq.
func (db *DB) MarkRead(id uint64, byAgent bool, seq uint64) (Conversation, error) {
	var c Conversation
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		if c, err = loadConversation(tx, id); err != nil {
			return err
		}
		seq = min(seq, c.LastSeq)
		if byAgent {
			if seq <= c.AgentReadSeq {
				return nil
			}
			c.AgentReadSeq = seq
			c.UnreadByAgents = countVisitorMessagesAfter(tx, id, seq)
		} else {
			if seq <= c.VisitorReadSeq {
				return nil
			}
			c.VisitorReadSeq = seq
		}
		return storeHot(tx, &c, c.LastSeq, "", nil) // read marks are hot fields (tail.go)
	})
	return c, err
}

func countVisitorMessagesAfter(tx *bolt.Tx, conv, seq uint64) uint64 {
	var n uint64
	eachMessage(tx, conv, seq+1, func(v []byte) (bool, error) {
		var m Message
		if decodeMessage(v, &m) == nil && m.Author.Kind == AuthorVisitor {
			n++
		}
		return true, nil
	})
	return n
}

func setOpenConversationsProduct(tx *bolt.Tx, visitorID uint64, p *Product) error {
	prefix := itob(visitorID)
	c := tx.Bucket(bucketConvsByVisitor).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		conv, err := loadConversationKey(tx, k[8:])
		if err != nil {
			return err
		}
		if conv.Status == StatusResolved || (conv.Product != nil && *conv.Product == *p) {
			continue
		}
		conv.Product = p
		if err := storeConversation(tx, &conv); err != nil {
			return err
		}
	}
	return nil
}
