package store

import (
	"io"
	"log/slog"
	"testing"
)

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestAuditLogNewestFirst(t *testing.T) {
	db := openTest(t)
	for _, action := range []string{AuditBackup, AuditExport, AuditSettings} {
		if _, err := db.Audit(AuditEntry{AgentID: 1, Action: action, Target: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := db.AuditLog(0)
	if err != nil || len(all) != 3 {
		t.Fatalf("%+v %v", all, err)
	}
	if all[0].Action != AuditSettings || all[0].Seq != 3 || all[2].Action != AuditBackup || all[2].At.IsZero() {
		t.Fatalf("order: %+v", all)
	}
	two, _ := db.AuditLog(2)
	if len(two) != 2 || two[1].Action != AuditExport {
		t.Fatalf("limit: %+v", two)
	}
}

func TestExportVisitorAudited(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	if _, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "hi"}); err != nil {
		t.Fatal(err)
	}
	exp, err := db.ExportVisitorAudited(3, v.ID)
	if err != nil || exp.Format != ExportFormat || exp.Visitor.Name != "Ana" || len(exp.Conversations) != 1 || exp.Conversations[0].Messages[0].Body != "hi" {
		t.Fatalf("%+v %v", exp, err)
	}
	if _, err := db.ExportVisitorAudited(3, 999); err == nil {
		t.Fatal("exported an unknown visitor")
	}
	log, _ := db.AuditLog(0)
	if len(log) != 1 || log[0].Action != AuditExport || log[0].AgentID != 3 || log[0].Target != visitorTarget(v.ID) {
		t.Fatalf("audit %+v", log)
	}
}

func TestUpdateSiteAsIsAudited(t *testing.T) {
	db := openTest(t)
	site, _ := fixture(t, db)
	got, err := db.UpdateSiteAs(4, site.ID, "greeting changed", func(s *Site) { s.Greeting = "Hi!"; s.Key = "stolen" })
	if err != nil || got.Greeting != "Hi!" || got.Key != site.Key {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := db.UpdateSiteAs(4, 999, "x", func(*Site) {}); err == nil {
		t.Fatal("updated an unknown site")
	}
	log, _ := db.AuditLog(0)
	if len(log) != 1 || log[0].Action != AuditSettings || log[0].AgentID != 4 || log[0].Target != siteTarget(site.ID) || log[0].Detail != "greeting changed" {
		t.Fatalf("%+v", log)
	}
}
