package web_test

import (
	"fmt"
	"testing"

	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

func TestAdminsGiveAgentsSites(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	other, bob := otherShop(t, srv)
	siteA, siteB := fmt.Sprint(srv.Site.ID), fmt.Sprint(other.ID)
	shopperSays(t, srv, srv.SiteKey, nil, "a question on shop A")
	shopperSays(t, srv, other.Key, nil, "a question on shop B")

	var dana wire.AgentAccount
	t.Run("an admin creates an agent of site A", func(t *testing.T) {
		req := wire.NewAgent{Email: "dana@shop-a.example", Name: "Dana", Password: "dana-password-1", Sites: []string{siteA}}
		if status := admin.Do(t, "POST", "/api/v1/admin/agents", req, &dana); status != 201 || dana.Role != wire.RoleAgent || len(dana.Sites) != 1 || dana.Sites[0] != siteA {
			t.Fatalf("got %d %+v", status, dana)
		}
		var list wire.AgentAccountList
		if status := admin.Do(t, "GET", "/api/v1/admin/agents", nil, &list); status != 200 || len(list.Agents) != 3 {
			t.Fatalf("list: %d %+v", status, list)
		}
	})
	danaHTTP := srv.Login(t, "dana@shop-a.example", "dana-password-1")
	sock, welcome := srv.AgentSocket(t, danaHTTP)
	t.Run("the agent sees site A only", func(t *testing.T) {
		if len(welcome.Conversations) != 1 || welcome.Conversations[0].Site != siteA {
			t.Fatalf("welcome %+v", welcome.Conversations)
		}
	})
	t.Run("bad requests are refused with what to fix", func(t *testing.T) {
		for _, tc := range []struct {
			method, path string
			body         any
			status       int
			code         string
		}{
			{"POST", "/api/v1/admin/agents", wire.NewAgent{Email: "dana@shop-a.example", Name: "D", Password: "long-enough-1"}, 400, wire.CodeBadRequest},
			{"POST", "/api/v1/admin/agents", wire.NewAgent{Email: "not an email", Name: "D", Password: "long-enough-1"}, 400, wire.CodeBadRequest},
			{"POST", "/api/v1/admin/agents", wire.NewAgent{Email: "e@x.example", Name: "D", Password: "short"}, 400, wire.CodeBadRequest},
			{"POST", "/api/v1/admin/agents", wire.NewAgent{Email: "e@x.example", Name: "D", Password: "long-enough-1", Role: "owner"}, 400, wire.CodeBadRequest},
			{"POST", "/api/v1/admin/agents", wire.NewAgent{Email: "e@x.example", Name: "D", Password: "long-enough-1", Sites: []string{"999"}}, 404, wire.CodeSiteNotFound},
			{"PUT", "/api/v1/admin/agents/" + dana.ID + "/sites", map[string]any{}, 400, wire.CodeBadRequest},
			{"PUT", "/api/v1/admin/agents/" + dana.ID + "/sites", wire.AgentSites{Sites: []string{"999"}}, 404, wire.CodeSiteNotFound},
			{"PUT", "/api/v1/admin/agents/999/sites", wire.AgentSites{Sites: []string{}}, 404, wire.CodeNotFound},
		} {
			var e wire.ErrorBody
			if status := admin.Do(t, tc.method, tc.path, tc.body, &e); status != tc.status || e.Error.Code != tc.code {
				t.Errorf("%s %s %+v: got %d %+v", tc.method, tc.path, tc.body, status, e.Error)
			}
		}
	})
	t.Run("only admins manage agents", func(t *testing.T) {
		for _, req := range []struct{ method, path string }{
			{"GET", "/api/v1/admin/agents"}, {"POST", "/api/v1/admin/agents"}, {"PUT", "/api/v1/admin/agents/" + dana.ID + "/sites"},
		} {
			var e wire.ErrorBody
			if status := bob.Do(t, req.method, req.path, wire.AgentSites{Sites: []string{siteB, siteA}}, &e); status != 403 || e.Error.Code != wire.CodeForbidden {
				t.Errorf("%s %s: %d %+v", req.method, req.path, status, e)
			}
		}
	})
	t.Run("giving site B closes the agent's socket, which comes back with both sites", func(t *testing.T) {
		var got wire.AgentAccount
		if status := admin.Do(t, "PUT", "/api/v1/admin/agents/"+dana.ID+"/sites", wire.AgentSites{Sites: []string{siteB, siteA, siteB}}, &got); status != 200 || len(got.Sites) != 2 {
			t.Fatalf("got %d %+v", status, got)
		}
		if code := sock.CloseCode(t); code != wire.CloseScopeChanged || !wire.ShouldReconnect(code) {
			t.Fatalf("close code %d", code)
		}
		_, welcome := srv.AgentSocket(t, danaHTTP)
		if len(welcome.Conversations) != 2 {
			t.Fatalf("welcome after the change: %+v", welcome.Conversations)
		}
		var list wire.ConversationList
		if status := danaHTTP.Do(t, "GET", "/api/v1/conversations?site="+siteB, nil, &list); status != 200 || len(list.Conversations) != 1 {
			t.Fatalf("site B over REST: %d %+v", status, list)
		}
	})
	t.Run("taking site A away takes its conversations away", func(t *testing.T) {
		if status := admin.Do(t, "PUT", "/api/v1/admin/agents/"+dana.ID+"/sites", wire.AgentSites{Sites: []string{siteB}}, nil); status != 200 {
			t.Fatalf("status %d", status)
		}
		var list wire.ConversationList
		danaHTTP.Do(t, "GET", "/api/v1/conversations", nil, &list)
		if len(list.Conversations) != 1 || list.Conversations[0].Site != siteB {
			t.Fatalf("after losing site A: %+v", list)
		}
		var e wire.ErrorBody
		if status := danaHTTP.Do(t, "GET", "/api/v1/conversations?site="+siteA, nil, &e); status != 404 || e.Error.Code != wire.CodeSiteNotFound {
			t.Fatalf("site A by name: %d %+v", status, e)
		}
	})
	t.Run("each change is in the audit log", func(t *testing.T) {
		log, _ := srv.DB().AuditLog(0)
		n := 0
		for _, e := range log {
			if e.Action == "agent.create" || e.Action == "agent.sites" {
				n++
			}
		}
		if n != 3 {
			t.Fatalf("%d audit lines: %+v", n, log)
		}
	})
}
