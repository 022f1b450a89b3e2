package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

func TestCannedReplies(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	otherSite, bob := otherShop(t, srv)
	carla := siteAgent(t, srv, "carla@atelier.example", srv.Site.ID)
	site := fmt.Sprint(srv.Site.ID)
	list := "/api/v1/sites/" + site + "/canned"

	var thanks wire.CannedReply
	t.Run("an admin creates a reply with variables", func(t *testing.T) {
		body := map[string]any{"shortcut": "thanks", "title": "Thank you", "texts": map[string]string{
			"en": "Thank you {{contact.name}}, the {{product.name}} ships tomorrow. — {{agent.name}}",
			"fr": "Merci {{ contact.name }}, le {{product.name}} part demain. — {{agent.name}}",
		}}
		if status := admin.Do(t, "POST", list, body, &thanks); status != 201 || thanks.ID == "" || thanks.Site != site || thanks.Shortcut != "thanks" || len(thanks.Texts) != 2 {
			t.Fatalf("got %d %+v", status, thanks)
		}
	})
	t.Run("an agent of the site reads the library", func(t *testing.T) {
		var got wire.CannedList
		if status := carla.Do(t, "GET", list, nil, &got); status != 200 || len(got.Replies) != 1 || got.Replies[0].Texts["fr"] == "" {
			t.Fatalf("got %d %+v", status, got)
		}
	})
	t.Run("but cannot write it", func(t *testing.T) {
		for _, req := range []struct{ method, path string }{
			{"POST", list}, {"PATCH", "/api/v1/canned/" + thanks.ID}, {"DELETE", "/api/v1/canned/" + thanks.ID},
		} {
			var e wire.ErrorBody
			status := carla.Do(t, req.method, req.path, map[string]any{"shortcut": "x", "title": "x", "texts": map[string]string{"en": "x"}}, &e)
			if status != 403 || e.Error.Code != wire.CodeForbidden {
				t.Errorf("%s %s: got %d %+v", req.method, req.path, status, e.Error)
			}
		}
	})
	t.Run("an agent of another shop finds nothing, whatever the verb", func(t *testing.T) {
		for _, req := range []struct{ method, path, code string }{
			{"GET", list, wire.CodeSiteNotFound}, {"POST", list, wire.CodeSiteNotFound},
			{"PATCH", "/api/v1/canned/" + thanks.ID, wire.CodeNotFound}, {"DELETE", "/api/v1/canned/" + thanks.ID, wire.CodeNotFound},
		} {
			var e wire.ErrorBody
			status := bob.Do(t, req.method, req.path, map[string]any{"title": "mine now"}, &e)
			if status != 404 || e.Error.Code != req.code {
				t.Errorf("%s %s: got %d %+v", req.method, req.path, status, e.Error)
			}
		}
		var theirs wire.CannedList
		if status := bob.Do(t, "GET", fmt.Sprintf("/api/v1/sites/%d/canned", otherSite.ID), nil, &theirs); status != 200 || len(theirs.Replies) != 0 {
			t.Fatalf("own site: %d %+v", status, theirs)
		}
	})
	t.Run("unknown ids are 404", func(t *testing.T) {
		for _, path := range []string{"/api/v1/sites/999/canned", "/api/v1/sites/x/canned", "/api/v1/canned/999", "/api/v1/canned/abc"} {
			method := "GET"
			if strings.HasPrefix(path, "/api/v1/canned/") {
				method = "DELETE"
			}
			if status := admin.Do(t, method, path, nil, nil); status != 404 {
				t.Errorf("%s %s: got %d", method, path, status)
			}
		}
	})
	t.Run("a bad body names the bad field and writes nothing", func(t *testing.T) {
		before := auditCount(t, srv)
		for body, field := range map[string]string{
			`{"title":"t","texts":{"en":"x"}}`:                                     "shortcut is required",
			`{"shortcut":"Refund!","title":"t","texts":{"en":"x"}}`:                "shortcut",
			`{"shortcut":"thanks","title":"t","texts":{"en":"x"}}`:                 "/thanks is already used",
			`{"shortcut":"a","title":" ","texts":{"en":"x"}}`:                      "title",
			`{"shortcut":"a","title":"t"}`:                                         "texts is required",
			`{"shortcut":"a","title":"t","texts":{}}`:                              "texts",
			`{"shortcut":"a","title":"t","texts":{"pt":"x"}}`:                      `"pt"`,
			`{"shortcut":"a","title":"t","texts":{"en":"  "}}`:                     "texts.en is empty",
			`{"shortcut":"a","title":"t","texts":{"de":"Hallo {{order.number}}"}}`: "{{order.number}}",
			`{"shortcut":"a","title":"t","text":{"en":"x"}}`:                       `"text"`,
		} {
			var e wire.ErrorBody
			status := admin.Do(t, "POST", list, rawJSON(body), &e)
			if status != 400 || e.Error.Code != wire.CodeBadRequest || !strings.Contains(e.Error.Message, field) {
				t.Errorf("%s: got %d %+v, want it to name %s", body, status, e.Error, field)
			}
		}
		var e wire.ErrorBody
		if status := admin.Do(t, "PATCH", "/api/v1/canned/"+thanks.ID, rawJSON(`{"title":"New","texts":{"en":"Hi {{contact.firstName}}"}}`), &e); status != 400 || !strings.Contains(e.Error.Message, "{{contact.firstName}}") {
			t.Errorf("patch: got %d %+v", status, e.Error)
		}
		var got wire.CannedList
		admin.Do(t, "GET", list, nil, &got)
		if len(got.Replies) != 1 || got.Replies[0].Title != "Thank you" {
			t.Fatalf("a refused change changed %+v", got)
		}
		if after := auditCount(t, srv); after != before {
			t.Fatalf("refused changes were audited: %d lines, was %d", after, before)
		}
	})
	t.Run("an admin edits and deletes, each audited", func(t *testing.T) {
		var got wire.CannedReply
		if status := admin.Do(t, "PATCH", "/api/v1/canned/"+thanks.ID, map[string]any{"title": "Thanks, ships tomorrow"}, &got); status != 200 || got.Title != "Thanks, ships tomorrow" || got.Shortcut != "thanks" || len(got.Texts) != 2 {
			t.Fatalf("patch: %d %+v", status, got)
		}
		if status := admin.Do(t, "DELETE", "/api/v1/canned/"+thanks.ID, nil, nil); status != 204 {
			t.Fatalf("delete: %d", status)
		}
		if status := admin.Do(t, "DELETE", "/api/v1/canned/"+thanks.ID, nil, nil); status != 404 {
			t.Fatalf("second delete: %d", status)
		}
		log, _ := srv.DB().AuditLog(3)
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action+" "+e.Target)
		}
		want := []string{store.AuditCannedDelete + " canned:" + thanks.ID, store.AuditCannedUpdate + " canned:" + thanks.ID, store.AuditCannedCreate + " canned:" + thanks.ID}
		if strings.Join(actions, ",") != strings.Join(want, ",") {
			t.Fatalf("audit %q, want %q", actions, want)
		}
	})
	t.Run("writes need the CSRF token", func(t *testing.T) {
		noCSRF := *admin
		noCSRF.CSRF = ""
		if status := noCSRF.Do(t, "POST", list, map[string]any{"shortcut": "x", "title": "x", "texts": map[string]string{"en": "x"}}, nil); status != 403 {
			t.Fatalf("got %d", status)
		}
	})
}

// siteAgent makes a non-admin agent working on site and signs them in.
func siteAgent(t *testing.T, srv *testserver.Server, email string, site uint64) *testserver.Agent {
	t.Helper()
	hash, _ := auth.HashPassword("site-agent-password")
	if _, err := srv.DB().CreateAgent(store.Agent{Email: email, Name: "Carla", Role: wire.RoleAgent, Sites: []uint64{site}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return srv.Login(t, email, "site-agent-password")
}

func auditCount(t *testing.T, srv *testserver.Server) int {
	t.Helper()
	log, err := srv.DB().AuditLog(0)
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}
