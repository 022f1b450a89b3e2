package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestReplyMail(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	db, err := Open(t.TempDir(), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	site, _ := db.CreateSite(Site{Key: "k", Name: "S"})
	v, _ := db.CreateVisitor(site.ID, "tok", VisitorUpdate{Email: "ann@example.com"})
	a, _ := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c1", Author: Author{Kind: AuthorVisitor}, Body: "hi"})
	conv := a.Conversation.ID
	reply, _ := db.AppendMessage(NewMessage{ConvID: conv, CID: "c2", Author: Author{Kind: AuthorAgent, ID: 1}, Body: "hello"})

	t.Run("a second reply in the grace period keeps the first due time", func(t *testing.T) {
		if err := db.ScheduleReply(conv, reply.Message.Seq, now.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.ScheduleReply(conv, reply.Message.Seq+1, now.Add(3*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if due, _ := db.DueReplies(now.Add(time.Minute)); len(due) != 0 {
			t.Fatalf("due before its time: %+v", due)
		}
		due, _ := db.DueReplies(now.Add(2 * time.Minute))
		if len(due) != 1 || due[0].FromSeq != reply.Message.Seq {
			t.Fatalf("due: %+v", due)
		}
		if next, _ := db.NextMailAt(); !next.Equal(now.Add(2 * time.Minute)) {
			t.Fatalf("next: %v", next)
		}
	})
	t.Run("settling later keeps it pending with the new time", func(t *testing.T) {
		m, err := db.SettleReply(conv, func(p PendingReply, c Conversation, got Visitor, unseen []Message) Settlement {
			if len(unseen) != 1 || unseen[0].Body != "hello" {
				t.Errorf("unseen: %+v", unseen)
			}
			if c.ID != conv || got.Email != "ann@example.com" {
				t.Errorf("decide saw %+v %+v", c, got)
			}
			return Settlement{Later: now.Add(5 * time.Minute)}
		})
		if err != nil || m != nil {
			t.Fatalf("%v %v", m, err)
		}
		if due, _ := db.DueReplies(now.Add(4 * time.Minute)); len(due) != 0 {
			t.Fatalf("still due: %+v", due)
		}
	})
	t.Run("settling with a mail moves it to the outbox in one step", func(t *testing.T) {
		m, err := db.SettleReply(conv, func(p PendingReply, c Conversation, v Visitor, _ []Message) Settlement {
			return Settlement{Mail: &Mail{Kind: MailReply, ConvID: c.ID, VisitorID: v.ID, To: v.Email, FromSeq: p.FromSeq, UpToSeq: c.LastSeq}}
		})
		if err != nil || m == nil || m.ID == 0 || m.To != "ann@example.com" {
			t.Fatalf("%+v %v", m, err)
		}
		if due, _ := db.DueReplies(now.Add(time.Hour)); len(due) != 0 {
			t.Fatalf("pending left: %+v", due)
		}
		out, _ := db.Outbox()
		if len(out) != 1 || out[0].ID != m.ID {
			t.Fatalf("outbox: %+v", out)
		}
	})
	t.Run("a failure is counted, a give-up is audited, a send removes", func(t *testing.T) {
		out, _ := db.Outbox()
		id := out[0].ID
		if err := db.MailFailed(id, "451 try later", now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		out, _ = db.Outbox()
		if out[0].Attempts != 1 || out[0].LastError != "451 try later" || !out[0].NextAt.Equal(now.Add(time.Minute)) {
			t.Fatalf("after failure: %+v", out[0])
		}
		if err := db.MailAbandoned(id, "550 no such user"); err != nil {
			t.Fatal(err)
		}
		if out, _ = db.Outbox(); len(out) != 0 {
			t.Fatalf("outbox after give-up: %+v", out)
		}
		log, _ := db.AuditLog(1)
		if len(log) != 1 || log[0].Action != AuditMailFailed || !strings.Contains(log[0].Detail, "550 no such user") || strings.Contains(log[0].Detail, "ann@") {
			t.Fatalf("audit: %+v", log)
		}
		m, _ := db.QueueMail(Mail{Kind: MailTranscript, ConvID: conv, To: "ann@example.com"})
		if err := db.MailSent(m.ID); err != nil {
			t.Fatal(err)
		}
		if out, _ = db.Outbox(); len(out) != 0 {
			t.Fatalf("outbox after send: %+v", out)
		}
	})
	t.Run("erasing the contact drops its pending replies and emails", func(t *testing.T) {
		db.ScheduleReply(conv, 2, now)
		db.QueueMail(Mail{Kind: MailTranscript, ConvID: conv, To: "ann@example.com"})
		if _, err := db.EraseVisitor(1, v.ID); err != nil {
			t.Fatal(err)
		}
		if out, _ := db.Outbox(); len(out) != 0 {
			t.Fatalf("outbox after erase: %+v", out)
		}
		if due, _ := db.DueReplies(now.Add(time.Hour)); len(due) != 0 {
			t.Fatalf("pending after erase: %+v", due)
		}
	})
}

func TestLinkKeyIsMadeOnceAndKept(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	k1, err := db.LinkKey()
	if err != nil || len(k1) != 32 {
		t.Fatalf("%x %v", k1, err)
	}
	db.Close()
	db, _ = Open(dir, Options{})
	defer db.Close()
	if k2, _ := db.LinkKey(); string(k2) != string(k1) {
		t.Fatal("the link key changed after a restart: every emailed link would break")
	}
}

// A data file written by the previous version (5) opens, keeps its data
// and gains the mail buckets.
func TestMigrationFromVersion5(t *testing.T) {
	dir := t.TempDir()
	raw, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucket(bucketMeta)
		for _, m := range migrations[:5] {
			if err := m(tx); err != nil {
				return err
			}
		}
		if err := put(tx.Bucket(bucketSites), itob(1), Site{ID: 1, Key: "k", Name: "Old shop"}); err != nil {
			return err
		}
		tx.Bucket(bucketSitesByKey).Put([]byte("k"), itob(1))
		return meta.Put(keySchema, itob(5))
	})
	if err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.SiteByKey("k")
	if err != nil || s.Name != "Old shop" || s.OfficeHours != nil {
		t.Fatalf("%+v %v", s, err)
	}
	if _, err := db.QueueMail(Mail{Kind: MailTranscript, ConvID: 1, To: "a@b.example"}); err != nil {
		t.Fatalf("outbox after migration: %v", err)
	}
	if err := db.ScheduleReply(1, 1, time.Now()); err != nil {
		t.Fatalf("pending after migration: %v", err)
	}
}
