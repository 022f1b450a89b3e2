package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/server/search"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// shopperSays opens a visitor socket on site (key) and sends body; it
// returns the conversation id and the visitor's welcome.
func shopperSays(t *testing.T, srv *testserver.Server, key string, contact *wire.ContactUpdate, body string) (string, wire.Frame) {
	t.Helper()
	v, w := srv.Visitor(t, wire.Frame{Site: key, Contact: contact})
	v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "c-" + body, Body: body})
	return v.Expect(t, wire.TypeAck).Conv, w
}

func searchAs(t *testing.T, a *testserver.Agent, query string) (int, wire.SearchResults, wire.ErrorBody) {
	t.Helper()
	var raw struct {
		wire.SearchResults
		Error wire.Error `json:"error"`
	}
	status := a.Do(t, "GET", "/api/v1/search?"+query, nil, &raw)
	return status, raw.SearchResults, wire.ErrorBody{Error: raw.Error}
}

func snippetText(r wire.SearchResult) (all, marked string) {
	for _, p := range r.Snippet {
		all += p.Text
		if p.Match {
			marked += "[" + p.Text + "]"
		}
	}
	return all, marked
}

func TestSearch(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	other, bob := otherShop(t, srv)
	carla := siteAgent(t, srv, "carla@atelier.example", srv.Site.ID)

	mine, _ := shopperSays(t, srv, srv.SiteKey, nil, "My parcel is lost, I want a refund <b>now</b>")
	theirs, _ := shopperSays(t, srv, other.Key, nil, "refund please, the lamp arrived broken")
	zoe, zw := shopperSays(t, srv, srv.SiteKey, &wire.ContactUpdate{Name: "Zoé Lemaire", Email: "zoe@example.org", Attributes: map[string]string{"plan": "gold"}}, "hello")
	srv.FlushSearch(t)

	t.Run("an agent finds a word a shopper wrote, with the passage", func(t *testing.T) {
		status, res, _ := searchAs(t, carla, "q=refund")
		if status != 200 || len(res.Results) != 1 {
			t.Fatalf("got %d %+v", status, res)
		}
		r := res.Results[0]
		all, marked := snippetText(r)
		if r.Conversation.ID != mine || r.Match != wire.MatchMessage || r.Seq != 1 || marked != "[refund]" || !strings.Contains(all, "<b>now</b>") {
			t.Fatalf("result %+v", r)
		}
		if r.Conversation.Visitor == nil || r.Conversation.SiteName == "" {
			t.Fatalf("the result is not a full inbox row: %+v", r.Conversation)
		}
	})
	t.Run("the passage travels as escaped text, never as markup", func(t *testing.T) {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/search?q=refund", nil)
		res, err := carla.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if strings.Contains(string(body), "<b>") || !strings.Contains(string(body), `\u003cb\u003e`) {
			t.Fatalf("body %s", body)
		}
	})
	t.Run("an agent of site A never finds site B's text", func(t *testing.T) {
		if _, res, _ := searchAs(t, carla, "q=lamp"); len(res.Results) != 0 {
			t.Fatalf("carla finds site B: %+v", res)
		}
		if _, res, _ := searchAs(t, bob, "q=parcel"); len(res.Results) != 0 {
			t.Fatalf("bob finds site A: %+v", res)
		}
		if _, res, _ := searchAs(t, bob, "q=zoe"); len(res.Results) != 0 {
			t.Fatalf("bob finds site A's contact: %+v", res)
		}
		_, res, _ := searchAs(t, bob, "q=refund")
		if len(res.Results) != 1 || res.Results[0].Conversation.ID != theirs {
			t.Fatalf("bob: %+v", res)
		}
	})
	t.Run("naming a site outside one's scope is not found", func(t *testing.T) {
		status, _, e := searchAs(t, carla, "q=refund&site="+fmt.Sprint(other.ID))
		if status != 404 || e.Error.Code != wire.CodeSiteNotFound {
			t.Fatalf("got %d %+v", status, e)
		}
	})
	t.Run("an admin searches every site, or one", func(t *testing.T) {
		if _, res, _ := searchAs(t, admin, "q=refund"); len(res.Results) != 2 {
			t.Fatalf("admin: %+v", res)
		}
		_, res, _ := searchAs(t, admin, "q=refund&site="+fmt.Sprint(other.ID))
		if len(res.Results) != 1 || res.Results[0].Conversation.ID != theirs {
			t.Fatalf("admin on site B: %+v", res)
		}
	})
	t.Run("contacts are found by name without accents, email and attributes", func(t *testing.T) {
		for _, q := range []string{"zoe", "LEMAIRE", "zoe@example.org", "gold"} {
			_, res, _ := searchAs(t, carla, "q="+url.QueryEscape(q))
			if len(res.Results) != 1 || res.Results[0].Conversation.ID != zoe || res.Results[0].Match != wire.MatchContact {
				t.Fatalf("%q: %+v", q, res)
			}
		}
		if zw.Visitor == nil {
			t.Fatal("no visitor in welcome")
		}
	})
	t.Run("a status filter narrows the results", func(t *testing.T) {
		if _, res, _ := searchAs(t, carla, "q=refund&status=resolved"); len(res.Results) != 0 {
			t.Fatalf("resolved: %+v", res)
		}
		if _, res, _ := searchAs(t, carla, "q=refund&status=open"); len(res.Results) != 1 {
			t.Fatalf("open: %+v", res)
		}
	})
	t.Run("bad queries get a clear refusal", func(t *testing.T) {
		for _, q := range []string{"", "q=", "q=%3F%21", "q=" + strings.Repeat("a", wire.MaxSearchQuery+1), "q=refund&limit=0", "q=refund&limit=x", "q=refund&status=lost"} {
			status, _, e := searchAs(t, carla, q)
			if status != 400 || e.Error.Code != wire.CodeBadRequest || e.Error.Message == "" {
				t.Errorf("%q: got %d %+v", q, status, e)
			}
		}
	})
	t.Run("signed-out requests are refused", func(t *testing.T) {
		res, err := http.Get(srv.URL + "/api/v1/search?q=refund")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 401 {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
}

func TestSearchForgetsErasedContacts(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	_, w := shopperSays(t, srv, srv.SiteKey, &wire.ContactUpdate{Name: "Quentin Xavier"}, "my card number is 4970 and my word is zanzibar")
	shopperSays(t, srv, srv.SiteKey, nil, "zanzibar is a lovely island")
	srv.FlushSearch(t)
	if _, res, _ := searchAs(t, admin, "q=zanzibar"); len(res.Results) != 2 {
		t.Fatalf("before: %+v", res)
	}
	var erased struct {
		Erased store.Erased `json:"erased"`
	}
	if status := admin.Do(t, "POST", "/api/v1/admin/contacts/"+w.Visitor.ID+"/erase", nil, &erased); status != 200 || erased.Erased.Messages != 1 {
		t.Fatalf("erase: %d %+v", status, erased)
	}
	// No flush here: the erase answers once the index has dropped the texts.
	_, res, _ := searchAs(t, admin, "q=zanzibar")
	if len(res.Results) != 1 || strings.Contains(fmt.Sprint(res), "4970") {
		t.Fatalf("after erase: %+v", res)
	}
	for _, q := range []string{"4970", "quentin", "xavier"} {
		if _, res, _ := searchAs(t, admin, "q="+q); len(res.Results) != 0 {
			t.Fatalf("%q still found after erase: %+v", q, res)
		}
	}
}

func TestSearchIndexAcrossRestarts(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	shopperSays(t, srv, srv.SiteKey, nil, "the teapot is chipped")
	srv.FlushSearch(t)

	t.Run("a missing index is rebuilt from the store", func(t *testing.T) {
		srv.RestartWith(t, func(data string) {
			if err := os.RemoveAll(filepath.Join(data, search.DirName)); err != nil {
				t.Fatal(err)
			}
		})
		srv.FlushSearch(t)
		admin = srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		if _, res, _ := searchAs(t, admin, "q=teapot"); len(res.Results) != 1 || res.Indexing {
			t.Fatalf("after rebuild: %+v", res)
		}
	})
	t.Run("what was committed but not indexed before a crash is indexed on start", func(t *testing.T) {
		srv.RestartWith(t, func(data string) {
			// The store alone, as if the server died right after this commit.
			db, err := store.Open(data, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			convs, _ := db.ConversationsOfSite(srv.Site.ID, 0)
			if _, err := db.AppendMessage(store.NewMessage{ConvID: convs[0].ID, CID: "late", Author: store.Author{Kind: store.AuthorVisitor}, Body: "and the saucer cracked"}); err != nil {
				t.Fatal(err)
			}
			db.Close()
		})
		srv.FlushSearch(t)
		admin = srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
		_, res, _ := searchAs(t, admin, "q=saucer")
		if len(res.Results) != 1 || res.Results[0].Seq != 2 {
			t.Fatalf("after restart: %+v", res)
		}
		if _, res, _ := searchAs(t, admin, "q=teapot"); len(res.Results) != 1 {
			t.Fatalf("older text: %+v", res)
		}
	})
}

func TestContactConversations(t *testing.T) {
	srv := testserver.Start(t)
	carla := siteAgent(t, srv, "carla@atelier.example", srv.Site.ID)
	_, bob := otherShop(t, srv)
	v, w := srv.Visitor(t, wire.Frame{})
	v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "a", Body: "first question"})
	first := v.Expect(t, wire.TypeAck).Conv
	if _, err := srv.DB().SetStatus(chat(t, first), store.StatusResolved); err != nil {
		t.Fatal(err)
	}
	v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "b", Body: "second question"})
	second := v.Expect(t, wire.TypeAck).Conv
	if first == second {
		t.Fatal("the second message should start a new conversation")
	}
	path := "/api/v1/contacts/" + w.Visitor.ID + "/conversations"
	var list wire.ConversationList
	if status := carla.Do(t, "GET", path, nil, &list); status != 200 || len(list.Conversations) != 2 || list.Conversations[0].ID != second || list.Conversations[1].ID != first {
		t.Fatalf("got %d %+v", status, list)
	}
	var e wire.ErrorBody
	if status := bob.Do(t, "GET", path, nil, &e); status != 404 || e.Error.Code != wire.CodeNotFound {
		t.Fatalf("another shop's agent: %d %+v", status, e)
	}
	if status := carla.Do(t, "GET", "/api/v1/contacts/999/conversations", nil, &e); status != 404 {
		t.Fatalf("unknown contact: %d", status)
	}
}

func chat(t *testing.T, id string) uint64 {
	t.Helper()
	var n uint64
	if _, err := fmt.Sscan(id, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestConversationViews(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	other, _ := otherShop(t, srv)
	a, _ := shopperSays(t, srv, srv.SiteKey, nil, "one")
	shopperSays(t, srv, other.Key, nil, "two")
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"", 2}, {"?view=all", 2}, {"?view=unassigned", 2}, {"?view=mine", 0},
		{"?site=" + fmt.Sprint(srv.Site.ID), 1}, {"?site=" + fmt.Sprint(other.ID) + "&view=unassigned", 1},
	} {
		var list wire.ConversationList
		if status := admin.Do(t, "GET", "/api/v1/conversations"+tc.query, nil, &list); status != 200 || len(list.Conversations) != tc.want {
			t.Errorf("%q: got %d %+v", tc.query, status, list)
		}
	}
	var e wire.ErrorBody
	if status := admin.Do(t, "GET", "/api/v1/conversations?view=everything", nil, &e); status != 400 || e.Error.Code != wire.CodeBadRequest {
		t.Errorf("bad view: %d %+v", status, e)
	}
	_ = a
}

func TestConversationFilters(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	carla := siteAgent(t, srv, "carla@atelier.example", srv.Site.ID)
	a, _ := shopperSays(t, srv, srv.SiteKey, nil, "where is my parcel")
	b, _ := shopperSays(t, srv, srv.SiteKey, nil, "the mug is chipped")
	shopperSays(t, srv, srv.SiteKey, nil, "just browsing")
	db := srv.DB()
	if _, err := db.SetLabels(chat(t, a), []string{"vip", "parcel"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetReason(chat(t, b), "product_defect"); err != nil {
		t.Fatal(err)
	}
	carlaAccount, _ := db.AgentByEmail("carla@atelier.example")
	team, err := db.SaveTeam(1, store.Team{SiteID: srv.Site.ID, Name: "Returns", Members: []uint64{carlaAccount.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AssignConversation(chat(t, b), 0, team.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who   *testserver.Agent
		query string
		want  string
	}{
		{admin, "?label=vip", a},
		{admin, "?label=parcel&reason=product_defect", ""},
		{admin, "?reason=product_defect", b},
		{carla, "?view=team", b},
		{admin, "?view=team", ""},
	} {
		var list wire.ConversationList
		if status := tc.who.Do(t, "GET", "/api/v1/conversations"+tc.query, nil, &list); status != 200 {
			t.Fatalf("%s: %d", tc.query, status)
		}
		var got []string
		for _, c := range list.Conversations {
			got = append(got, c.ID)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%s: got %v, want %q", tc.query, got, tc.want)
		}
	}
}

// TestAttackSearchAcrossSites: an agent of one shop tries to read another
// shop's texts through search: by word, by naming the other site, by a
// contact's email, through the contact history by id, and after being
// given and then refused the site.
func TestAttackSearchAcrossSites(t *testing.T) {
	srv := testserver.Start(t)
	other, bob := otherShop(t, srv)
	_, w := shopperSays(t, srv, srv.SiteKey, &wire.ContactUpdate{Name: "Victim Person", Email: "victim@example.org"}, "my secret code is ambergris")
	shopperSays(t, srv, other.Key, nil, "a question on the other shop")
	srv.FlushSearch(t)
	for _, q := range []string{"q=ambergris", "q=victim%40example.org", "q=victim", "q=ambergris&site=" + fmt.Sprint(srv.Site.ID), "q=ambergris&status=open"} {
		status, res, _ := searchAs(t, bob, q)
		if len(res.Results) != 0 {
			t.Errorf("%s: %d %+v", q, status, res)
		}
	}
	var e wire.ErrorBody
	if status := bob.Do(t, "GET", "/api/v1/contacts/"+w.Visitor.ID+"/conversations", nil, &e); status != 404 {
		t.Errorf("history of another shop's contact: %d", status)
	}
	// Given the site, then refused it: the index answers with the scope of
	// the moment, not of the sign-in.
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	bobAccount, _ := srv.DB().AgentByEmail("bob@other.example")
	sites := func(ids ...uint64) {
		var req wire.AgentSites
		for _, id := range ids {
			req.Sites = append(req.Sites, fmt.Sprint(id))
		}
		if status := admin.Do(t, "PUT", fmt.Sprintf("/api/v1/admin/agents/%d/sites", bobAccount.ID), req, nil); status != 200 {
			t.Fatalf("set sites: %d", status)
		}
	}
	sites(other.ID, srv.Site.ID)
	if _, res, _ := searchAs(t, bob, "q=ambergris"); len(res.Results) != 1 {
		t.Fatalf("with the site: %+v", res)
	}
	sites(other.ID)
	if _, res, _ := searchAs(t, bob, "q=ambergris"); len(res.Results) != 0 {
		t.Fatalf("after losing the site: %+v", res)
	}
}
