package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

// TestAttackPrivateNotes: a shopper trying to read the agents' private
// notes (live, by replaying from 0, through the export handed to them), to
// write one, or to answer another shopper's "Did this solve your problem?".
func TestAttackPrivateNotes(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	v, welcome := srv.Visitor(t, wire.Frame{})
	v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "v1", Body: "hello"})
	conv := v.Expect(t, wire.TypeAck).Conv
	const secret = "shopper flagged for chargebacks"
	if st := admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/messages", wire.SendRequest{CID: "n1", Body: secret, Private: true}, nil); st != 201 {
		t.Fatalf("note: %d", st)
	}
	admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/messages", wire.SendRequest{CID: "a1", Body: "How can I help?"}, nil)

	leak := func(f wire.Frame) bool {
		data, _ := json.Marshal(f)
		return strings.Contains(string(data), secret) || (f.Message != nil && f.Message.Private)
	}
	t.Run("live: the next frame after the note is the reply", func(t *testing.T) {
		for {
			f := v.Next(t)
			if leak(f) {
				t.Fatalf("live: %+v", f)
			}
			if f.Message != nil && f.Message.Body == "How can I help?" {
				break
			}
		}
	})
	t.Run("replaying from 0 skips it", func(t *testing.T) {
		v2, _ := srv.Visitor(t, wire.Frame{Token: welcome.Token, Resume: map[string]uint64{conv: 0}})
		for _, f := range v2.Until(t, wire.TypeSynced) {
			if leak(f) {
				t.Fatalf("replay: %+v", f)
			}
		}
	})
	t.Run("the export handed to the shopper leaves it out", func(t *testing.T) {
		var exp map[string]any
		admin.Do(t, "GET", "/api/v1/admin/contacts/"+welcome.Visitor.ID+"/export", nil, &exp)
		if data, _ := json.Marshal(exp); strings.Contains(string(data), secret) {
			t.Fatal("export carries the note")
		}
	})
	t.Run("a shopper cannot write a note", func(t *testing.T) {
		v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "v2", Conv: conv, Body: "pretend note", Private: true})
		v.Expect(t, wire.TypeAck)
		var d wire.ConversationDetail
		admin.Do(t, "GET", "/api/v1/conversations/"+conv, nil, &d)
		if m := d.Messages[len(d.Messages)-1]; m.Body != "pretend note" || m.Private {
			t.Fatalf("%+v", m)
		}
	})
	t.Run("nor answer another shopper's proposal", func(t *testing.T) {
		admin.Do(t, "POST", "/api/v1/conversations/"+conv+"/status", wire.StatusRequest{Status: wire.StatusAwaiting}, nil)
		other, _ := srv.Visitor(t, wire.Frame{})
		other.Send(t, wire.Frame{Type: wire.TypeConfirm, Conv: conv, Answer: wire.AnswerYes})
		if e := other.Expect(t, wire.TypeError); e.Error.Code != wire.CodeConversationNotFound {
			t.Fatalf("%+v", e.Error)
		}
		var d wire.ConversationDetail
		admin.Do(t, "GET", "/api/v1/conversations/"+conv, nil, &d)
		if d.Conversation.Status != wire.StatusAwaiting {
			t.Fatalf("status %q", d.Conversation.Status)
		}
	})
}
