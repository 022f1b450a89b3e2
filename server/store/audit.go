package store

import (
	"encoding/json"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Audit actions. They are stable strings: operators grep logs and exports
// for them.
const (
	AuditExport    = "contact.export"
	AuditErase     = "contact.erase"
	AuditBackup    = "backup"
	AuditRetention = "retention.erase"
	AuditSettings  = "site.settings"
)

// AuditEntry is one line of the audit log: who did what to what.
type AuditEntry struct {
	Seq uint64    `json:"seq"`
	At  time.Time `json:"at"`
	// AgentID is the admin who acted; 0 for the server itself (retention).
	AgentID uint64 `json:"agent"`
	Action  string `json:"action"`
	// Target names the object, e.g. "visitor:12" or "site:1".
	Target string `json:"target,omitempty"`
	// Detail is a short human-readable note (counts, the changed setting).
	// It never holds the erased data itself.
	Detail string `json:"detail,omitempty"`
}

// bucketAudit holds the audit log: 8-byte sequence → AuditEntry.
var bucketAudit = []byte("audit")

// appendAudit writes e inside tx, so an action and its audit line commit or
// fail together. It returns the entry's sequence.
func (db *DB) appendAudit(tx *bolt.Tx, e AuditEntry) (uint64, error) {
	b := tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return 0, err
	}
	e.Seq = seq
	if e.At.IsZero() {
		e.At = db.now().UTC()
	}
	return seq, put(b, itob(seq), &e)
}

// Audit records an action that has no write of its own (an export, a
// backup). Callers record it before handing out the data: if the audit
// line cannot be written, the data is not handed out.
func (db *DB) Audit(e AuditEntry) (AuditEntry, error) {
	if e.At.IsZero() {
		e.At = db.now().UTC()
	}
	err := db.update(func(tx *bolt.Tx) error {
		seq, err := db.appendAudit(tx, e)
		e.Seq = seq
		return err
	})
	return e, err
}

// AuditLog returns up to limit entries, newest first (limit <= 0: all).
func (db *DB) AuditLog(limit int) ([]AuditEntry, error) {
	out := []AuditEntry{}
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			var e AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// UpdateSiteAs is UpdateSite done by an admin: the change and its audit
// line (detail says what changed; never a secret's value) commit together.
func (db *DB) UpdateSiteAs(agentID, siteID uint64, detail string, change func(*Site)) (Site, error) {
	var s Site
	err := db.update(func(tx *bolt.Tx) (err error) {
		if s, err = changeSite(tx, siteID, change); err != nil {
			return err
		}
		_, err = db.appendAudit(tx, AuditEntry{AgentID: agentID, Action: AuditSettings, Target: siteTarget(siteID), Detail: detail})
		return err
	})
	return s, err
}

// siteTarget names a site in audit entries.
func siteTarget(id uint64) string { return "site:" + strconv.FormatUint(id, 10) }
