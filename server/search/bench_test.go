package search

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/comptoir/comptoir/server/store"
)

var words = []string{"parcel", "refund", "delivery", "colour", "size", "invoice", "address", "tracking", "broken", "exchange", "gift", "voucher"}

// corpus stores n shopper messages of about 12 words in 100-message
// conversations.
func corpus(b *testing.B, f *fixture, n int) {
	b.Helper()
	var conv uint64
	var v store.Visitor
	for i := range n {
		if i%100 == 0 {
			var err error
			if v, err = f.db.CreateVisitor(f.site.ID, fmt.Sprint("t", i), store.VisitorUpdate{Name: fmt.Sprint("Shopper ", i)}); err != nil {
				b.Fatal(err)
			}
			conv = 0
		}
		body := ""
		for j := range 12 {
			body += words[(i*7+j*5)%len(words)] + fmt.Sprint(" w", (i+j)%997, " ")
		}
		a, err := f.db.AppendMessage(store.NewMessage{ConvID: conv, SiteID: f.site.ID, VisitorID: v.ID, CID: fmt.Sprint("c", i), Author: store.Author{Kind: store.AuthorVisitor}, Body: body})
		if err != nil {
			b.Fatal(err)
		}
		conv = a.Conversation.ID
	}
}

// BenchmarkIndexing measures how fast the index catches up with messages
// committed while it was stopped, as on a start after a crash (one op =
// one message indexed).
func BenchmarkIndexing(b *testing.B) {
	f := newFixture(b)
	if err := f.x.Close(); err != nil {
		b.Fatal(err)
	}
	corpus(b, f, b.N)
	b.ResetTimer()
	x, err := Open(filepath.Join(f.dir, DirName), f.db, quiet)
	if err != nil {
		b.Fatal(err)
	}
	f.x = x
	f.flush()
}

// BenchmarkSearch measures one search over 5,000 indexed messages.
func BenchmarkSearch(b *testing.B) {
	f := newFixture(b)
	corpus(b, f, 5000)
	f.flush()
	b.ResetTimer()
	for i := range b.N {
		if _, err := f.x.Search(Query{Text: words[i%len(words)] + " w1", Sites: []uint64{f.site.ID}}); err != nil {
			b.Fatal(err)
		}
	}
}
