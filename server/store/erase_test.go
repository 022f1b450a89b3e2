package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openDir opens the store in dir with a clock; the caller closes it.
func openDir(t testing.TB, dir string, now func() time.Time) *DB {
	t.Helper()
	db, err := Open(dir, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// contact makes a visitor of site with a conversation per body group and
// returns it with its conversation ids.
func contact(t testing.TB, db *DB, site Site, token string, u VisitorUpdate, convs ...[]string) (Visitor, []uint64) {
	t.Helper()
	v, err := db.CreateVisitor(site.ID, token, u)
	if err != nil {
		t.Fatal(err)
	}
	var ids []uint64
	for ci, bodies := range convs {
		var conv uint64
		for mi, body := range bodies {
			a, err := db.AppendMessage(NewMessage{
				ConvID: conv, SiteID: site.ID, VisitorID: v.ID, CID: token + "-" + string(rune('a'+ci)) + string(rune('a'+mi)),
				Author: Author{Kind: AuthorVisitor, ID: v.ID, Name: u.Name}, Body: body,
			})
			if err != nil {
				t.Fatal(err)
			}
			conv = a.Conversation.ID
		}
		ids = append(ids, conv)
		// The next group starts a new conversation.
		if _, err := db.SetStatus(conv, StatusResolved); err != nil {
			t.Fatal(err)
		}
	}
	return v, ids
}

func TestEraseVisitorLeavesNoTraceAfterCompaction(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, nil)
	site, err := db.CreateSite(Site{Key: "pk_erase", Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	// Distinctive strings: none of them may survive in the file.
	secrets := []string{
		"Zebulon Quartermaine", "zebulon.quartermaine@example.org", "loyalty-tier-obsidian",
		"https://shop.example/p/velvet-armchair-77", "parcel XQ-7731 never arrived",
		"my address is 12 rue des Tulipes", "ext-customer-99821",
	}
	ana, anaConvs := contact(t, db, site, "ana-token", VisitorUpdate{
		Name: secrets[0], Email: secrets[1], Attributes: map[string]string{"tier": secrets[2]},
		Page: &Page{URL: secrets[3], Title: "Velvet armchair"},
	}, []string{secrets[4], "hello?"}, []string{secrets[5]})
	if _, err := db.IdentifyVisitor(site.ID, "ana-token", Identity{ExternalID: secrets[6], Proof: "proof-1", Expires: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	bob, bobConvs := contact(t, db, site, "bob-token", VisitorUpdate{Name: "Bob Keeper", Email: "bob@example.com"},
		[]string{"where is my order, says Bob"})
	// An agent's answer in Ana's conversation is about her too.
	if _, err := db.AppendMessage(NewMessage{ConvID: anaConvs[0], CID: "agent-1", Author: Author{Kind: AuthorAgent, ID: 1, Name: "Alice"}, Body: "Sorry " + secrets[0]}); err != nil {
		t.Fatal(err)
	}

	exp, err := db.ExportVisitor(ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(exp.Conversations) != 2 || len(exp.Conversations[0].Messages) != 3 || len(exp.Conversations[1].Messages) != 1 {
		t.Fatalf("export before erase: %+v", exp)
	}

	erased, err := db.EraseVisitor(7, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if erased != (Erased{Visitors: 1, Conversations: 2, Messages: 4}) {
		t.Fatalf("erased %+v", erased)
	}

	t.Run("the contact is gone from every read path", func(t *testing.T) {
		if _, err := db.Visitor(ana.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Visitor: %v", err)
		}
		if _, err := db.VisitorByToken("ana-token"); !errors.Is(err, ErrNotFound) {
			t.Errorf("VisitorByToken: %v", err)
		}
		if _, err := db.ExportVisitor(ana.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("ExportVisitor: %v", err)
		}
		for _, id := range anaConvs {
			if _, err := db.Conversation(id); !errors.Is(err, ErrNotFound) {
				t.Errorf("Conversation %d: %v", id, err)
			}
			if msgs, _ := db.Messages(id, 0, 0); len(msgs) != 0 {
				t.Errorf("messages of %d: %d left", id, len(msgs))
			}
		}
		convs, _ := db.ConversationsOfSite(site.ID, 0)
		if len(convs) != 1 || convs[0].ID != bobConvs[0] {
			t.Errorf("site index: %+v", convs)
		}
		if convs, _ := db.ConversationsOfVisitor(ana.ID); len(convs) != 0 {
			t.Errorf("visitor index: %+v", convs)
		}
	})
	t.Run("the other contact is untouched", func(t *testing.T) {
		exp, err := db.ExportVisitor(bob.ID)
		if err != nil || len(exp.Conversations) != 1 || len(exp.Conversations[0].Messages) != 1 {
			t.Fatalf("bob: %+v %v", exp, err)
		}
		if v, err := db.VisitorByToken("bob-token"); err != nil || v.ID != bob.ID {
			t.Fatalf("bob's token: %+v %v", v, err)
		}
	})
	t.Run("the erase is audited without the erased data", func(t *testing.T) {
		log, err := db.AuditLog(0)
		if err != nil || len(log) != 1 {
			t.Fatalf("audit: %+v %v", log, err)
		}
		e := log[0]
		if e.AgentID != 7 || e.Action != AuditErase || e.Target != visitorTarget(ana.ID) || !strings.Contains(e.Detail, "4 message") {
			t.Fatalf("audit entry: %+v", e)
		}
		for _, s := range secrets {
			if strings.Contains(e.Detail, s) {
				t.Fatalf("audit detail holds %q", s)
			}
		}
	})
	t.Run("an unknown visitor is not found and not audited", func(t *testing.T) {
		if _, err := db.EraseVisitor(7, 999); !errors.Is(err, ErrNotFound) {
			t.Fatalf("got %v", err)
		}
		if log, _ := db.AuditLog(0); len(log) != 1 {
			t.Fatalf("audit grew: %+v", log)
		}
	})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(dir, FileName)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Deleting only frees pages: the bytes are still there. This is why
	// compaction is part of an erase.
	if !bytes.Contains(raw, []byte(secrets[4])) {
		t.Log("note: bbolt already reused the freed pages; the compaction check below still applies")
	}
	stats, err := Compact(dir)
	if err != nil {
		t.Fatal(err)
	}
	if stats.After <= 0 || stats.Before <= 0 {
		t.Fatalf("stats %+v", stats)
	}
	raw, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("%q is still in the data file after erase and compaction", s)
		}
	}
	if _, err := os.Stat(path + ".compact"); !os.IsNotExist(err) {
		t.Errorf("compaction left its temporary file: %v", err)
	}

	db = openDir(t, dir, nil)
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	if exp, err := db.ExportVisitor(bob.ID); err != nil || len(exp.Conversations[0].Messages) != 1 {
		t.Fatalf("bob after compaction: %+v %v", exp, err)
	}
	if log, _ := db.AuditLog(0); len(log) != 1 {
		t.Fatalf("audit log after compaction: %+v", log)
	}
	// Sequences survive compaction: ids are never reused.
	v, err := db.CreateVisitor(site.ID, "new-token", VisitorUpdate{})
	if err != nil || v.ID <= bob.ID {
		t.Fatalf("new visitor id %d after %d: %v", v.ID, bob.ID, err)
	}
}

func TestCompactRefusesALiveStore(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, nil)
	defer db.Close()
	if _, err := Compact(dir); !errors.Is(err, ErrInUse) {
		t.Fatalf("compact with the store open: %v", err)
	}
	if _, err := BackupOffline(dir, &bytes.Buffer{}); !errors.Is(err, ErrInUse) {
		t.Fatalf("offline backup with the store open: %v", err)
	}
}
