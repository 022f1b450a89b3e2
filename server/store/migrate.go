package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migrations[i] brings a database from schema version i to i+1. Append only:
// a released migration never changes.
var migrations = []func(tx *bolt.Tx) error{
	// 0 → 1: the initial layout (doc.go).
	func(tx *bolt.Tx) error {
		for _, b := range [][]byte{
			bucketSites, bucketSitesByKey, bucketAgents, bucketAgentsByEmail, bucketSessions,
			bucketVisitors, bucketVisitorsByTok, bucketConversations, bucketConvsBySite,
			bucketConvsByVisitor, bucketMessages, bucketMessageCIDs,
		} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 1 → 2: verified identities.
	func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketVisitorsByExt, bucketIdentityProofs} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 2 → 3: the audit log of admin actions (audit.go).
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketAudit)
		return err
	},
	// 3 → 4: uploaded files' metadata (attachment.go).
	func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketAttachments, bucketAttachmentsByConv, bucketUploadsPending} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 4 → 5: each site's library of canned replies (canned.go).
	func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketCanned, bucketCannedBySite} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 5 → 6: email to shoppers: replies waiting for their grace period and
	// the outbox (mail.go).
	func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMailPending, bucketMailOutbox} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 6 → 7: awaiting conversations by the time they close unanswered (convo.go).
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketConfirmDue)
		return err
	},
	// 7 → 8: routing's teams and each site's recent waits in line (routing.go).
	func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketTeams, bucketRoutingWaits} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 8 → 9: what the full-text index must look at again (search.go). The
	// index of an older file does not exist yet and is built from scratch.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketSearchDirty)
		return err
	},
	// 9 → 10: the cids of a conversation's newest messages are kept in a
	// tail value after its messages (tail.go). Nothing moves: a file
	// without tails has every cid in message_cids. The version stops older
	// builds, which would read a tail as a message, from opening the file.
	func(tx *bolt.Tx) error { return nil },
	// 10 → 11: the tail also holds the conversation's hot fields, which
	// override those of its record (tail.go). Nothing moves: a version 1
	// tail has none, the record's are right. The version stops version
	// 10 builds, which would miss the cids of a version 2 tail.
	func(tx *bolt.Tx) error { return nil },
	// 11 → 12: new messages are stored in binary (msgcodec.go). Nothing
	// moves: JSON messages are still read. The version stops version 11
	// builds, which would fail on a binary message.
	func(tx *bolt.Tx) error { return nil },
	// 12 → 13: plain messages and read marks are journaled first
	// (journal.go). The version stops version 12 builds, which would not
	// see journaled messages.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketJournal)
		return err
	},
}

// SchemaVersion is the layout version this build writes.
func SchemaVersion() uint64 { return uint64(len(migrations)) }

// schemaVersion reads the stored version; 0 for a new file.
func schemaVersion(tx *bolt.Tx) uint64 {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0
	}
	v := meta.Get(keySchema)
	if len(v) != 8 {
		return 0
	}
	return btoi(v)
}

// migrate runs every migration the file has not seen, in one transaction, so
// a crash mid-way leaves the old version intact.
func migrate(db *bolt.DB) error {
	return db.Update(func(tx *bolt.Tx) error {
		from := schemaVersion(tx)
		if from > SchemaVersion() {
			return fmt.Errorf("store: data file has schema version %d, newer than this build's %d; run a newer Comptoir", from, SchemaVersion())
		}
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		for v := from; v < SchemaVersion(); v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("store: migration %d→%d: %w", v, v+1, err)
			}
		}
		return meta.Put(keySchema, itob(SchemaVersion()))
	})
}
