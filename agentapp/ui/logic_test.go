package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/wire"
)

func ids(rows []wire.Conversation) string {
	var s []string
	for _, c := range rows {
		s = append(s, c.ID)
	}
	return strings.Join(s, ",")
}

func TestMergeConversation(t *testing.T) {
	base := []wire.Conversation{
		{ID: "1", UpdatedAt: 300, LastSeq: 3, Status: wire.StatusOpen},
		{ID: "2", UpdatedAt: 200, LastSeq: 5, Status: wire.StatusOpen, Visitor: &wire.Visitor{ID: "9", Name: "Ada"}},
		{ID: "3", UpdatedAt: 100, LastSeq: 1, Status: wire.StatusResolved},
	}

	t.Run("a new conversation is inserted by recency", func(t *testing.T) {
		got := MergeConversation(base, wire.Conversation{ID: "4", UpdatedAt: 250})
		if ids(got) != "1,4,2,3" {
			t.Fatalf("order %s", ids(got))
		}
		if ids(base) != "1,2,3" {
			t.Fatalf("input was modified: %s", ids(base))
		}
	})
	t.Run("an update replaces the row and moves it to the top", func(t *testing.T) {
		got := MergeConversation(base, wire.Conversation{ID: "3", UpdatedAt: 400, LastSeq: 2, Preview: "hi", Unread: 1})
		if ids(got) != "3,1,2" || got[0].Preview != "hi" || got[0].Unread != 1 {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("a late, older summary is ignored", func(t *testing.T) {
		got := MergeConversation(base, wire.Conversation{ID: "2", UpdatedAt: 500, LastSeq: 4, Preview: "old"})
		if got[1].Preview != "" || ids(got) != "1,2,3" {
			t.Fatalf("older summary applied: %+v", got)
		}
	})
	t.Run("a summary without context keeps the known visitor", func(t *testing.T) {
		got := MergeConversation(base, wire.Conversation{ID: "2", UpdatedAt: 200, LastSeq: 5, Unread: 0, Status: wire.StatusResolved})
		c, _ := FindConversation(got, "2")
		if c.Visitor == nil || c.Visitor.Name != "Ada" || c.Status != wire.StatusResolved {
			t.Fatalf("got %+v", c)
		}
	})
	t.Run("equal times are ordered by id, stably", func(t *testing.T) {
		rows := []wire.Conversation{{ID: "a", UpdatedAt: 1}, {ID: "b", UpdatedAt: 1}}
		SortInbox(rows)
		if ids(rows) != "b,a" {
			t.Fatalf("order %s", ids(rows))
		}
	})
	t.Run("a welcome replaces the inbox but keeps context it lacks", func(t *testing.T) {
		got := ReplaceInbox(base, []wire.Conversation{{ID: "2", UpdatedAt: 600, LastSeq: 6}, {ID: "7", UpdatedAt: 50}})
		if ids(got) != "2,7" || got[0].Visitor == nil {
			t.Fatalf("got %+v", got)
		}
	})
}

func TestFilterAndUnread(t *testing.T) {
	rows := []wire.Conversation{
		{ID: "1", Status: wire.StatusOpen, Unread: 2},
		{ID: "2", Status: wire.StatusPending, Unread: 1},
		{ID: "3", Status: wire.StatusResolved},
	}
	if got := ids(InboxFilter{}.Apply(rows, Viewer{})); got != "1,2" {
		t.Errorf("default filter: %s", got)
	}
	if got := ids(InboxFilter{Status: StatusResolved}.Apply(rows, Viewer{})); got != "3" {
		t.Errorf("resolved filter: %s", got)
	}
	if n := UnreadTotal(rows); n != 3 {
		t.Errorf("unread total %d", n)
	}
}

func TestVisitorLabel(t *testing.T) {
	l := Lang("en")
	cases := []struct {
		c    wire.Conversation
		want string
	}{
		{wire.Conversation{ID: "5"}, "Visitor #5"},
		{wire.Conversation{ID: "5", Visitor: &wire.Visitor{ID: "12"}}, "Visitor #12"},
		{wire.Conversation{ID: "5", Visitor: &wire.Visitor{ID: "12", Email: "a@b.c"}}, "a@b.c"},
		{wire.Conversation{ID: "5", Visitor: &wire.Visitor{ID: "12", Name: "100%s", Email: "a@b.c"}}, "100%s"},
	}
	for _, tc := range cases {
		if got := VisitorLabel(l, tc.c); got != tc.want {
			t.Errorf("VisitorLabel(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}

func msg(seq uint64, cid string) wire.Message {
	return wire.Message{Conv: "c", Seq: seq, CID: cid, Body: fmt.Sprint("m", seq)}
}

func seqs(t *Thread) string {
	var s []string
	for _, m := range t.Messages {
		s = append(s, fmt.Sprint(m.Seq))
	}
	return strings.Join(s, ",")
}

func TestThread(t *testing.T) {
	t.Run("a replayed seq is shown once", func(t *testing.T) {
		var th Thread
		for _, m := range []wire.Message{msg(1, ""), msg(2, ""), msg(2, ""), msg(1, "")} {
			th.Add(m)
		}
		if seqs(&th) != "1,2" {
			t.Fatalf("seqs %s", seqs(&th))
		}
	})
	t.Run("out of order messages are kept in seq order", func(t *testing.T) {
		var th Thread
		for _, s := range []uint64{3, 1, 2, 5, 4} {
			th.Add(msg(s, ""))
		}
		if seqs(&th) != "1,2,3,4,5" || th.LastSeq() != 5 {
			t.Fatalf("seqs %s last %d", seqs(&th), th.LastSeq())
		}
	})
	t.Run("a pending reply shows until acked, then once", func(t *testing.T) {
		var th Thread
		th.Add(msg(1, ""))
		th.AddPending(PendingReply{CID: "x", Body: "hello", At: 10})
		if len(th.Pending) != 1 || len(th.Unacked()) != 1 {
			t.Fatalf("pending %+v", th.Pending)
		}
		th.Ack("c", "x", 2, wire.Author{Kind: wire.AuthorAgent, ID: "a1"})
		if len(th.Pending) != 0 || seqs(&th) != "1,2" || th.Messages[1].Body != "hello" {
			t.Fatalf("after ack: pending %+v messages %+v", th.Pending, th.Messages)
		}
		if th.Add(wire.Message{Conv: "c", Seq: 2, CID: "x", Body: "hello"}) {
			t.Fatal("the message frame after the ack was shown twice")
		}
	})
	t.Run("a message frame before its ack confirms the pending reply", func(t *testing.T) {
		var th Thread
		th.AddPending(PendingReply{CID: "y", Body: "hi"})
		th.Add(wire.Message{Conv: "c", Seq: 1, CID: "y", Body: "hi"})
		th.Ack("c", "y", 1, wire.Author{})
		if len(th.Pending) != 0 || seqs(&th) != "1" {
			t.Fatalf("pending %+v seqs %s", th.Pending, seqs(&th))
		}
	})
	t.Run("a refused reply is not resent until retried", func(t *testing.T) {
		var th Thread
		th.AddPending(PendingReply{CID: "z", Body: "too much"})
		if !th.Fail("z", "rate limited") || th.Fail("nope", "x") {
			t.Fatal("Fail did not find the right reply")
		}
		if len(th.Unacked()) != 0 || th.Pending[0].Failed != "rate limited" {
			t.Fatalf("pending %+v", th.Pending)
		}
	})
}

func TestRelTime(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		ago  time.Duration
		lang Lang
		want string
	}{
		{0, "en", "now"},
		{59 * time.Second, "en", "now"},
		{-5 * time.Second, "en", "now"}, // a server clock slightly ahead
		{5 * time.Minute, "en", "5 min"},
		{3 * time.Hour, "en", "3 h"},
		{49 * time.Hour, "en", "2 d"},
		{49 * time.Hour, "fr", "2 j"},
		{90 * time.Minute, "de", "1 Std."},
		{30 * time.Second, "it", "ora"},
	}
	for _, tc := range cases {
		if got := RelTime(tc.lang, now, now.Add(-tc.ago)); got != tc.want {
			t.Errorf("RelTime(%s, %v ago) = %q, want %q", tc.lang, tc.ago, got, tc.want)
		}
	}
	old := now.Add(-30 * 24 * time.Hour)
	if got := RelTime("en", now, old); got != old.Local().Format("2006-01-02") {
		t.Errorf("a month ago = %q", got)
	}
}

func TestClockTime(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.Local)
	if got := ClockTime(now, time.Date(2025, 3, 10, 9, 5, 0, 0, time.Local)); got != "09:05" {
		t.Errorf("today = %q", got)
	}
	if got := ClockTime(now, time.Date(2025, 3, 9, 9, 5, 0, 0, time.Local)); got != "2025-03-09 09:05" {
		t.Errorf("yesterday = %q", got)
	}
}

var verb = regexp.MustCompile(`%[a-z]`)

func TestStringsComplete(t *testing.T) {
	en := catalogue["en"]
	for _, lang := range Languages {
		table, ok := catalogue[lang]
		if !ok {
			t.Fatalf("no table for %s", lang)
		}
		if len(table) != len(en) {
			t.Errorf("%s has %d strings, English %d", lang, len(table), len(en))
		}
		for k, want := range en {
			got, ok := table[k]
			if !ok || strings.TrimSpace(got) == "" {
				t.Errorf("%s: missing %s", lang, k)
				continue
			}
			if a, b := verb.FindAllString(want, -1), verb.FindAllString(got, -1); strings.Join(a, "") != strings.Join(b, "") {
				t.Errorf("%s: %s has verbs %v, English %v", lang, k, b, a)
			}
		}
	}
	if len(catalogue) != len(Languages) {
		t.Errorf("catalogue has %d languages, Languages lists %d", len(catalogue), len(Languages))
	}
	// The end-to-end tests find the English names.
	for k, want := range map[Key]string{KEmail: "Email", KPassword: "Password", KSignIn: "Sign in", KSigningIn: "Signing in…", KReply: "Reply", KSend: "Send"} {
		if en[k] != want {
			t.Errorf("English %s = %q, tests expect %q", k, en[k], want)
		}
	}
}

func TestPickLang(t *testing.T) {
	for tag, want := range map[string]Lang{"fr-CH": "fr", "de": "de", "ES_es": "es", "it-IT": "it", "pt-BR": "en", "": "en", "en-GB": "en"} {
		if got := PickLang(tag); got != want {
			t.Errorf("PickLang(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestNewCID(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 100 {
		id := NewCID()
		if !v4.MatchString(id) || seen[id] {
			t.Fatalf("bad or repeated cid %q", id)
		}
		seen[id] = true
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://shop.example/p/1": "https://shop.example/p/1",
		"http://shop.example":      "http://shop.example",
		"javascript:alert(1)":      "",
		"/relative":                "",
		"data:image/png;base64,AA": "",
		"":                         "",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}
