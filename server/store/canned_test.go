package store

import (
	"errors"
	"strings"
	"testing"
)

func TestCannedReplies(t *testing.T) {
	db := openTest(t)
	site, _ := fixture(t, db)
	other, err := db.CreateSite(Site{Key: "pk_other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	const admin = 7
	refund := CannedReply{SiteID: site.ID, Shortcut: "refund", Title: "Refund", Texts: map[string]string{"en": "Your refund is on its way, {{contact.name}}."}}

	var created CannedReply
	t.Run("a reply is created with an id and times", func(t *testing.T) {
		created, err = db.CreateCanned(admin, refund, 0)
		if err != nil || created.ID == 0 || created.CreatedAt.IsZero() || created.UpdatedAt != created.CreatedAt {
			t.Fatalf("%+v %v", created, err)
		}
		got, err := db.Canned(created.ID)
		if err != nil || got.Texts["en"] != refund.Texts["en"] || got.SiteID != site.ID {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("a shortcut is unique in its site", func(t *testing.T) {
		if _, err := db.CreateCanned(admin, refund, 0); !errors.Is(err, ErrConflict) {
			t.Fatalf("got %v, want ErrConflict", err)
		}
	})
	t.Run("but another site may use it", func(t *testing.T) {
		theirs := refund
		theirs.SiteID = other.ID
		if _, err := db.CreateCanned(admin, theirs, 0); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a reply needs an existing site", func(t *testing.T) {
		orphan := refund
		orphan.SiteID = 999
		if _, err := db.CreateCanned(admin, orphan, 0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
	t.Run("a site lists only its replies, in shortcut order", func(t *testing.T) {
		for _, s := range []string{"thanks", "delay", "ship-2"} {
			if _, err := db.CreateCanned(admin, CannedReply{SiteID: site.ID, Shortcut: s, Title: s, Texts: map[string]string{"fr": s}}, 0); err != nil {
				t.Fatal(err)
			}
		}
		list, err := db.CannedBySite(site.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range list {
			got = append(got, c.Shortcut)
		}
		if want := "delay refund ship-2 thanks"; strings.Join(got, " ") != want {
			t.Fatalf("got %q, want %q", strings.Join(got, " "), want)
		}
		if none, err := db.CannedBySite(999); err != nil || none == nil || len(none) != 0 {
			t.Fatalf("unknown site: %v %v", none, err)
		}
	})
	t.Run("a full library refuses more", func(t *testing.T) {
		if _, err := db.CreateCanned(admin, CannedReply{SiteID: site.ID, Shortcut: "fifth", Texts: map[string]string{"en": "x"}}, 4); !errors.Is(err, ErrLibraryFull) {
			t.Fatalf("got %v, want ErrLibraryFull", err)
		}
	})
	t.Run("an update may rename the shortcut but not onto another", func(t *testing.T) {
		if _, err := db.UpdateCanned(admin, created.ID, func(c *CannedReply) { c.Shortcut = "thanks" }); !errors.Is(err, ErrConflict) {
			t.Fatalf("got %v, want ErrConflict", err)
		}
		got, err := db.UpdateCanned(admin, created.ID, func(c *CannedReply) {
			c.Shortcut, c.Title = "money-back", "Money back"
			c.SiteID, c.ID = other.ID, 42 // ignored
		})
		if err != nil || got.Shortcut != "money-back" || got.SiteID != site.ID || got.ID != created.ID {
			t.Fatalf("%+v %v", got, err)
		}
		list, _ := db.CannedBySite(site.ID)
		var names []string
		for _, c := range list {
			names = append(names, c.Shortcut)
		}
		if want := "delay money-back ship-2 thanks"; strings.Join(names, " ") != want {
			t.Fatalf("after rename %q, want %q", strings.Join(names, " "), want)
		}
		if _, err := db.UpdateCanned(admin, 999, func(*CannedReply) {}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown id: %v", err)
		}
	})
	t.Run("a deleted reply is gone and its shortcut free again", func(t *testing.T) {
		if _, err := db.DeleteCanned(admin, created.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Canned(created.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("still there: %v", err)
		}
		if _, err := db.DeleteCanned(admin, created.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted twice: %v", err)
		}
		if _, err := db.CreateCanned(admin, CannedReply{SiteID: site.ID, Shortcut: "money-back", Texts: map[string]string{"en": "x"}}, 0); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("every change is audited with the admin, without the texts", func(t *testing.T) {
		log, _ := db.AuditLog(0)
		var create, update, del int
		for _, e := range log {
			if e.AgentID != admin {
				t.Errorf("entry by %d: %+v", e.AgentID, e)
			}
			switch e.Action {
			case AuditCannedCreate:
				create++
			case AuditCannedUpdate:
				update++
				if e.Target != cannedTarget(created.ID) || e.Detail != siteTarget(site.ID)+" /money-back" {
					t.Errorf("update entry %+v", e)
				}
			case AuditCannedDelete:
				del++
			}
		}
		// Refused writes leave no line.
		if create != 6 || update != 1 || del != 1 {
			t.Fatalf("create %d update %d delete %d: %+v", create, update, del, log)
		}
	})
}
