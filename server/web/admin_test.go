package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/embed"
	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/config"
	"github.com/comptoir/comptoir/server/daemon"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/server/web"
	"github.com/comptoir/comptoir/widget/loader"
	"github.com/comptoir/comptoir/wire"
)

// shopper opens a visitor socket, tells its name and email, and writes
// bodies in one conversation. It returns the socket, the visitor id and the
// conversation id.
func adminShopper(t *testing.T, srv *testserver.Server, name, email string, bodies ...string) (*testserver.Client, string, string) {
	t.Helper()
	ws, welcome := srv.Visitor(t, wire.Frame{Contact: &wire.ContactUpdate{Name: name, Email: email}})
	var conv string
	for i, body := range bodies {
		ws.Send(t, wire.Frame{Type: wire.TypeSend, Conv: conv, CID: name + "-" + string(rune('a'+i)), Body: body})
		conv = ws.Expect(t, wire.TypeAck).Conv
	}
	return ws, welcome.Visitor.ID, conv
}

// plainAgent creates an agent (not admin) on the demo site and signs in.
func adminPlainAgent(t *testing.T, srv *testserver.Server) *testserver.Agent {
	t.Helper()
	hash, err := auth.HashPassword("agent-password-42")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB().CreateAgent(store.Agent{Email: "agent@example.com", Name: "Agent", Role: wire.RoleAgent, Sites: []uint64{srv.Site.ID}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return srv.Login(t, "agent@example.com", "agent-password-42")
}

func adminErr(t *testing.T, a *testserver.Agent, method, path string, body any) (int, string) {
	t.Helper()
	var e wire.ErrorBody
	status := a.Do(t, method, path, body, &e)
	return status, e.Error.Code
}

func TestAdminOnly(t *testing.T) {
	srv := testserver.Start(t)
	_, visitorID, _ := adminShopper(t, srv, "Vera", "vera@example.com", "hi")
	agent := adminPlainAgent(t, srv)
	// The same client without a session cookie.
	anonymous := *agent
	jar, _ := cookiejar.New(nil)
	anonymous.HTTP = &http.Client{Jar: jar, Timeout: 5 * time.Second}

	routes := []struct{ method, path string }{
		{"GET", "/api/v1/admin/contacts/" + visitorID + "/export"},
		{"POST", "/api/v1/admin/contacts/" + visitorID + "/erase"},
		{"GET", "/api/v1/admin/backup"},
		{"GET", "/api/v1/admin/audit"},
		{"POST", "/api/v1/admin/sites/1/retention"},
	}
	for _, r := range routes {
		t.Run("an agent gets 403 on "+r.method+" "+r.path, func(t *testing.T) {
			if status, code := adminErr(t, agent, r.method, r.path, map[string]int{"retentionDays": 1}); status != 403 || code != wire.CodeForbidden {
				t.Fatalf("%d %s", status, code)
			}
		})
		t.Run("no session gets 401 on "+r.method+" "+r.path, func(t *testing.T) {
			if status, code := adminErr(t, &anonymous, r.method, r.path, nil); status != 401 || code != wire.CodeUnauthorized {
				t.Fatalf("%d %s", status, code)
			}
		})
	}
	t.Run("a role in the body does not make an admin", func(t *testing.T) {
		status, _ := adminErr(t, agent, "POST", "/api/v1/admin/contacts/"+visitorID+"/erase", map[string]string{"role": "admin"})
		if status != 403 {
			t.Fatalf("%d", status)
		}
		if _, err := srv.DB().ExportVisitor(adminParseID(t, visitorID)); err != nil {
			t.Fatalf("the contact was touched: %v", err)
		}
	})
	t.Run("the agent's refusals leave no audit line", func(t *testing.T) {
		if log, _ := srv.DB().AuditLog(0); len(log) != 0 {
			t.Fatalf("%+v", log)
		}
	})
}

func adminParseID(t *testing.T, s string) uint64 {
	t.Helper()
	var id uint64
	if err := json.Unmarshal([]byte(s), &id); err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return id
}

func TestExportEraseAudit(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	ws, visitorID, conv := adminShopper(t, srv, "Zelda Fitzgerald", "zelda@example.org", "my order 4471 is late", "any news?")
	_, otherID, otherConv := adminShopper(t, srv, "Scott", "scott@example.org", "hello")
	var reply wire.Message
	if status := admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/messages", wire.SendRequest{CID: "r1", Body: "Looking into it, Zelda"}, &reply); status != 201 {
		t.Fatalf("reply: %d", status)
	}
	base := "/api/v1/admin/contacts/"

	t.Run("bad and unknown ids are 404 not_found", func(t *testing.T) {
		for _, id := range []string{"abc", "0", "-1", "99999"} {
			if status, code := adminErr(t, admin, "GET", base+id+"/export", nil); status != 404 || code != wire.CodeNotFound {
				t.Errorf("export %s: %d %s", id, status, code)
			}
			if status, code := adminErr(t, admin, "POST", base+id+"/erase", nil); status != 404 || code != wire.CodeNotFound {
				t.Errorf("erase %s: %d %s", id, status, code)
			}
		}
	})

	t.Run("export is a JSON download of the visitor, conversations and messages", func(t *testing.T) {
		res := adminGet(t, srv, admin, base+visitorID+"/export")
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("Content-Disposition %q", cd)
		}
		var exp store.ContactExport
		if err := json.NewDecoder(res.Body).Decode(&exp); err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if exp.Format != store.ExportFormat || exp.Visitor.Name != "Zelda Fitzgerald" || exp.Visitor.Email != "zelda@example.org" {
			t.Fatalf("visitor %+v", exp.Visitor)
		}
		if len(exp.Conversations) != 1 || len(exp.Conversations[0].Messages) != 3 || exp.Conversations[0].Messages[2].Body != "Looking into it, Zelda" {
			t.Fatalf("conversations %+v", exp.Conversations)
		}
	})

	t.Run("erase without the CSRF token is refused and changes nothing", func(t *testing.T) {
		noCSRF := *admin
		noCSRF.CSRF = ""
		if status, code := adminErr(t, &noCSRF, "POST", base+visitorID+"/erase", nil); status != 403 || code != wire.CodeForbidden {
			t.Fatalf("%d %s", status, code)
		}
		if _, err := srv.DB().Visitor(adminParseID(t, visitorID)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("erase deletes the contact and closes the shopper's socket", func(t *testing.T) {
		var res web.EraseResult
		if status := admin.Do(t, "POST", base+visitorID+"/erase", nil, &res); status != 200 {
			t.Fatalf("erase: %d", status)
		}
		if res.Erased != (store.Erased{Visitors: 1, Conversations: 1, Messages: 3}) || !strings.Contains(res.Note, "comptoir compact") {
			t.Fatalf("%+v", res)
		}
		if code := ws.CloseCode(t); code != wire.CloseUnauthorized {
			t.Fatalf("shopper socket closed with %d", code)
		}
		if status, code := adminErr(t, admin, "GET", base+visitorID+"/export", nil); status != 404 || code != wire.CodeNotFound {
			t.Fatalf("export after erase: %d %s", status, code)
		}
		if status, code := adminErr(t, admin, "GET", "/api/v1/conversations/"+conv, nil); status != 404 || code != wire.CodeConversationNotFound {
			t.Fatalf("conversation after erase: %d %s", status, code)
		}
		var list wire.ConversationList
		admin.Do(t, "GET", "/api/v1/conversations", nil, &list)
		if len(list.Conversations) != 1 || list.Conversations[0].ID != otherConv {
			t.Fatalf("inbox after erase: %+v", list.Conversations)
		}
		if _, err := srv.DB().Visitor(adminParseID(t, otherID)); err != nil {
			t.Fatalf("the other contact: %v", err)
		}
	})

	t.Run("retention is a site setting, checked and audited", func(t *testing.T) {
		path := "/api/v1/admin/sites/" + adminItoa(srv.Site.ID) + "/retention"
		var set web.RetentionSetting
		if status := admin.Do(t, "POST", path, map[string]int{"retentionDays": 30}, &set); status != 200 || set.RetentionDays != 30 {
			t.Fatalf("%d %+v", status, set)
		}
		if site, _ := srv.DB().Site(srv.Site.ID); site.RetentionDays != 30 {
			t.Fatalf("stored %d", site.RetentionDays)
		}
		for _, body := range []any{map[string]int{"retentionDays": -1}, map[string]int{"retentionDays": 40000}, map[string]string{}} {
			if status, code := adminErr(t, admin, "POST", path, body); status != 400 || code != wire.CodeBadRequest {
				t.Errorf("%v: %d %s", body, status, code)
			}
		}
		if status, code := adminErr(t, admin, "POST", "/api/v1/admin/sites/777/retention", map[string]int{"retentionDays": 1}); status != 404 || code != wire.CodeSiteNotFound {
			t.Errorf("unknown site: %d %s", status, code)
		}
	})

	t.Run("the audit log lists admin actions newest first", func(t *testing.T) {
		var log web.AuditLog
		if status := admin.Do(t, "GET", "/api/v1/admin/audit?limit=10", nil, &log); status != 200 {
			t.Fatalf("%d", status)
		}
		var actions []string
		for _, e := range log.Entries {
			actions = append(actions, e.Action+" "+e.Target)
			if e.AgentID == 0 || e.At.IsZero() {
				t.Errorf("entry %+v", e)
			}
		}
		want := []string{
			store.AuditSettings + " site:" + adminItoa(srv.Site.ID),
			store.AuditErase + " visitor:" + visitorID,
			store.AuditExport + " visitor:" + visitorID,
		}
		if strings.Join(actions, ", ") != strings.Join(want, ", ") {
			t.Fatalf("audit %v, want %v", actions, want)
		}
		var one web.AuditLog
		admin.Do(t, "GET", "/api/v1/admin/audit?limit=1", nil, &one)
		if len(one.Entries) != 1 || one.Entries[0].Action != store.AuditSettings {
			t.Fatalf("limit=1: %+v", one)
		}
		for _, bad := range []string{"0", "x", "1001"} {
			if status, code := adminErr(t, admin, "GET", "/api/v1/admin/audit?limit="+bad, nil); status != 400 || code != wire.CodeBadRequest {
				t.Errorf("limit=%s: %d %s", bad, status, code)
			}
		}
	})
}

func adminItoa(v uint64) string {
	data, _ := json.Marshal(v)
	return string(data)
}

// get sends a GET with the admin's session and returns the raw response.
func adminGet(t *testing.T, srv *testserver.Server, a *testserver.Agent, path string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Origin", srv.URL)
	res, err := a.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 {
		data, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, data)
	}
	return res
}

// TestBackupAndRestore takes a hot backup from a running server while a
// shopper writes, restores it the way docs/operations.md says (put the file
// in an empty data directory as comptoir.db), starts a server on it and
// finds the same conversations and messages.
func TestBackupAndRestore(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	_, _, conv := adminShopper(t, srv, "Rita", "rita@example.org", "is the lamp in stock?", "the brass one")
	admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/messages", wire.SendRequest{CID: "r1", Body: "Yes, 3 left"}, nil)
	var want wire.ConversationDetail
	admin.Do(t, "GET", "/api/v1/conversations/"+conv, nil, &want)

	res := adminGet(t, srv, admin, "/api/v1/admin/backup")
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="comptoir-`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	data, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || len(data) == 0 || res.ContentLength != int64(len(data)) {
		t.Fatalf("backup: %d bytes, Content-Length %d, %v", len(data), res.ContentLength, err)
	}
	// Later writes are not in the backup.
	admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/messages", wire.SendRequest{CID: "r2", Body: "after the backup"}, nil)

	restored := t.TempDir()
	if err := os.WriteFile(filepath.Join(restored, store.FileName), data, 0o600); err != nil {
		t.Fatal(err)
	}
	url, stop := adminStartOn(t, restored)
	defer stop()

	a := adminLogin(t, url)
	var got wire.ConversationDetail
	if status := adminGetJSON(t, a, url, "/api/v1/conversations/"+conv, &got); status != 200 {
		t.Fatalf("restored conversation: %d", status)
	}
	if len(got.Messages) != len(want.Messages) || len(got.Messages) != 3 {
		t.Fatalf("restored %d messages, want %d", len(got.Messages), len(want.Messages))
	}
	for i := range want.Messages {
		if got.Messages[i].Body != want.Messages[i].Body || got.Messages[i].Seq != want.Messages[i].Seq {
			t.Fatalf("message %d: %+v, want %+v", i, got.Messages[i], want.Messages[i])
		}
	}
	var audit web.AuditLog
	adminGetJSON(t, a, url, "/api/v1/admin/audit", &audit)
	if len(audit.Entries) == 0 || audit.Entries[0].Action != store.AuditBackup {
		t.Fatalf("the backup holds its own audit line: %+v", audit.Entries)
	}
}

// startOn runs a Comptoir on an existing data directory.
func adminStartOn(t *testing.T, dir string) (string, func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	cfg, err := config.Load([]string{"--data", dir, "--public-url", url, "--addr", ln.Addr().String()}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	d, err := daemon.Start(cfg, daemon.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Dist: embed.Dist, Loader: loader.Script, Version: "restored", Listener: ln})
	if err != nil {
		t.Fatal(err)
	}
	return url, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := d.Shutdown(ctx); err != nil {
			t.Error(err)
		}
	}
}

func adminLogin(t *testing.T, url string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	body, _ := json.Marshal(wire.LoginRequest{Email: testserver.AdminEmail, Password: testserver.AdminPassword})
	req, _ := http.NewRequest("POST", url+"/api/v1/auth/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", url)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("login on the restored server: %d", res.StatusCode)
	}
	return c
}

func adminGetJSON(t *testing.T, c *http.Client, url, path string, out any) int {
	t.Helper()
	res, err := c.Get(url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %d: %v", path, res.StatusCode, err)
	}
	return res.StatusCode
}
