package store

import "testing"

func TestSearchChangeSet(t *testing.T) {
	db := openTest(t)
	site, _ := db.CreateSite(Site{Key: "k", Name: "S"})
	v, _ := db.CreateVisitor(site.ID, "tok", VisitorUpdate{})
	pending := func() []SearchChange {
		t.Helper()
		ch, _, err := db.SearchChanges(100)
		if err != nil {
			t.Fatal(err)
		}
		return ch
	}
	if ch := pending(); len(ch) != 0 {
		t.Fatalf("a visitor without name, email or attributes has nothing to index: %+v", ch)
	}
	if _, err := db.UpdateVisitor(v.ID, VisitorUpdate{Page: &Page{URL: "https://shop.example/a"}}); err != nil {
		t.Fatal(err)
	}
	if ch := pending(); len(ch) != 0 {
		t.Fatalf("a page view changes no searchable text: %+v", ch)
	}
	a, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "1", Author: Author{Kind: AuthorVisitor}, Body: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	read := pending()
	if len(read) != 1 || read[0].Kind != SearchConversation || read[0].ID != a.Conversation.ID {
		t.Fatalf("after a message: %+v", read)
	}

	t.Run("a change made after reading stays for the next pass", func(t *testing.T) {
		if _, err := db.AppendMessage(NewMessage{ConvID: a.Conversation.ID, CID: "2", Author: Author{Kind: AuthorVisitor}, Body: "again"}); err != nil {
			t.Fatal(err)
		}
		if err := db.SearchDone(read); err != nil {
			t.Fatal(err)
		}
		if ch := pending(); len(ch) != 1 || ch[0].Number <= read[0].Number {
			t.Fatalf("the newer change was dropped: %+v", ch)
		}
	})
	t.Run("done entries leave the set", func(t *testing.T) {
		if err := db.SearchDone(pending()); err != nil {
			t.Fatal(err)
		}
		if ch := pending(); len(ch) != 0 {
			t.Fatalf("left: %+v", ch)
		}
	})
	t.Run("erasing marks the conversation and the contact", func(t *testing.T) {
		if _, err := db.EraseVisitor(0, v.ID); err != nil {
			t.Fatal(err)
		}
		ch := pending()
		if len(ch) != 2 || ch[0].Kind != SearchConversation || ch[1].Kind != SearchVisitor || ch[1].ID != v.ID {
			t.Fatalf("after erase: %+v", ch)
		}
		seq, _ := db.SearchSequence()
		if err := db.SearchClearUpTo(seq); err != nil {
			t.Fatal(err)
		}
		if ch := pending(); len(ch) != 0 {
			t.Fatalf("after clear: %+v", ch)
		}
	})
}
