package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Erased counts what an erase removed.
type Erased struct {
	Visitors      int `json:"visitors"`
	Conversations int `json:"conversations"`
	Messages      int `json:"messages"`
	// Files counts uploaded files, sent or not (attachment.go).
	Files int `json:"files"`
}

func (e Erased) String() string {
	s := fmt.Sprintf("%d visitor(s), %d conversation(s), %d message(s)", e.Visitors, e.Conversations, e.Messages)
	if e.Files > 0 {
		s += fmt.Sprintf(", %d file(s)", e.Files)
	}
	return s
}

// EraseVisitor deletes a visitor and everything attached to it: its record,
// the token and external-id index entries that lead to it, the identity
// proofs its browsers presented, its conversations with their index entries,
// messages, cids and attachments, and its uploads not sent yet. The audit
// line (by agentID) commits in the same transaction; the uploaded files are
// deleted right after the commit. ErrNotFound when there is no such visitor.
//
// bbolt keeps freed pages, with their old bytes, inside the file until they
// are reused: the erased strings physically leave the disk only after
// Compact (see backup.go and docs/operations.md).
func (db *DB) EraseVisitor(agentID, id uint64) (Erased, error) {
	var out Erased
	var files []string
	err := db.update(func(tx *bolt.Tx) error {
		out, files = Erased{}, nil
		var v Visitor
		if err := get(tx.Bucket(bucketVisitors), itob(id), &v); err != nil {
			return err
		}
		convIDs := indexedIDs(tx.Bucket(bucketConvsByVisitor), id)
		for _, conv := range convIDs {
			n, ids, err := eraseConversation(tx, conv)
			if err != nil {
				return err
			}
			out.Conversations++
			out.Messages += n
			files = append(files, ids...)
		}
		pending, err := erasePendingOf(tx, Uploader{Kind: AuthorVisitor, ID: id})
		if err != nil {
			return err
		}
		files = append(files, pending...)
		out.Files = len(files)
		if err := eraseVisitorRecord(tx, v); err != nil {
			return err
		}
		out.Visitors = 1
		_, err = db.appendAudit(tx, AuditEntry{AgentID: agentID, Action: AuditErase, Target: visitorTarget(id), Detail: out.String()})
		return err
	})
	if err == nil {
		db.removeFiles(files)
	}
	return out, err
}

// indexedIDs lists the second halves of the owner|id keys of an index.
func indexedIDs(index *bolt.Bucket, owner uint64) []uint64 {
	var ids []uint64
	prefix := itob(owner)
	c := index.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, btoi(k[8:16]))
	}
	return ids
}

// eraseConversation deletes a conversation, its two index entries, its
// messages, its cids and its attachments' records, and returns how many
// messages it had and the attachment ids, whose files the caller deletes
// after the commit. Keys are collected before deleting: deleting under a
// moving cursor skips keys.
func eraseConversation(tx *bolt.Tx, id uint64) (int, []string, error) {
	conv, err := loadConversation(tx, id)
	if err != nil {
		return 0, nil, err
	}
	// Its journaled messages first (journal.go), and their records, which
	// recovery would otherwise find without the tail that says they moved.
	if err := flushConversation(tx, id); err != nil {
		return 0, nil, err
	}
	if err := dropRecords(tx, id); err != nil {
		return 0, nil, err
	}
	hasTail := tx.Bucket(bucketMessages).Get(tailKey(id)) != nil
	n, err := deletePrefix(tx.Bucket(bucketMessages), itob(id))
	if err != nil {
		return 0, nil, err
	}
	if hasTail {
		n-- // the tail (tail.go) is no message
	}
	if _, err := deletePrefix(tx.Bucket(bucketMessageCIDs), itob(id)); err != nil {
		return 0, nil, err
	}
	files, err := eraseAttachmentsOf(tx, id)
	if err != nil {
		return 0, nil, err
	}
	if err := eraseMailOf(tx, id); err != nil {
		return 0, nil, err
	}
	if err := tx.Bucket(bucketConvsBySite).Delete(pair(conv.SiteID, id)); err != nil {
		return 0, nil, err
	}
	if !conv.ConfirmBy.IsZero() {
		if err := tx.Bucket(bucketConfirmDue).Delete(confirmKey(conv.ConfirmBy, id)); err != nil {
			return 0, nil, err
		}
	}
	if err := tx.Bucket(bucketConvsByVisitor).Delete(pair(conv.VisitorID, id)); err != nil {
		return 0, nil, err
	}
	// The index drops the conversation's texts after this commit.
	if err := markSearch(tx, SearchConversation, id); err != nil {
		return 0, nil, err
	}
	return n, files, dropConversation(tx, id)
}

// eraseVisitorRecord deletes the visitor and every index entry pointing to
// it. The token index has no reverse index (tokens are hashed), so it is
// scanned; erasing is rare and the scan is sequential.
func eraseVisitorRecord(tx *bolt.Tx, v Visitor) error {
	idKey := itob(v.ID)
	byToken := tx.Bucket(bucketVisitorsByTok)
	var tokenHashes [][]byte
	c := byToken.Cursor()
	for k, val := c.First(); k != nil; k, val = c.Next() {
		if bytes.Equal(val, idKey) {
			tokenHashes = append(tokenHashes, bytes.Clone(k))
		}
	}
	for _, k := range tokenHashes {
		if err := byToken.Delete(k); err != nil {
			return err
		}
	}
	if v.ExternalID != "" {
		if byExt := tx.Bucket(bucketVisitorsByExt); byExt != nil {
			key := extKey(v.SiteID, v.ExternalID)
			if got := byExt.Get(key); got != nil && bytes.Equal(got, idKey) {
				if err := byExt.Delete(key); err != nil {
					return err
				}
			}
		}
	}
	if err := eraseProofsOf(tx, tokenHashes); err != nil {
		return err
	}
	if err := markSearch(tx, SearchVisitor, v.ID); err != nil {
		return err
	}
	return tx.Bucket(bucketVisitors).Delete(idKey)
}

// eraseProofsOf deletes the identity proofs presented by these browsers:
// they tie a token hash to the shopper's signed identity.
func eraseProofsOf(tx *bolt.Tx, tokenHashes [][]byte) error {
	proofs := tx.Bucket(bucketIdentityProofs)
	if proofs == nil || len(tokenHashes) == 0 {
		return nil
	}
	var doomed [][]byte
	c := proofs.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var use proofUse
		if json.Unmarshal(v, &use) != nil {
			continue
		}
		for _, h := range tokenHashes {
			if bytes.Equal(use.TokenHash, h) {
				doomed = append(doomed, bytes.Clone(k))
				break
			}
		}
	}
	for _, k := range doomed {
		if err := proofs.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// deletePrefix deletes every key starting with prefix and returns how many.
func deletePrefix(b *bolt.Bucket, prefix []byte) (int, error) {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}
