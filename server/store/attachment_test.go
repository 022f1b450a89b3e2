package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable clock for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func uploadOf(t testing.TB, db *DB, site uint64, u Uploader, name, body string) Attachment {
	t.Helper()
	a, err := db.SaveUpload(NewUpload{SiteID: site, Uploader: u, Name: name, Type: "application/pdf"}, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func fileExists(db *DB, id string) bool {
	_, err := os.Stat(filepath.Join(db.uploads, id))
	return err == nil
}

func TestAttachments(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	other, err := db.CreateVisitor(site.ID, "other-token", VisitorUpdate{})
	if err != nil {
		t.Fatal(err)
	}
	otherSite, _ := db.CreateSite(Site{Key: "pk_other", Name: "Other"})
	me := Uploader{Kind: AuthorVisitor, ID: v.ID}
	author := Author{Kind: AuthorVisitor, ID: v.ID}
	send := func(cid string, ids ...string) (Appended, error) {
		return db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: cid, Author: author, Attachments: ids})
	}

	t.Run("an upload is stored as a file with its size and hash, pending", func(t *testing.T) {
		a := uploadOf(t, db, site.ID, me, "invoice.pdf", "%PDF-1.4 hello")
		if len(a.ID) != 32 || a.Size != 14 || len(a.SHA256) != 64 || a.ConvID != 0 {
			t.Fatalf("%+v", a)
		}
		data, err := os.ReadFile(filepath.Join(db.uploads, a.ID))
		if err != nil || string(data) != "%PDF-1.4 hello" {
			t.Fatalf("file: %q %v", data, err)
		}
		got, err := db.Attachment(a.ID)
		if err != nil || got != a {
			t.Fatalf("Attachment = %+v, %v", got, err)
		}
		f, err := db.OpenUpload(got)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
	})

	t.Run("a message with only attachments is stored with them, in one commit", func(t *testing.T) {
		a1 := uploadOf(t, db, site.ID, me, "a.pdf", "%PDF-1")
		a2 := uploadOf(t, db, site.ID, me, "b.pdf", "%PDF-2")
		out, err := send("att-1", a1.ID, a2.ID)
		if err != nil {
			t.Fatal(err)
		}
		m := out.Message
		if len(m.Attachments) != 2 || m.Attachments[0].ID != a1.ID || m.Attachments[1].Seq != m.Seq || m.Attachments[1].ConvID != m.ConvID {
			t.Fatalf("%+v", m.Attachments)
		}
		if out.Conversation.Preview != "📎 a.pdf" {
			t.Fatalf("preview %q", out.Conversation.Preview)
		}
		stored, _ := db.Messages(m.ConvID, 0, 0)
		if len(stored[len(stored)-1].Attachments) != 2 {
			t.Fatalf("stored %+v", stored)
		}
		if got, _ := db.Attachment(a1.ID); got.ConvID != m.ConvID || got.Seq != m.Seq {
			t.Fatalf("record %+v", got)
		}
		t.Run("a resent cid returns the message without attaching again", func(t *testing.T) {
			again, err := send("att-1", a1.ID, a2.ID)
			if err != nil || !again.Duplicate || len(again.Message.Attachments) != 2 {
				t.Fatalf("%+v %v", again, err)
			}
		})
		t.Run("an attached upload cannot be attached again", func(t *testing.T) {
			if _, err := send("att-2", a1.ID); !errors.Is(err, ErrUploadUnavailable) {
				t.Fatalf("err = %v", err)
			}
		})
	})

	refused := []struct {
		name string
		up   func() Attachment
	}{
		{"another visitor's upload", func() Attachment {
			return uploadOf(t, db, site.ID, Uploader{Kind: AuthorVisitor, ID: other.ID}, "x.pdf", "%PDF")
		}},
		{"an upload made on another site", func() Attachment { return uploadOf(t, db, otherSite.ID, me, "x.pdf", "%PDF") }},
		{"an agent's upload with the same id number", func() Attachment {
			return uploadOf(t, db, 0, Uploader{Kind: AuthorAgent, ID: v.ID}, "x.pdf", "%PDF")
		}},
	}
	for i, tc := range refused {
		t.Run(tc.name+" cannot be attached, and nothing is stored", func(t *testing.T) {
			a := tc.up()
			mine := uploadOf(t, db, site.ID, me, "mine.pdf", "%PDF")
			cid := "refused-" + string(rune('a'+i))
			if _, err := send(cid, mine.ID, a.ID); !errors.Is(err, ErrUploadUnavailable) {
				t.Fatalf("err = %v", err)
			}
			if got, _ := db.Attachment(mine.ID); got.ConvID != 0 {
				t.Fatalf("my upload was attached by a refused message: %+v", got)
			}
			if got, _ := db.Attachment(a.ID); got.ConvID != 0 {
				t.Fatalf("%+v", got)
			}
		})
	}
	for _, id := range []string{"", "zz", strings.Repeat("0", 32), strings.Repeat("A", 32), "../../comptoir.db"} {
		if _, err := send("bad-"+id, id); !errors.Is(err, ErrUploadUnavailable) {
			t.Fatalf("id %q: err = %v", id, err)
		}
		if _, err := db.Attachment(id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("id %q: err = %v", id, err)
		}
	}
}

func TestEraseRemovesAttachments(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	me := Uploader{Kind: AuthorVisitor, ID: v.ID}
	sent := uploadOf(t, db, site.ID, me, "sent.pdf", "%PDF sent")
	pending := uploadOf(t, db, site.ID, me, "pending.pdf", "%PDF pending")
	if _, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "see", Attachments: []string{sent.ID}}); err != nil {
		t.Fatal(err)
	}
	// An agent's reply with a file in the same conversation.
	agentFile := uploadOf(t, db, 0, Uploader{Kind: AuthorAgent, ID: 7}, "label.pdf", "%PDF label")
	conv := db.openConv(t, v.ID)
	if _, err := db.AppendMessage(NewMessage{ConvID: conv, CID: "r", Author: Author{Kind: AuthorAgent, ID: 7}, Attachments: []string{agentFile.ID}}); err != nil {
		t.Fatal(err)
	}
	erased, err := db.EraseVisitor(1, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if erased.Files != 3 || !strings.Contains(erased.String(), "3 file(s)") {
		t.Fatalf("%+v", erased)
	}
	for _, a := range []Attachment{sent, pending, agentFile} {
		if fileExists(db, a.ID) {
			t.Errorf("file %s still on disk", a.Name)
		}
		if _, err := db.Attachment(a.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("record %s: %v", a.Name, err)
		}
	}
}

// openConv is the visitor's newest conversation.
func (db *DB) openConv(t testing.TB, visitor uint64) uint64 {
	t.Helper()
	convs, err := db.ConversationsOfVisitor(visitor)
	if err != nil || len(convs) == 0 {
		t.Fatalf("no conversation: %v", err)
	}
	return convs[len(convs)-1].ID
}

func TestRetentionRemovesAttachments(t *testing.T) {
	clk := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	db := openDir(t, t.TempDir(), clk.now)
	defer db.Close()
	site, _ := db.CreateSite(Site{Key: "pk_r", Name: "Shop"})
	v, _ := db.CreateVisitor(site.ID, "tok", VisitorUpdate{})
	a := uploadOf(t, db, site.ID, Uploader{Kind: AuthorVisitor, ID: v.ID}, "old.pdf", "%PDF old")
	if _, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Attachments: []string{a.ID}}); err != nil {
		t.Fatal(err)
	}
	clk.add(40 * 24 * time.Hour)
	e, err := db.EraseConversationsOlderThan(site.ID, clk.now().Add(-30*24*time.Hour))
	if err != nil || e.Conversations != 1 || e.Files != 1 {
		t.Fatalf("%+v %v", e, err)
	}
	if fileExists(db, a.ID) {
		t.Fatal("file left on disk")
	}
}

func TestSweepUploads(t *testing.T) {
	clk := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	db := openDir(t, dir, clk.now)
	defer db.Close()
	site, v := fixture(t, db)
	me := Uploader{Kind: AuthorVisitor, ID: v.ID}
	old := uploadOf(t, db, site.ID, me, "old.pdf", "%PDF old")
	sentOld := uploadOf(t, db, site.ID, me, "sent.pdf", "%PDF sent")
	if _, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Attachments: []string{sentOld.ID}}); err != nil {
		t.Fatal(err)
	}
	clk.add(PendingUploadTTL - time.Minute)
	fresh := uploadOf(t, db, site.ID, me, "fresh.pdf", "%PDF fresh")
	orphan := filepath.Join(db.uploads, strings.Repeat("ab", 16))
	tmp := filepath.Join(db.uploads, ".tmp-123")
	for _, p := range []string{orphan, tmp} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("nothing is stale before a day", func(t *testing.T) {
		if s, err := db.SweepUploads(false); err != nil || s != (Swept{}) {
			t.Fatalf("%+v %v", s, err)
		}
	})
	clk.add(2 * time.Minute)
	t.Run("an upload never sent is deleted after a day, record and file; sent ones stay", func(t *testing.T) {
		s, err := db.SweepUploads(false)
		if err != nil || s != (Swept{Stale: 1}) {
			t.Fatalf("%+v %v", s, err)
		}
		if fileExists(db, old.ID) {
			t.Fatal("stale file left")
		}
		if _, err := db.Attachment(old.ID); !errors.Is(err, ErrNotFound) {
			t.Fatal("stale record left")
		}
		for _, a := range []Attachment{sentOld, fresh} {
			if !fileExists(db, a.ID) {
				t.Fatalf("%s deleted", a.Name)
			}
		}
		if _, err := os.Stat(orphan); err != nil {
			t.Fatal("orphans are only swept when asked")
		}
	})
	t.Run("at start, files without a record are deleted", func(t *testing.T) {
		s, err := db.SweepUploads(true)
		if err != nil || s != (Swept{Orphans: 2}) {
			t.Fatalf("%+v %v", s, err)
		}
		for _, p := range []string{orphan, tmp} {
			if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s left", p)
			}
		}
		if !fileExists(db, sentOld.ID) || !fileExists(db, fresh.ID) {
			t.Fatal("a recorded file was deleted")
		}
	})
}
