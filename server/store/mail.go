package store

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Email to shoppers (package mail sends it): agent replies a shopper has not
// seen wait in mail_pending for a grace period, then become an email in
// mail_outbox; transcripts go to the outbox at once. An outbox record is
// deleted only after the SMTP server accepted it, so a crash or restart
// resends nothing that was sent and loses nothing that was not.

var (
	bucketMailPending = []byte("mail_pending")
	bucketMailOutbox  = []byte("mail_outbox")
	keyLinkKey        = []byte("link_key")
)

// Mail kinds.
const (
	MailReply      = "reply"
	MailTranscript = "transcript"
)

// AuditMailFailed is the audit action of an email given up on.
const AuditMailFailed = "mail.failed"

// PendingReply is a conversation whose agent replies the shopper has not
// seen yet; DueAt is when to decide whether to email them.
type PendingReply struct {
	ConvID uint64 `json:"conv"`
	// FromSeq is the first reply not seen when it was scheduled.
	FromSeq uint64    `json:"fromSeq"`
	DueAt   time.Time `json:"dueAt"`
}

// Mail is one email in the outbox. It names what to send; the text is
// made when sending, from the conversation as it is then (so an erased
// conversation is never sent).
type Mail struct {
	ID        uint64 `json:"id"`
	Kind      string `json:"kind"`
	ConvID    uint64 `json:"conv"`
	VisitorID uint64 `json:"visitor"`
	To        string `json:"to"`
	Lang      string `json:"lang,omitempty"`
	// FromSeq is the first message the email is about (replies; 1 for a
	// transcript); UpToSeq the last.
	FromSeq   uint64    `json:"fromSeq"`
	UpToSeq   uint64    `json:"upToSeq"`
	CreatedAt time.Time `json:"createdAt"`
	// Attempts counts failed sends; NextAt is when to try again.
	Attempts  int       `json:"attempts,omitempty"`
	NextAt    time.Time `json:"nextAt"`
	LastError string    `json:"lastError,omitempty"`
}

// ScheduleReply records that conv has an agent reply (seq) to email at due
// unless seen by then. A conversation already waiting keeps its due time:
// the replies of one grace period go in one email.
func (db *DB) ScheduleReply(conv, seq uint64, due time.Time) error {
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMailPending)
		if b.Get(itob(conv)) != nil {
			return nil
		}
		return put(b, itob(conv), PendingReply{ConvID: conv, FromSeq: seq, DueAt: due.UTC()})
	})
}

// DueReplies lists the pending replies due at now.
func (db *DB) DueReplies(now time.Time) ([]PendingReply, error) {
	var out []PendingReply
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMailPending).ForEach(func(_, v []byte) error {
			var p PendingReply
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			if !p.DueAt.After(now) {
				out = append(out, p)
			}
			return nil
		})
	})
	return out, err
}

// Settlement is what to do with a due pending reply: queue Mail (ID and
// CreatedAt are filled in), or wait until Later, or (both zero) drop it.
type Settlement struct {
	Mail  *Mail
	Later time.Time
}

// SettleReply decides a pending reply in one transaction: decide sees the
// pending record, its conversation and visitor as committed, and unseen,
// the agent messages since FromSeq the shopper has not read, so a reply
// posted meanwhile is either in the email or scheduled anew. A pending
// reply whose conversation or visitor is gone is dropped.
func (db *DB) SettleReply(conv uint64, decide func(p PendingReply, c Conversation, v Visitor, unseen []Message) Settlement) (*Mail, error) {
	var queued *Mail
	err := db.update(func(tx *bolt.Tx) error {
		queued = nil
		pending := tx.Bucket(bucketMailPending)
		var p PendingReply
		if err := get(pending, itob(conv), &p); err != nil {
			return nil // settled already
		}
		c, err := loadConversation(tx, conv)
		var v Visitor
		if err != nil || get(tx.Bucket(bucketVisitors), itob(c.VisitorID), &v) != nil {
			return pending.Delete(itob(conv))
		}
		var unseen []Message
		err = eachMessage(tx, conv, max(p.FromSeq, c.VisitorReadSeq+1), func(val []byte) (bool, error) {
			var m Message
			if err := decodeMessage(val, &m); err != nil {
				return false, err
			}
			if m.Author.Kind == AuthorAgent && !m.Private {
				unseen = append(unseen, m)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		s := decide(p, c, v, unseen)
		switch {
		case s.Mail != nil:
			m, err := db.queueMail(tx, *s.Mail)
			if err != nil {
				return err
			}
			queued = &m
		case !s.Later.IsZero():
			p.DueAt = s.Later.UTC()
			return put(pending, itob(conv), p)
		}
		return pending.Delete(itob(conv))
	})
	return queued, err
}

// QueueMail puts an email in the outbox, to be sent now.
func (db *DB) QueueMail(m Mail) (Mail, error) {
	err := db.update(func(tx *bolt.Tx) (err error) {
		m, err = db.queueMail(tx, m)
		return err
	})
	return m, err
}

func (db *DB) queueMail(tx *bolt.Tx, m Mail) (Mail, error) {
	b := tx.Bucket(bucketMailOutbox)
	id, err := b.NextSequence()
	if err != nil {
		return m, err
	}
	now := db.now().UTC()
	m.ID, m.CreatedAt, m.NextAt = id, now, now
	return m, put(b, itob(id), &m)
}

// Outbox lists the emails not sent yet, oldest first.
func (db *DB) Outbox() ([]Mail, error) {
	var out []Mail
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMailOutbox).ForEach(func(_, v []byte) error {
			var m Mail
			if err := json.Unmarshal(v, &m); err != nil {
				return err
			}
			out = append(out, m)
			return nil
		})
	})
	return out, err
}

// MailSent removes an email the SMTP server accepted.
func (db *DB) MailSent(id uint64) error {
	return db.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMailOutbox).Delete(itob(id)) })
}

// MailFailed records a failed attempt and when to try again.
func (db *DB) MailFailed(id uint64, reason string, next time.Time) error {
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMailOutbox)
		var m Mail
		if err := get(b, itob(id), &m); err != nil {
			return nil // erased meanwhile
		}
		m.Attempts++
		m.LastError, m.NextAt = reason, next.UTC()
		return put(b, itob(id), &m)
	})
}

// MailAbandoned gives up on an email: it leaves the outbox and the audit
// log says so (to whom is not written: the address is the shopper's data).
func (db *DB) MailAbandoned(id uint64, reason string) error {
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMailOutbox)
		var m Mail
		if err := get(b, itob(id), &m); err != nil {
			return nil
		}
		if err := b.Delete(itob(id)); err != nil {
			return err
		}
		_, err := db.appendAudit(tx, AuditEntry{Action: AuditMailFailed, Target: "conversation:" + strconv.FormatUint(m.ConvID, 10),
			Detail: m.Kind + " email not sent after " + strconv.Itoa(m.Attempts+1) + " attempts: " + reason})
		return err
	})
}

// NextMailAt is the earliest time a pending reply or an outbox email is
// due; zero when there is nothing to do.
func (db *DB) NextMailAt() (time.Time, error) {
	var next time.Time
	consider := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	err := db.view(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMailPending).ForEach(func(_, v []byte) error {
			var p PendingReply
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			consider(p.DueAt)
			return nil
		}); err != nil {
			return err
		}
		return tx.Bucket(bucketMailOutbox).ForEach(func(_, v []byte) error {
			var m Mail
			if err := json.Unmarshal(v, &m); err != nil {
				return err
			}
			consider(m.NextAt)
			return nil
		})
	})
	return next, err
}

// eraseMailOf deletes what waits to be emailed about a conversation.
func eraseMailOf(tx *bolt.Tx, conv uint64) error {
	if err := tx.Bucket(bucketMailPending).Delete(itob(conv)); err != nil {
		return err
	}
	outbox := tx.Bucket(bucketMailOutbox)
	var doomed [][]byte
	err := outbox.ForEach(func(k, v []byte) error {
		var m struct {
			ConvID uint64 `json:"conv"`
		}
		if json.Unmarshal(v, &m) == nil && m.ConvID == conv {
			doomed = append(doomed, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range doomed {
		if err := outbox.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// LinkKey is the server's secret for signed links in emails (32 random
// bytes, made on first use and kept in meta).
func (db *DB) LinkKey() ([]byte, error) {
	var key []byte
	err := db.view(func(tx *bolt.Tx) error {
		key = bytes.Clone(tx.Bucket(bucketMeta).Get(keyLinkKey))
		return nil
	})
	if err != nil || len(key) == 32 {
		return key, err
	}
	err = db.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if k := meta.Get(keyLinkKey); len(k) == 32 {
			key = bytes.Clone(k)
			return nil
		}
		key = make([]byte, 32)
		rand.Read(key)
		return meta.Put(keyLinkKey, key)
	})
	return key, err
}

// AddVisitorToken lets token reach visitor id too (a signed link from an
// email opens the conversation in a browser that has no token for it).
func (db *DB) AddVisitorToken(id uint64, token string) error {
	return db.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketVisitors).Get(itob(id)) == nil {
			return ErrNotFound
		}
		return tx.Bucket(bucketVisitorsByTok).Put(hashToken(token), itob(id))
	})
}
