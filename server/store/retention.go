package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// retentionChunk bounds how many conversations one write transaction
// erases, so the single writer is never held long and chat messages keep
// flowing while a large backlog is erased.
const retentionChunk = 256

// EraseConversationsOlderThan erases the site's conversations whose last
// activity is before cutoff, with their messages and index entries, then the
// site's visitors who have no conversation left and were last seen before
// cutoff (their name, email and pages are personal data too). Each chunk
// commits with its own audit line (agent 0: the server).
//
// Candidates are found in a read transaction and checked again inside the
// write: a shopper who writes meanwhile keeps the conversation.
func (db *DB) EraseConversationsOlderThan(siteID uint64, cutoff time.Time) (Erased, error) {
	var total Erased
	var candidates []uint64
	err := db.view(func(tx *bolt.Tx) error {
		prefix := itob(siteID)
		c := tx.Bucket(bucketConvsBySite).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			conv, err := loadConversationKey(tx, k[8:16])
			if err != nil {
				return err
			}
			if conv.lastActivity().Before(cutoff) {
				candidates = append(candidates, conv.ID)
			}
		}
		return nil
	})
	if err != nil {
		return total, err
	}
	for len(candidates) > 0 {
		chunk := candidates[:min(retentionChunk, len(candidates))]
		candidates = candidates[len(chunk):]
		var done Erased
		var files []string
		err := db.update(func(tx *bolt.Tx) error {
			done, files = Erased{}, nil
			for _, id := range chunk {
				conv, err := loadConversation(tx, id)
				switch {
				case errors.Is(err, ErrNotFound):
					continue // erased meanwhile (an admin erase)
				case err != nil:
					return err
				}
				if conv.SiteID != siteID || !conv.lastActivity().Before(cutoff) {
					continue
				}
				n, ids, err := eraseConversation(tx, id)
				if err != nil {
					return err
				}
				done.Conversations++
				done.Messages += n
				files = append(files, ids...)
			}
			done.Files = len(files)
			return db.auditRetention(tx, siteID, cutoff, done)
		})
		if err != nil {
			return total, err
		}
		db.removeFiles(files)
		total.Conversations += done.Conversations
		total.Messages += done.Messages
		total.Files += done.Files
	}
	n, err := db.eraseIdleVisitors(siteID, cutoff)
	total.Visitors = n
	return total, err
}

// eraseIdleVisitors erases the site's visitors last seen before cutoff who
// have no conversation left.
func (db *DB) eraseIdleVisitors(siteID uint64, cutoff time.Time) (int, error) {
	var candidates []uint64
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketVisitors).ForEach(func(_, v []byte) error {
			var vis struct {
				ID         uint64    `json:"id"`
				SiteID     uint64    `json:"site"`
				LastSeenAt time.Time `json:"lastSeenAt"`
			}
			if err := json.Unmarshal(v, &vis); err != nil {
				return err
			}
			if vis.SiteID == siteID && vis.LastSeenAt.Before(cutoff) {
				candidates = append(candidates, vis.ID)
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	total := 0
	for len(candidates) > 0 {
		chunk := candidates[:min(retentionChunk, len(candidates))]
		candidates = candidates[len(chunk):]
		n := 0
		var files []string
		err := db.update(func(tx *bolt.Tx) error {
			n, files = 0, nil
			visitors := tx.Bucket(bucketVisitors)
			byVisitor := tx.Bucket(bucketConvsByVisitor)
			for _, id := range chunk {
				var v Visitor
				switch err := get(visitors, itob(id), &v); {
				case errors.Is(err, ErrNotFound):
					continue
				case err != nil:
					return err
				}
				if !v.LastSeenAt.Before(cutoff) || len(indexedIDs(byVisitor, id)) > 0 {
					continue
				}
				// Uploads never sent: the sweep would delete them within a
				// day, but the visitor's data goes now.
				pending, err := erasePendingOf(tx, Uploader{Kind: AuthorVisitor, ID: id})
				if err != nil {
					return err
				}
				files = append(files, pending...)
				if err := eraseVisitorRecord(tx, v); err != nil {
					return err
				}
				n++
			}
			return db.auditRetention(tx, siteID, cutoff, Erased{Visitors: n, Files: len(files)})
		})
		if err != nil {
			return total, err
		}
		db.removeFiles(files)
		total += n
	}
	return total, nil
}

// auditRetention logs what a retention chunk erased, when it erased anything.
func (db *DB) auditRetention(tx *bolt.Tx, siteID uint64, cutoff time.Time, e Erased) error {
	if e == (Erased{}) {
		return nil
	}
	_, err := db.appendAudit(tx, AuditEntry{
		Action: AuditRetention, Target: siteTarget(siteID),
		Detail: e.String() + " idle since before " + cutoff.UTC().Format(time.RFC3339),
	})
	return err
}

// lastActivity is when anything last happened in the conversation.
func (c *Conversation) lastActivity() time.Time {
	if c.UpdatedAt.IsZero() {
		return c.CreatedAt
	}
	return c.UpdatedAt
}

// RetentionPass is the outcome of one retention run over every site.
type RetentionPass struct {
	At     time.Time
	Sites  int // sites with a retention setting
	Erased Erased
	// Proofs counts expired identity proofs whose replay guard was deleted.
	Proofs int
	Err    error
}

// ApplyRetention runs every site's retention setting as of now.
func (db *DB) ApplyRetention(now time.Time) RetentionPass {
	pass := RetentionPass{At: now}
	sites, err := db.Sites()
	if err != nil {
		pass.Err = err
		return pass
	}
	var errs []error
	// An hour's margin: a proof is refused once expired, whatever the shop's
	// clock said when it signed it.
	pass.Proofs, err = db.PruneIdentityProofs(now.Add(-time.Hour))
	if err != nil {
		errs = append(errs, err)
	}
	for _, s := range sites {
		if s.RetentionDays <= 0 {
			continue
		}
		pass.Sites++
		e, err := db.EraseConversationsOlderThan(s.ID, now.Add(-time.Duration(s.RetentionDays)*24*time.Hour))
		pass.Erased.Visitors += e.Visitors
		pass.Erased.Conversations += e.Conversations
		pass.Erased.Messages += e.Messages
		pass.Erased.Files += e.Files
		if err != nil {
			errs = append(errs, err)
		}
	}
	pass.Err = errors.Join(errs...)
	return pass
}

// RunRetention applies retention once at once, then at every tick, reading
// the time from now (injected, so tests move the clock without sleeping).
// report, when not nil, receives each pass. It returns when ctx ends or
// ticks is closed.
func (db *DB) RunRetention(ctx context.Context, now func() time.Time, ticks <-chan time.Time, report func(RetentionPass)) {
	for {
		pass := db.ApplyRetention(now())
		if report != nil {
			report(pass)
		}
		select {
		case <-ctx.Done():
			return
		case _, ok := <-ticks:
			if !ok {
				return
			}
		}
	}
}

// StartRetention runs retention in the background every interval with the
// store's clock, logging what it erased. The returned stop waits for a pass
// in progress to finish; call it before Close.
func (db *DB) StartRetention(every time.Duration, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	ticker := time.NewTicker(every)
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.RunRetention(ctx, db.now, ticker.C, func(p RetentionPass) {
			switch {
			case p.Err != nil && !errors.Is(p.Err, ErrClosed):
				log.Error("retention", "err", p.Err)
			case p.Erased != (Erased{}) || p.Proofs > 0:
				log.Info("retention erased old data", "sites", p.Sites, "conversations", p.Erased.Conversations,
					"messages", p.Erased.Messages, "visitors", p.Erased.Visitors, "files", p.Erased.Files,
					"expired identity proofs", p.Proofs)
			}
		})
	}()
	return func() {
		ticker.Stop()
		cancel()
		<-done
	}
}

// SetRetention changes a site's retention setting (0: keep forever), with
// its audit line (by agentID) in the same transaction.
func (db *DB) SetRetention(agentID, siteID uint64, days int) (Site, error) {
	return db.UpdateSiteAs(agentID, siteID, "retentionDays → "+strconv.Itoa(days), func(s *Site) { s.RetentionDays = days })
}
