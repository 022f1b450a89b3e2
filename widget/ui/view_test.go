package ui

import (
	"testing"
	"time"

	"github.com/comptoir/comptoir/wire"
	"github.com/comptoir/comptoir/wire/wsclient"
)

func TestRefresh(t *testing.T) {
	t.Run("the server's copy replaces the one drawn from the ack", func(t *testing.T) {
		th := &Thread{}
		th.Add(wire.Message{Conv: "1", Seq: 4, CID: "c", Body: "hi", Author: wire.Author{Kind: wire.AuthorVisitor}})
		stored := wire.Message{Conv: "1", Seq: 4, CID: "c", Body: "hi", At: 99, Author: wire.Author{Kind: wire.AuthorVisitor, ID: "7"}}
		if th.Add(stored) {
			t.Fatal("same seq added twice")
		}
		if !th.Refresh(stored) || th.Messages[0].At != 99 || len(th.Messages) != 1 {
			t.Fatalf("not refreshed: %+v", th.Messages)
		}
	})
	t.Run("a different message at the same seq is not taken", func(t *testing.T) {
		th := &Thread{}
		th.Add(wire.Message{Seq: 1, CID: "a", Body: "mine"})
		if th.Refresh(wire.Message{Seq: 1, CID: "b", Body: "other"}) || th.Messages[0].Body != "mine" {
			t.Fatal("replaced a message by another one")
		}
	})
}

func TestClockTime(t *testing.T) {
	now := time.Date(2026, 3, 14, 18, 0, 0, 0, time.UTC)
	cases := map[string]time.Time{
		"09:05":            time.Date(2026, 3, 14, 9, 5, 0, 0, time.UTC),
		"13/03 23:59":      time.Date(2026, 3, 13, 23, 59, 0, 0, time.UTC),
		"31/12/2025 08:00": time.Date(2025, 12, 31, 8, 0, 0, 0, time.UTC),
	}
	for want, at := range cases {
		if got := ClockTime(at, now); got != want {
			t.Errorf("ClockTime(%v) = %q, want %q", at, got, want)
		}
	}
}

func TestStatusKey(t *testing.T) {
	cases := []struct {
		name     string
		st       wsclient.State
		welcomed bool
		online   bool
		want     Key
	}{
		{"welcomed is online", wsclient.State{Phase: wsclient.Online}, true, true, KeyOnline},
		{"an open socket without welcome is still connecting", wsclient.State{Phase: wsclient.Online}, false, true, KeyConnecting},
		{"a dropped socket with network is reconnecting", wsclient.State{Phase: wsclient.Offline, Code: 1006}, false, true, KeyReconnecting},
		{"a dropped socket without network is offline", wsclient.State{Phase: wsclient.Offline, Code: 1006}, false, false, KeyOffline},
		{"a final close is offline", wsclient.State{Phase: wsclient.Stopped, Code: wire.CloseSiteUnknown}, false, true, KeyOffline},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, _ := statusKey(c.st, c.welcomed, c.online); got != c.want {
				t.Fatalf("got %q, want %q", T("en", got), T("en", c.want))
			}
		})
	}
}
