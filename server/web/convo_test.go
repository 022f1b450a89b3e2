package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/testserver"
	"github.com/comptoir/comptoir/wire"
)

func TestLabelsReasonsAndPromises(t *testing.T) {
	srv := testserver.Start(t)
	admin := srv.Login(t, testserver.AdminEmail, testserver.AdminPassword)
	carla := siteAgent(t, srv, "carla@atelier.example", srv.Site.ID)
	_, bob := otherShop(t, srv)
	v, _ := srv.Visitor(t, wire.Frame{})
	v.Send(t, wire.Frame{Type: wire.TypeSend, CID: "v1", Body: "My order is late"})
	conv := v.Expect(t, wire.TypeAck).Conv
	base := "/api/v1/conversations/" + conv
	site := fmt.Sprint(srv.Site.ID)

	t.Run("labels are cleaned, stored, and suggested for the site", func(t *testing.T) {
		var got wire.Conversation
		st := carla.Do(t, "PUT", base+"/labels", wire.LabelsRequest{Labels: []string{"  VIP ", "exchange", "vip", ""}}, &got)
		if st != 200 || len(got.Labels) != 2 || got.Labels[0] != "VIP" || got.Labels[1] != "exchange" {
			t.Fatalf("%d %+v", st, got.Labels)
		}
		var opts wire.LabelOptions
		if st := carla.Do(t, "GET", "/api/v1/sites/"+site+"/labels", nil, &opts); st != 200 || len(opts.Labels) != 2 || len(opts.Reasons) != len(wire.DefaultReasons) {
			t.Fatalf("%d %+v", st, opts)
		}
	})
	t.Run("a label too long is refused and changes nothing", func(t *testing.T) {
		var e wire.ErrorBody
		long := "a label far too long to be a label of any use whatsoever"
		if st := carla.Do(t, "PUT", base+"/labels", wire.LabelsRequest{Labels: []string{long}}, &e); st != 400 || e.Error.Code != wire.CodeBadRequest {
			t.Fatalf("%d %+v", st, e)
		}
		var d wire.ConversationDetail
		carla.Do(t, "GET", base, nil, &d)
		if len(d.Conversation.Labels) != 2 {
			t.Fatalf("%+v", d.Conversation.Labels)
		}
	})
	t.Run("a reason must be one of the site's; admins edit the list", func(t *testing.T) {
		var got wire.Conversation
		if st := carla.Do(t, "PUT", base+"/reason", wire.ReasonRequest{Reason: "delivery"}, &got); st != 200 || got.Reason != "delivery" {
			t.Fatalf("%d %+v", st, got)
		}
		var e wire.ErrorBody
		if st := carla.Do(t, "PUT", base+"/reason", wire.ReasonRequest{Reason: "gift wrapping"}, &e); st != 400 {
			t.Fatalf("%d %+v", st, e)
		}
		reasons := []string{"delivery", "gift wrapping"}
		var s wire.Site
		if st := admin.Do(t, "PATCH", "/api/v1/admin/sites/"+site, wire.SiteChange{Reasons: &reasons}, &s); st != 200 || len(s.Reasons) != 2 {
			t.Fatalf("%d %+v", st, s)
		}
		if st := carla.Do(t, "PUT", base+"/reason", wire.ReasonRequest{Reason: "gift wrapping"}, &got); st != 200 || got.Reason != "gift wrapping" {
			t.Fatalf("%d %+v", st, got)
		}
		if st := carla.Do(t, "PATCH", "/api/v1/admin/sites/"+site, wire.SiteChange{Reasons: &reasons}, nil); st != 403 {
			t.Fatalf("an agent edited the reasons: %d", st)
		}
	})
	t.Run("a promise is shown to the shopper, then kept", func(t *testing.T) {
		due := time.Now().Add(48 * time.Hour).UnixMilli()
		var e wire.ErrorBody
		if st := carla.Do(t, "PUT", base+"/promise", wire.PromiseRequest{What: "the tracking number", Due: due, Channel: wire.ChannelEmail}, &e); st != 400 {
			t.Fatalf("an email promise to a shopper without email: %d", st)
		}
		if st := carla.Do(t, "PUT", base+"/promise", wire.PromiseRequest{What: "x", Due: time.Now().Add(-time.Hour).UnixMilli(), Channel: wire.ChannelChat}, &e); st != 400 {
			t.Fatalf("a promise in the past: %d", st)
		}
		var got wire.Conversation
		if st := carla.Do(t, "PUT", base+"/promise", wire.PromiseRequest{What: "the tracking number", Due: due, Channel: wire.ChannelChat}, &got); st != 200 || got.Promise == nil || got.Promise.By != "Carla" || got.Promise.Due != due {
			t.Fatalf("%d %+v", st, got.Promise)
		}
		seen := v.Expect(t, wire.TypeConversation).Conversations[0]
		if seen.Promise == nil || seen.Promise.What != "the tracking number" || seen.Promise.Channel != wire.ChannelChat || seen.Labels != nil || seen.Reason != "" {
			t.Fatalf("the shopper sees %+v", seen)
		}
		if st := carla.Do(t, "POST", base+"/promise/kept", nil, &got); st != 200 || got.Promise.DoneAt == 0 {
			t.Fatalf("%d %+v", st, got.Promise)
		}
		if st := carla.Do(t, "POST", base+"/promise/kept", nil, &e); st != 409 || e.Error.Code != wire.CodeWrongStatus {
			t.Fatalf("keeping it twice: %d %+v", st, e)
		}
	})
	t.Run("another shop's agent finds no such conversation", func(t *testing.T) {
		var e wire.ErrorBody
		for _, path := range []string{"/labels", "/reason", "/promise"} {
			if st := bob.Do(t, "PUT", base+path, map[string]any{}, &e); st != 404 || e.Error.Code != wire.CodeConversationNotFound {
				t.Fatalf("%s: %d %+v", path, st, e)
			}
		}
		if st := bob.Do(t, "GET", "/api/v1/sites/"+site+"/labels", nil, &e); st != 404 {
			t.Fatalf("%d", st)
		}
	})
	t.Run("site settings: auto-acknowledgement and confirmation delay are checked", func(t *testing.T) {
		bad := wire.AutoAck{On: true, Texts: map[string]string{"xx": "hi"}}
		var e wire.ErrorBody
		if st := admin.Do(t, "PATCH", "/api/v1/admin/sites/"+site, wire.SiteChange{AutoAck: &bad}, &e); st != 400 {
			t.Fatalf("%d", st)
		}
		hours := 1000
		if st := admin.Do(t, "PATCH", "/api/v1/admin/sites/"+site, wire.SiteChange{ConfirmHours: &hours}, &e); st != 400 {
			t.Fatalf("%d", st)
		}
		hours = 2
		var s wire.Site
		if st := admin.Do(t, "PATCH", "/api/v1/admin/sites/"+site, wire.SiteChange{ConfirmHours: &hours}, &s); st != 200 || s.ConfirmHours != 2 {
			t.Fatalf("%d %+v", st, s)
		}
		var c wire.Conversation
		carla.Do(t, "POST", base+"/status", wire.StatusRequest{Status: wire.StatusAwaiting}, &c)
		if c.Status != wire.StatusAwaiting || c.ConfirmBy-time.Now().UnixMilli() > (2*time.Hour).Milliseconds() || c.ConfirmBy < time.Now().Add(time.Hour).UnixMilli() {
			t.Fatalf("%+v", c)
		}
	})
}
