package store

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"
)

func TestVisitorCloneIsDeep(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for range 50 {
		var orig Visitor
		fill(reflect.ValueOf(&orig).Elem(), rnd, 0)
		cp := orig.clone()
		if !reflect.DeepEqual(orig, cp) {
			t.Fatalf("clone differs from the original:\n%+v\n%+v", orig, cp)
		}
		if path, shared := sharesMemory(reflect.ValueOf(orig), reflect.ValueOf(cp), "Visitor"); shared {
			t.Fatalf("clone shares %s with the original: copy it in Visitor.clone", path)
		}
	}
}

func TestVisitorReadsAreNeverStale(t *testing.T) {
	db, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	site, err := db.CreateSite(Site{Key: "k", Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.CreateVisitor(site.ID, "tok", VisitorUpdate{Name: "Ann", Page: &Page{URL: "https://shop.test/a", Product: &Product{Name: "Tote"}}})
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.Visitor(v.ID) // decoded and cached
	if err != nil {
		t.Fatal(err)
	}
	t.Run("what a caller changes in its copy is not seen by the next read", func(t *testing.T) {
		first.Name = "changed"
		first.Pages[0].Product.Name = "changed"
		again, err := db.Visitor(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.Name != "Ann" || again.Pages[0].Product.Name != "Tote" {
			t.Fatalf("read %+v", again)
		}
	})
	t.Run("a write is seen at once", func(t *testing.T) {
		if _, err := db.UpdateVisitor(v.ID, VisitorUpdate{Name: "Bea", Page: &Page{URL: "https://shop.test/b", Product: &Product{Name: "Scarf"}}}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Visitor(v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Bea" || got.Pages[len(got.Pages)-1].Product.Name != "Scarf" {
			t.Fatalf("read %+v after the update", got)
		}
	})
}

// BenchmarkVisitor is one read of a visitor who has seen 20 pages (what
// every shopper's message does).
func BenchmarkVisitor(b *testing.B) {
	db, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	site, _ := db.CreateSite(Site{Key: "k", Name: "Shop"})
	v, err := db.CreateVisitor(site.ID, "tok", VisitorUpdate{Name: "Ann"})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 20 {
		if _, err := db.UpdateVisitor(v.ID, VisitorUpdate{Page: &Page{URL: fmt.Sprint("https://shop.test/p", i), Title: "A product page", Product: &Product{Name: "Linen tote", Price: "39.00", Currency: "EUR"}}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Visitor(v.ID); err != nil {
			b.Fatal(err)
		}
	}
}
