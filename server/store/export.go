package store

import (
	"bytes"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ExportFormat names the layout of a contact export, so that a later
// version can change it and readers can tell.
const ExportFormat = "comptoir.contact-export/1"

// ContactExport is everything Comptoir holds about one visitor: the record
// (name, email, attributes, pages seen) and every conversation with all of
// its messages. It is what an admin hands a shopper who asks for their data,
// so the agents' private notes are left out.
type ContactExport struct {
	Format        string               `json:"format"`
	ExportedAt    time.Time            `json:"exportedAt"`
	Visitor       Visitor              `json:"visitor"`
	Conversations []ConversationExport `json:"conversations"`
}

// ConversationExport is one conversation and its messages in seq order.
type ConversationExport struct {
	Conversation Conversation `json:"conversation"`
	Messages     []Message    `json:"messages"`
}

// ExportVisitor gathers a visitor's data in one read transaction, so the
// export is a consistent picture even while the shopper keeps writing.
// ErrNotFound when there is no such visitor.
func (db *DB) ExportVisitor(id uint64) (ContactExport, error) {
	out := ContactExport{Format: ExportFormat, ExportedAt: db.now().UTC(), Conversations: []ConversationExport{}}
	err := db.view(func(tx *bolt.Tx) error {
		if err := get(tx.Bucket(bucketVisitors), itob(id), &out.Visitor); err != nil {
			return err
		}
		prefix := itob(id)
		c := tx.Bucket(bucketConvsByVisitor).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			ce := ConversationExport{Messages: []Message{}}
			conv, err := loadConversationKey(tx, k[8:])
			if err != nil {
				return err
			}
			ce.Conversation = conv
			err = eachMessage(tx, conv.ID, 0, func(mv []byte) (bool, error) {
				var m Message
				if err := decodeMessage(mv, &m); err != nil {
					return false, err
				}
				if !m.Private { // agents' notes are not the shopper's to take
					ce.Messages = append(ce.Messages, m)
				}
				return true, nil
			})
			if err != nil {
				return err
			}
			out.Conversations = append(out.Conversations, ce)
		}
		return nil
	})
	return out, err
}

// visitorTarget names a visitor in audit entries.
func visitorTarget(id uint64) string { return "visitor:" + strconv.FormatUint(id, 10) }

// ExportVisitorAudited is ExportVisitor preceded by its audit line: the
// export is handed out only once the log says who took it.
func (db *DB) ExportVisitorAudited(agentID, id uint64) (ContactExport, error) {
	// Check the visitor exists first, so a mistyped id leaves no audit noise.
	if _, err := db.Visitor(id); err != nil {
		return ContactExport{}, err
	}
	if _, err := db.Audit(AuditEntry{AgentID: agentID, Action: AuditExport, Target: visitorTarget(id)}); err != nil {
		return ContactExport{}, err
	}
	return db.ExportVisitor(id)
}
