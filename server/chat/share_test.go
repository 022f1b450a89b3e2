package chat

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/comptoir/comptoir/server/hub"
	"github.com/comptoir/comptoir/server/store"
)

func TestVisitorSessionsShareTheirSite(t *testing.T) {
	svc := New(nil, hub.New(), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	// Each hello reads the site afresh: equal records, distinct memory.
	read := func(greeting string) store.Site {
		return store.Site{ID: 7, Key: "pk_7", Name: "Shop", Greeting: greeting, AllowedOrigins: []string{"https://shop.test"},
			Languages: []string{"en", "fr"}, CreatedAt: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	}
	first := svc.sharedSite(read("Hi"))
	if again := svc.sharedSite(read("Hi")); again != first {
		t.Fatal("two sessions of an unchanged site hold two copies")
	}
	changed := svc.sharedSite(read("Hello"))
	if changed == first || changed.Greeting != "Hello" {
		t.Fatal("a changed site must give a new record")
	}
	if first.Greeting != "Hi" {
		t.Fatal("a session's record changed under it")
	}
}
