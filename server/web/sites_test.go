package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

func TestSiteAdministration(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)

	t.Run("an admin lists sites with their key and identity secret", func(t *testing.T) {
		var list wire.SiteList
		if status := admin.Do(t, "GET", "/api/v1/admin/sites", nil, &list); status != 200 || len(list.Sites) != 1 {
			t.Fatalf("got %d %+v", status, list)
		}
		if s := list.Sites[0]; s.Key != srv.SiteKey || len(s.IdentitySecret) < 32 {
			t.Fatalf("site %+v", s)
		}
	})
	var created wire.Site
	t.Run("an admin creates a site with its own key and secret", func(t *testing.T) {
		status := admin.Do(t, "POST", "/api/v1/admin/sites", map[string]any{"name": "Boutique Lyon", "allowedOrigins": []string{"https://lyon.example/"}}, &created)
		if status != 201 || !strings.HasPrefix(created.Key, "pk_") || created.IdentitySecret == "" || created.AllowedOrigins[0] != "https://lyon.example" {
			t.Fatalf("got %d %+v", status, created)
		}
	})
	t.Run("a change names the bad field and changes nothing", func(t *testing.T) {
		for body, field := range map[string]string{
			`{"allowedOrigins":["https://ok.example","*"]}`: "allowedOrigins",
			`{"allowedOrigins":["https://x.example/path"]}`: "allowedOrigins",
			`{"color":"red; background:url(x)"}`:            "color",
			`{"languages":["en","xx"]}`:                     "languages",
			`{"name":""}`:                                   "name",
			`{"limits":{"messagesPerMinute":-1}}`:           "limits",
		} {
			var e wire.ErrorBody
			status := admin.Do(t, "PATCH", "/api/v1/admin/sites/"+created.ID, rawJSON(body), &e)
			if status != 400 || !strings.Contains(e.Error.Message, field) {
				t.Errorf("%s: got %d %+v", body, status, e.Error)
			}
		}
		var list wire.SiteList
		admin.Do(t, "GET", "/api/v1/admin/sites", nil, &list)
		if got := list.Sites[1]; got.Color != created.Color || len(got.AllowedOrigins) != 1 {
			t.Fatalf("a refused change changed %+v", got)
		}
	})
	t.Run("a valid change is applied and audited", func(t *testing.T) {
		var s wire.Site
		status := admin.Do(t, "PATCH", "/api/v1/admin/sites/"+created.ID, rawJSON(`{"color":"#0f766e","requireVerifiedIdentity":true,"limits":{"messagesPerMinute":5}}`), &s)
		if status != 200 || s.Color != "#0f766e" || !s.RequireVerifiedIdentity || s.Limits.MessagesPerMinute != 5 || s.Name != "Boutique Lyon" {
			t.Fatalf("got %d %+v", status, s)
		}
		var audit struct {
			Entries []struct{ Action, Target, Detail string } `json:"entries"`
		}
		admin.Do(t, "GET", "/api/v1/admin/audit", nil, &audit)
		if len(audit.Entries) == 0 || !strings.Contains(audit.Entries[0].Detail, "color") || audit.Entries[0].Target != "site:"+created.ID {
			t.Fatalf("audit %+v", audit)
		}
	})
	t.Run("an agent may not administer sites", func(t *testing.T) {
		_, bob := otherShop(t, srv)
		if status := bob.Do(t, "GET", "/api/v1/admin/sites", nil, nil); status != http.StatusForbidden {
			t.Fatalf("got %d", status)
		}
	})
}

// rawJSON passes a JSON text through Agent.Do unchanged.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }
