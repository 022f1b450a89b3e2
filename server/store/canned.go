package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Canned replies: each site's library of prepared answers. Every change is
// made by an admin and audited in the same commit (like UpdateSiteAs).

// Audit actions of the canned-reply library.
const (
	AuditCannedCreate = "canned.create"
	AuditCannedUpdate = "canned.update"
	AuditCannedDelete = "canned.delete"
)

var (
	// bucketCanned holds id → CannedReply.
	bucketCanned = []byte("canned")
	// bucketCannedBySite holds siteID|shortcut → id: the shortcut's
	// uniqueness in its site, and the site's library in shortcut order.
	bucketCannedBySite = []byte("canned_by_site")
)

// ErrLibraryFull is returned when a site already holds the most canned
// replies CreateCanned accepts.
var ErrLibraryFull = errors.New("store: canned-reply library full")

// CannedReply is one canned reply of a site. The caller checks the fields
// (server/web); the store keeps the shortcut unique per site.
type CannedReply struct {
	ID       uint64 `json:"id"`
	SiteID   uint64 `json:"site"`
	Shortcut string `json:"shortcut"`
	Title    string `json:"title"`
	// Texts maps a language code to the text in that language.
	Texts     map[string]string `json:"texts"`
	CreatedAt time.Time         `json:"createdAt"`
	UpdatedAt time.Time         `json:"updatedAt"`
}

// CreateCanned stores c as a new reply of c.SiteID, on behalf of admin
// agentID. It returns ErrNotFound when the site does not exist, ErrConflict
// when the shortcut is taken in that site, and ErrLibraryFull beyond max
// replies per site (max <= 0: no bound).
func (db *DB) CreateCanned(agentID uint64, c CannedReply, max int) (CannedReply, error) {
	err := db.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSites).Get(itob(c.SiteID)) == nil {
			return ErrNotFound
		}
		bySite := tx.Bucket(bucketCannedBySite)
		if bySite.Get(extKey(c.SiteID, c.Shortcut)) != nil {
			return ErrConflict
		}
		if max > 0 && countPrefix(bySite, itob(c.SiteID)) >= max {
			return ErrLibraryFull
		}
		all := tx.Bucket(bucketCanned)
		id, err := all.NextSequence()
		if err != nil {
			return err
		}
		c.ID = id
		c.CreatedAt = db.now().UTC()
		c.UpdatedAt = c.CreatedAt
		if err := bySite.Put(extKey(c.SiteID, c.Shortcut), itob(id)); err != nil {
			return err
		}
		if err := put(all, itob(id), &c); err != nil {
			return err
		}
		_, err = db.appendAudit(tx, AuditEntry{AgentID: agentID, Action: AuditCannedCreate, Target: cannedTarget(id), Detail: cannedDetail(c)})
		return err
	})
	return c, err
}

// UpdateCanned applies change to reply id on behalf of admin agentID; the
// id and site cannot change. ErrNotFound for an unknown id, ErrConflict
// when the new shortcut is another reply's.
func (db *DB) UpdateCanned(agentID, id uint64, change func(*CannedReply)) (CannedReply, error) {
	var c CannedReply
	err := db.update(func(tx *bolt.Tx) error {
		all := tx.Bucket(bucketCanned)
		if err := get(all, itob(id), &c); err != nil {
			return err
		}
		old, site := c.Shortcut, c.SiteID
		change(&c)
		c.ID, c.SiteID = id, site
		c.UpdatedAt = db.now().UTC()
		if c.Shortcut != old {
			bySite := tx.Bucket(bucketCannedBySite)
			if bySite.Get(extKey(c.SiteID, c.Shortcut)) != nil {
				return ErrConflict
			}
			if err := bySite.Delete(extKey(c.SiteID, old)); err != nil {
				return err
			}
			if err := bySite.Put(extKey(c.SiteID, c.Shortcut), itob(id)); err != nil {
				return err
			}
		}
		if err := put(all, itob(id), &c); err != nil {
			return err
		}
		_, err := db.appendAudit(tx, AuditEntry{AgentID: agentID, Action: AuditCannedUpdate, Target: cannedTarget(id), Detail: cannedDetail(c)})
		return err
	})
	return c, err
}

// DeleteCanned removes reply id on behalf of admin agentID and returns what
// it was. ErrNotFound for an unknown id.
func (db *DB) DeleteCanned(agentID, id uint64) (CannedReply, error) {
	var c CannedReply
	err := db.update(func(tx *bolt.Tx) error {
		all := tx.Bucket(bucketCanned)
		if err := get(all, itob(id), &c); err != nil {
			return err
		}
		if err := tx.Bucket(bucketCannedBySite).Delete(extKey(c.SiteID, c.Shortcut)); err != nil {
			return err
		}
		if err := all.Delete(itob(id)); err != nil {
			return err
		}
		_, err := db.appendAudit(tx, AuditEntry{AgentID: agentID, Action: AuditCannedDelete, Target: cannedTarget(id), Detail: cannedDetail(c)})
		return err
	})
	return c, err
}

// Canned finds a reply by id.
func (db *DB) Canned(id uint64) (CannedReply, error) {
	var c CannedReply
	err := db.view(func(tx *bolt.Tx) error { return get(tx.Bucket(bucketCanned), itob(id), &c) })
	return c, err
}

// CannedBySite lists a site's replies in shortcut order (empty, not an
// error, for a site without any).
func (db *DB) CannedBySite(siteID uint64) ([]CannedReply, error) {
	out := []CannedReply{}
	err := db.view(func(tx *bolt.Tx) error {
		all := tx.Bucket(bucketCanned)
		prefix := itob(siteID)
		c := tx.Bucket(bucketCannedBySite).Cursor()
		for k, id := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, id = c.Next() {
			var r CannedReply
			data := all.Get(id)
			if data == nil {
				return fmt.Errorf("store: canned index %x names missing reply %d", k, btoi(id))
			}
			if err := json.Unmarshal(data, &r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// countPrefix counts the keys of b that start with prefix.
func countPrefix(b *bolt.Bucket, prefix []byte) int {
	n := 0
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	return n
}

// cannedTarget names a reply in audit entries.
func cannedTarget(id uint64) string { return "canned:" + strconv.FormatUint(id, 10) }

// cannedDetail says which reply, for the audit log: its site and shortcut,
// never the texts.
func cannedDetail(c CannedReply) string {
	return siteTarget(c.SiteID) + " /" + c.Shortcut
}
