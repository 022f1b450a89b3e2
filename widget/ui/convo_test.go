package ui

import (
	"reflect"
	"testing"

	"github.com/comptoir/comptoir/wire"
)

func TestConvoTextsInEveryLanguage(t *testing.T) {
	for _, lang := range Languages {
		tr, ok := convoTexts5[lang]
		if !ok {
			t.Fatalf("%s: no conversation-tool texts", lang)
		}
		v := reflect.ValueOf(tr)
		for i := range v.NumField() {
			if v.Field(i).String() == "" {
				t.Errorf("%s: %s is empty", lang, v.Type().Field(i).Name)
			}
		}
	}
	if ct("xx").Seen != "Seen" {
		t.Error("an unknown language falls back to English")
	}
}

func TestSeenKeyIsTheShoppersLastMessageOnceRead(t *testing.T) {
	c := &Chat{conv: "1", threads: map[string]*Thread{"1": {}}}
	th := c.threads["1"]
	th.Add(wire.Message{Conv: "1", Seq: 1, CID: "v1", Author: wire.Author{Kind: wire.AuthorVisitor}})
	th.Add(wire.Message{Conv: "1", Seq: 2, Author: wire.Author{Kind: wire.AuthorAgent}})
	th.Add(wire.Message{Conv: "1", Seq: 3, CID: "v2", Author: wire.Author{Kind: wire.AuthorVisitor}})
	rows := Rows(th, "1", nil)
	if k := c.seenKey(rows); k != "" {
		t.Fatalf("nothing read yet, seen under %q", k)
	}
	c.setConversation(wire.Conversation{ID: "1", ReadByAgents: 2})
	if k := c.seenKey(rows); k != "" {
		t.Fatalf("read up to 2 only, seen under %q", k)
	}
	c.setConversation(wire.Conversation{ID: "1", ReadByAgents: 3})
	if k := c.seenKey(rows); k != "v2" {
		t.Fatalf("seen under %q, want v2", k)
	}
	c.setConversation(wire.Conversation{ID: "1", ReadByAgents: 1})
	if c.convo.convs["1"].ReadByAgents != 3 {
		t.Fatal("a read position went backwards")
	}
	if k := c.seenKey(Rows(th, "1", []OutboxEntry{{CID: "v3", Conv: "1", Body: "more"}})); k != "" {
		t.Fatalf("a message still sending is the last one, seen under %q", k)
	}
}
