package ui

import (
	"testing"
	"time"

	"github.com/comptoir/comptoir/wire"
)

func TestConvoHelpers(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	t.Run("a promise is late once past due, and no longer once kept", func(t *testing.T) {
		c := wire.Conversation{Promise: &wire.Promise{What: "x", Due: now.Add(-time.Minute).UnixMilli()}}
		if !PromiseLate(c, now) || PromiseLate(c, now.Add(-time.Hour)) {
			t.Fatal("late")
		}
		c.Promise.DoneAt = now.UnixMilli()
		if PromiseLate(c, now) || PromiseLate(wire.Conversation{}, now) {
			t.Fatal("a kept or missing promise is never late")
		}
	})
	t.Run("the receipt goes on the last agent reply, never on a note", func(t *testing.T) {
		ms := []wire.Message{
			{Seq: 1, Author: wire.Author{Kind: wire.AuthorVisitor}},
			{Seq: 2, Author: wire.Author{Kind: wire.AuthorAgent}},
			{Seq: 3, Author: wire.Author{Kind: wire.AuthorAgent}, Private: true},
			{Seq: 4, Author: wire.Author{Kind: wire.AuthorSystem}},
		}
		if got := lastAgentReply(ms); got != 2 {
			t.Fatalf("receipt on %d", got)
		}
		if lastAgentReply(ms[:1]) != 0 {
			t.Fatal("no reply, no receipt")
		}
	})
	t.Run("reasons: default codes translated, custom ones as typed", func(t *testing.T) {
		if ReasonLabel("fr", "product_defect") != "Produit défectueux" || ReasonLabel("de", "gift wrapping") != "gift wrapping" {
			t.Fatal(ReasonLabel("fr", "product_defect"))
		}
		for _, r := range wire.DefaultReasons {
			if ReasonLabel("en", r) == r {
				t.Errorf("default reason %q has no text", r)
			}
		}
	})
	t.Run("typing text", func(t *testing.T) {
		if typingText("it", "Ana") != "Ana sta scrivendo…" || typingText("en", "") != "" {
			t.Fatal(typingText("it", "Ana"))
		}
	})
	t.Run("a note's send frame says private, a reply's does not", func(t *testing.T) {
		n := PendingReply{CID: "c", Body: "b", Private: true}.frame("9")
		r := PendingReply{CID: "d", Body: "b"}.frame("9")
		if !n.Private || r.Private || n.Conv != "9" || n.Type != wire.TypeSend {
			t.Fatalf("%+v %+v", n, r)
		}
	})
}

func TestConvoSettingsFromFields(t *testing.T) {
	texts := map[string]string{"fr": "  Merci !  ", "de": " "}
	ch := ConvoSettingsFromFields(" delivery \n\ngift wrapping\n", true, func(l string) string { return texts[l] }, " 48 ")
	if len(*ch.Reasons) != 2 || (*ch.Reasons)[1] != "gift wrapping" || !ch.AutoAck.On || len(ch.AutoAck.Texts) != 1 || ch.AutoAck.Texts["fr"] != "Merci !" || *ch.ConfirmHours != 48 {
		t.Fatalf("%+v %+v %d", *ch.Reasons, *ch.AutoAck, *ch.ConfirmHours)
	}
	if ch := ConvoSettingsFromFields("", false, func(string) string { return "" }, ""); len(*ch.Reasons) != 0 || *ch.ConfirmHours != 0 || ch.AutoAck.On {
		t.Fatalf("empty form: %+v", ch)
	}
	if ch := ConvoSettingsFromFields("", false, func(string) string { return "" }, "soon"); *ch.ConfirmHours != -1 {
		t.Fatal("a word for hours goes to the server as a bad value, to be named")
	}
}
