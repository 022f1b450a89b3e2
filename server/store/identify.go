package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrProofReused means an identity proof already served another browser.
var ErrProofReused = errors.New("store: this identity signature was already used by another browser; sign a fresh one for each page render")

// proofUse binds an identity proof to the first browser (visitor token)
// that presented it.
type proofUse struct {
	TokenHash []byte    `json:"token"`
	Expires   time.Time `json:"expires"`
}

// Identity is a verified identify, already checked against the site secret.
type Identity struct {
	ExternalID string
	Proof      string
	Expires    time.Time
	Name       string
	Email      string
}

// IdentifyVisitor attaches a verified identity to the visitor behind token.
// When another visitor of the site already has that identity (the shopper on
// another device), that visitor is kept: the token now opens it, and the
// conversations started anonymously on this browser move to it. It returns
// the visitor the token now belongs to.
func (db *DB) IdentifyVisitor(siteID uint64, token string, id Identity) (Visitor, error) {
	var out Visitor
	err := db.update(func(tx *bolt.Tx) error {
		out = Visitor{}
		tokenHash := hashToken(token)
		proofs := tx.Bucket(bucketIdentityProofs)
		proofKey := sha256.Sum256([]byte(id.Proof))
		var use proofUse
		switch err := get(proofs, proofKey[:], &use); {
		case err == nil && !bytes.Equal(use.TokenHash, tokenHash):
			return ErrProofReused
		case err != nil && !errors.Is(err, ErrNotFound):
			return err
		}
		if err := put(proofs, proofKey[:], proofUse{TokenHash: tokenHash, Expires: id.Expires}); err != nil {
			return err
		}

		visitors := tx.Bucket(bucketVisitors)
		byToken := tx.Bucket(bucketVisitorsByTok)
		byExt := tx.Bucket(bucketVisitorsByExt)
		currentID := byToken.Get(tokenHash)
		if currentID == nil {
			return ErrNotFound
		}
		var current Visitor
		if err := get(visitors, currentID, &current); err != nil {
			return err
		}
		target := current
		if known := byExt.Get(extKey(siteID, id.ExternalID)); known != nil && btoi(known) != current.ID {
			if err := get(visitors, known, &target); err != nil {
				return err
			}
			if err := moveConversations(tx, current.ID, target.ID); err != nil {
				return err
			}
			if err := byToken.Put(tokenHash, known); err != nil {
				return err
			}
			// The anonymous record keeps nothing the shopper typed: its pages
			// and attributes join the verified visitor.
			target.apply(VisitorUpdate{Attributes: current.Attributes}, db.now().UTC())
			target.Pages = append(target.Pages, current.Pages...)
			if len(target.Pages) > MaxPages {
				target.Pages = target.Pages[len(target.Pages)-MaxPages:]
			}
			if err := visitors.Delete(currentID); err != nil {
				return err
			}
			if err := markSearch(tx, SearchVisitor, current.ID); err != nil {
				return err
			}
		}
		target.ExternalID, target.Verified = id.ExternalID, true
		target.apply(VisitorUpdate{Name: id.Name, Email: id.Email}, db.now().UTC())
		if err := byExt.Put(extKey(siteID, id.ExternalID), itob(target.ID)); err != nil {
			return err
		}
		out = target
		if err := markSearch(tx, SearchVisitor, target.ID); err != nil {
			return err
		}
		return put(visitors, itob(target.ID), &target)
	})
	return out, err
}

// moveConversations gives every conversation of visitor from to visitor to.
func moveConversations(tx *bolt.Tx, from, to uint64) error {
	index := tx.Bucket(bucketConvsByVisitor)
	prefix := itob(from)
	var ids []uint64
	c := index.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, btoi(k[8:]))
	}
	for _, id := range ids {
		conv, err := loadConversation(tx, id)
		if err != nil {
			return err
		}
		conv.VisitorID = to
		if err := storeConversation(tx, &conv); err != nil {
			return err
		}
		if err := index.Delete(pair(from, id)); err != nil {
			return err
		}
		if err := index.Put(pair(to, id), nil); err != nil {
			return err
		}
	}
	return nil
}

// PruneIdentityProofs deletes the replay guards of identity proofs that
// expired before cutoff: the identity package refuses an expired proof
// before it reaches the store, so its guard protects nothing any more.
// It returns how many it deleted.
func (db *DB) PruneIdentityProofs(cutoff time.Time) (int, error) {
	var n int
	err := db.update(func(tx *bolt.Tx) error {
		n = 0
		proofs := tx.Bucket(bucketIdentityProofs)
		var doomed [][]byte
		c := proofs.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var use proofUse
			if json.Unmarshal(v, &use) != nil || use.Expires.Before(cutoff) {
				doomed = append(doomed, bytes.Clone(k))
			}
		}
		for _, k := range doomed {
			if err := proofs.Delete(k); err != nil {
				return err
			}
		}
		n = len(doomed)
		return nil
	})
	return n, err
}
