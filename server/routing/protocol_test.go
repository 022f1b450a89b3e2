package routing_test

import (
	"strconv"
	"testing"

	"github.com/comptoir/comptoir/server/auth"
	"github.com/comptoir/comptoir/server/store"
	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// Routing against a real server: real sockets for shoppers and agents,
// REST for transfers and settings.

type desk struct {
	http *testserver.Agent
	ws   *testserver.Client
	id   string
}

// agentOnline creates an agent of the demo site, signs them in, opens
// their app's socket and waits until routing counts them online.
func agentOnline(t *testing.T, srv *testserver.Server, name string, capacity int) desk {
	t.Helper()
	hash, err := auth.HashPassword("password-" + name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := srv.DB().CreateAgent(store.Agent{Email: name + "@shop.test", Name: name, Role: wire.RoleAgent, Sites: []uint64{srv.Site.ID}, PasswordHash: hash, Capacity: capacity})
	if err != nil {
		t.Fatal(err)
	}
	d := desk{http: srv.Login(t, name+"@shop.test", "password-"+name), id: strconv.FormatUint(a.ID, 10)}
	d.ws, _ = srv.AgentSocket(t, d.http)
	d.waitStatus(t, d.id, wire.AvailabilityOnline)
	return d
}

// waitStatus reads agents frames until agent has availability av.
func (d desk) waitStatus(t *testing.T, agent, av string) {
	t.Helper()
	for {
		f := d.ws.Expect(t, wire.TypeAgents)
		for _, s := range f.Agents {
			if s.ID == agent && s.Availability == av {
				return
			}
		}
	}
}

// waitAssigned reads conversation summaries until conv has an assignee,
// and returns it.
func (d desk) waitAssigned(t *testing.T, conv string) wire.Conversation {
	t.Helper()
	for {
		f := d.ws.Expect(t, wire.TypeConversation)
		for _, c := range f.Conversations {
			if c.ID == conv && c.Assignee != "" {
				return c
			}
		}
	}
}

type shopper struct {
	ws    *testserver.Client
	conv  string
	token string
}

// shopperWrites opens a widget socket and starts a conversation.
func shopperWrites(t *testing.T, srv *testserver.Server, body string) shopper {
	t.Helper()
	ws, welcome := srv.Visitor(t, wire.Frame{})
	ws.Send(t, wire.Frame{Type: wire.TypeSend, CID: "first", Body: body})
	ack := ws.Expect(t, wire.TypeAck)
	return shopper{ws: ws, conv: ack.Conv, token: welcome.Token}
}

// place reads queue frames of the shopper's conversation until one says
// position want.
func (s shopper) place(t *testing.T, want int) wire.QueueInfo {
	t.Helper()
	for {
		f := s.ws.Expect(t, wire.TypeQueue)
		if f.Conv == s.conv && f.Queue.Position == want {
			return *f.Queue
		}
	}
}

func TestProtocolRoundRobinSkipsFullAndAwayAgents(t *testing.T) {
	srv := testserver.Start(t)
	ann := agentOnline(t, srv, "ann", 1)
	bob := agentOnline(t, srv, "bob", 3)
	cat := agentOnline(t, srv, "cat", 3)
	bob.ws.Send(t, wire.Frame{Type: wire.TypeAway, Away: true})
	bob.waitStatus(t, bob.id, wire.AvailabilityAway)

	first := shopperWrites(t, srv, "Is this in stock?")
	if got := ann.waitAssigned(t, first.conv).Assignee; got != ann.id {
		t.Fatalf("first conversation went to %s, want ann (%s)", got, ann.id)
	}
	second := shopperWrites(t, srv, "Where is my order?")
	if got := cat.waitAssigned(t, second.conv).Assignee; got != cat.id {
		t.Fatalf("second conversation went to %s, want cat (%s): ann is full, bob away", got, cat.id)
	}
	// bob's inbox shows who has it too.
	if got := bob.waitAssigned(t, second.conv).Assignee; got != cat.id {
		t.Fatalf("bob's inbox says %s", got)
	}
}

func TestProtocolQueueDrainsOnResolve(t *testing.T) {
	srv := testserver.Start(t)
	ann := agentOnline(t, srv, "ann", 1)
	first := shopperWrites(t, srv, "one")
	ann.waitAssigned(t, first.conv)
	second := shopperWrites(t, srv, "two")
	third := shopperWrites(t, srv, "three")
	second.place(t, 1)
	third.place(t, 2)

	ann.ws.Send(t, wire.Frame{Type: wire.TypeStatus, Conv: first.conv, Status: wire.StatusResolved})
	if got := ann.waitAssigned(t, second.conv).Assignee; got != ann.id {
		t.Fatalf("second went to %s after ann resolved the first", got)
	}
	second.place(t, 0)
	third.place(t, 1)

	t.Run("a shopper reconnecting is told their place again", func(t *testing.T) {
		third.ws.Conn.Close()
		again, _ := srv.Visitor(t, wire.Frame{Token: third.token})
		f := again.Expect(t, wire.TypeQueue)
		if f.Conv != third.conv || f.Queue.Position != 1 {
			t.Fatalf("told %+v on reconnect", f)
		}
	})
}

func TestProtocolTransfer(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	adminWS, _ := srv.AgentSocket(t, admin)
	ann := agentOnline(t, srv, "ann", 3)
	bob := agentOnline(t, srv, "bob", 3)
	cat := agentOnline(t, srv, "cat", 3)
	for _, d := range []desk{bob, cat} {
		d.ws.Send(t, wire.Frame{Type: wire.TypeAway, Away: true})
		d.waitStatus(t, d.id, wire.AvailabilityAway)
	}
	s := shopperWrites(t, srv, "I need a refund")
	ann.waitAssigned(t, s.conv)
	for _, d := range []desk{bob, cat} {
		d.ws.Send(t, wire.Frame{Type: wire.TypeAway, Away: false})
		d.waitStatus(t, d.id, wire.AvailabilityOnline)
	}
	path := "/api/v1/conversations/" + s.conv

	t.Run("to an agent, with a note only agents see", func(t *testing.T) {
		bob.ws.Send(t, wire.Frame{Type: wire.TypeSubscribe, Conv: s.conv})
		bob.ws.Expect(t, wire.TypeSynced)
		var got wire.Conversation
		if status := ann.http.Do(t, "POST", path+"/assign", wire.AssignRequest{Agent: bob.id, Note: "wants a refund, order 1042"}, &got); status != 200 || got.Assignee != bob.id {
			t.Fatalf("status %d, %+v", status, got)
		}
		for {
			m := bob.ws.Expect(t, wire.TypeMessage).Message
			if e := m.Event; e != nil && e.Kind == wire.EventTransferred {
				if !m.Private || e.Agent != bob.id || e.By != "ann" || e.Note != "wants a refund, order 1042" {
					t.Fatalf("event line %+v %+v", m, e)
				}
				break
			}
		}
		// The shopper's socket never gets event lines: the next frame
		// it sees is the message sent after them.
		s.ws.Send(t, wire.Frame{Type: wire.TypeSend, CID: "after", Conv: s.conv, Body: "still there?"})
		for {
			f := s.ws.Next(t)
			if f.Type == wire.TypeMessage && f.Message.Event != nil {
				t.Fatalf("the shopper got an event line: %+v", f.Message)
			}
			if f.Type == wire.TypeMessage && f.Message.CID == "after" {
				break
			}
		}
	})
	t.Run("to a team", func(t *testing.T) {
		var team wire.Team
		name := "Orders & returns"
		if status := admin.Do(t, "POST", "/api/v1/admin/sites/"+strconv.FormatUint(srv.Site.ID, 10)+"/teams", wire.TeamChange{Name: &name, Members: &[]string{cat.id}}, &team); status != 201 {
			t.Fatalf("create team: %d", status)
		}
		var got wire.Conversation
		if status := bob.http.Do(t, "POST", path+"/assign", wire.AssignRequest{Team: team.ID}, &got); status != 200 || got.Assignee != cat.id || got.Team != team.ID {
			t.Fatalf("status %d, %+v; want cat of %s", status, got, team.ID)
		}
	})
	t.Run("refusals name the problem", func(t *testing.T) {
		for _, tc := range []struct {
			req  wire.AssignRequest
			want int
			code string
		}{
			{wire.AssignRequest{Agent: "999"}, 404, wire.CodeNotFound},
			{wire.AssignRequest{Agent: "bob"}, 400, wire.CodeBadRequest},
			{wire.AssignRequest{Team: "999"}, 404, wire.CodeNotFound},
		} {
			var body wire.ErrorBody
			if status := ann.http.Do(t, "POST", path+"/assign", tc.req, &body); status != tc.want || body.Error.Code != tc.code {
				t.Errorf("%+v: %d %+v, want %d %s", tc.req, status, body.Error, tc.want, tc.code)
			}
		}
	})
	t.Run("escalation reaches the admins with its note", func(t *testing.T) {
		var got wire.Conversation
		if status := cat.http.Do(t, "POST", path+"/escalate", wire.EscalateRequest{Note: "wants to speak to a manager"}, &got); status != 200 || !got.Escalated {
			t.Fatalf("status %d, %+v", status, got)
		}
		f := adminWS.Expect(t, wire.TypeEscalation)
		if f.Conv != s.conv || f.Note != "wants to speak to a manager" || f.Author.Name != "cat" {
			t.Fatalf("admin told %+v", f)
		}
	})
}

func TestProtocolPreChatTopicRoutesToItsTeam(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	ann := agentOnline(t, srv, "ann", 3)
	bob := agentOnline(t, srv, "bob", 3)
	site := strconv.FormatUint(srv.Site.ID, 10)
	name := "Technical"
	var team wire.Team
	if status := admin.Do(t, "POST", "/api/v1/admin/sites/"+site+"/teams", wire.TeamChange{Name: &name, Members: &[]string{bob.id}}, &team); status != 201 {
		t.Fatalf("create team: %d", status)
	}
	settings := wire.SiteRouting{
		Rules:   []wire.RoutingRule{{Field: wire.RuleTopic, Pattern: "Technical question", Team: team.ID}},
		PreChat: wire.PreChat{Enabled: true, Topics: []string{"Order", "Technical question"}},
	}
	var saved wire.SiteRouting
	if status := admin.Do(t, "PUT", "/api/v1/admin/sites/"+site+"/routing", settings, &saved); status != 200 || len(saved.Rules) != 1 || !saved.PreChat.Enabled {
		t.Fatalf("save routing: %d %+v", status, saved)
	}

	t.Run("the widget's welcome carries the form", func(t *testing.T) {
		_, welcome := srv.Visitor(t, wire.Frame{})
		if p := welcome.Settings.PreChat; p == nil || len(p.Topics) != 2 || p.Topics[1] != "Technical question" {
			t.Fatalf("preChat %+v", p)
		}
	})
	t.Run("a conversation with the technical topic goes to the technical team", func(t *testing.T) {
		ws, _ := srv.Visitor(t, wire.Frame{})
		ws.Send(t, wire.Frame{Type: wire.TypeSend, CID: "1", Body: "The app crashes", Topic: "technical QUESTION"})
		conv := ws.Expect(t, wire.TypeAck).Conv
		c := ann.waitAssigned(t, conv)
		if c.Assignee != bob.id || c.Team != team.ID || c.Topic != "Technical question" {
			t.Fatalf("%+v; want bob of Technical, topic as the site spells it", c)
		}
	})
	t.Run("an invented topic is dropped", func(t *testing.T) {
		ws, _ := srv.Visitor(t, wire.Frame{})
		ws.Send(t, wire.Frame{Type: wire.TypeSend, CID: "1", Body: "Hi", Topic: "Free money"})
		conv := ws.Expect(t, wire.TypeAck).Conv
		if c := ann.waitAssigned(t, conv); c.Topic != "" || c.Team != "" {
			t.Fatalf("%+v", c)
		}
	})
	t.Run("settings that make no sense are refused, naming the problem", func(t *testing.T) {
		for _, bad := range []wire.SiteRouting{
			{Rules: []wire.RoutingRule{{Field: "cookie", Pattern: "x", Team: team.ID}}},
			{Rules: []wire.RoutingRule{{Field: wire.RuleTopic, Pattern: "Unknown", Team: team.ID}}},
			{Rules: []wire.RoutingRule{{Field: wire.RuleURL, Pattern: "*", Team: "999"}}},
			{EscalateAfterSeconds: -1},
			{PreChat: wire.PreChat{Enabled: true, Topics: []string{"A", "a"}}},
		} {
			var body wire.ErrorBody
			if status := admin.Do(t, "PUT", "/api/v1/admin/sites/"+site+"/routing", bad, &body); status != 400 || body.Error.Code != wire.CodeBadRequest {
				t.Errorf("%+v: %d %+v", bad, status, body.Error)
			}
		}
		var body wire.ErrorBody
		if status := ann.http.Do(t, "PUT", "/api/v1/admin/sites/"+site+"/routing", settings, &body); status != 403 {
			t.Errorf("an agent changed the routing: %d", status)
		}
	})
}
