package ui

import (
	"testing"

	"github.com/comptoir/comptoir/wire"
)

func msg(seq uint64, cid, body string) wire.Message {
	kind := wire.AuthorAgent
	if cid != "" {
		kind = wire.AuthorVisitor
	}
	return wire.Message{Conv: "1", Seq: seq, CID: cid, Body: body, Author: wire.Author{Kind: kind}}
}

func seqs(t *Thread) []uint64 {
	var out []uint64
	for _, m := range t.Messages {
		out = append(out, m.Seq)
	}
	return out
}

func equalSeqs(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestThreadAdd(t *testing.T) {
	t.Run("messages arriving out of order are kept in seq order", func(t *testing.T) {
		var th Thread
		for _, s := range []uint64{3, 1, 2, 5, 4} {
			if !th.Add(msg(s, "", "x")) {
				t.Fatalf("Add(%d) refused a new seq", s)
			}
		}
		if got := seqs(&th); !equalSeqs(got, []uint64{1, 2, 3, 4, 5}) {
			t.Fatalf("seqs = %v", got)
		}
		if th.LastSeq() != 5 {
			t.Fatalf("LastSeq = %d, want 5", th.LastSeq())
		}
	})
	t.Run("a replay overlapping live delivery shows each seq once", func(t *testing.T) {
		var th Thread
		th.Add(msg(1, "", "a"))
		th.Add(msg(2, "", "b"))
		th.Add(msg(3, "", "c")) // live, before the replay finished
		for _, s := range []uint64{1, 2, 3, 4} {
			th.Add(msg(s, "", "replayed"))
		}
		if got := seqs(&th); !equalSeqs(got, []uint64{1, 2, 3, 4}) {
			t.Fatalf("seqs = %v", got)
		}
		if th.Messages[0].Body != "a" {
			t.Fatalf("a duplicate replaced the first copy: %q", th.Messages[0].Body)
		}
	})
	t.Run("an empty thread resumes from zero", func(t *testing.T) {
		var th Thread
		if th.LastSeq() != 0 || th.HasCID("x") || th.HasCID("") {
			t.Fatal("empty thread claims content")
		}
	})
}

func TestRows(t *testing.T) {
	t.Run("a pending message shows after the stored ones, marked pending", func(t *testing.T) {
		th := &Thread{}
		th.Add(msg(1, "", "hello, how can I help?"))
		rows := Rows(th, "1", []OutboxEntry{{CID: "c1", Conv: "1", Body: "my order"}})
		if len(rows) != 2 || !rows[1].Pending || rows[1].Body != "my order" || rows[0].Pending {
			t.Fatalf("rows = %+v", rows)
		}
		if rows[1].Author.Kind != wire.AuthorVisitor {
			t.Fatalf("pending row author = %q", rows[1].Author.Kind)
		}
	})
	t.Run("an acked message replaces its pending copy, matched by cid", func(t *testing.T) {
		th := &Thread{}
		th.Add(msg(1, "c1", "my order"))
		rows := Rows(th, "1", []OutboxEntry{{CID: "c1", Conv: "1", Body: "my order"}})
		if len(rows) != 1 || rows[0].Pending || rows[0].Key != "c1" {
			t.Fatalf("rows = %+v", rows)
		}
	})
	t.Run("messages written before the conversation existed show in it", func(t *testing.T) {
		rows := Rows(nil, "", []OutboxEntry{{CID: "c1", Body: "first"}})
		if len(rows) != 1 || !rows[0].Pending {
			t.Fatalf("rows = %+v", rows)
		}
		rows = Rows(&Thread{}, "7", []OutboxEntry{{CID: "c1", Body: "first"}, {CID: "c2", Conv: "8", Body: "elsewhere"}})
		if len(rows) != 1 || rows[0].Key != "c1" {
			t.Fatalf("rows = %+v", rows)
		}
	})
	t.Run("stored messages without cid get distinct keys", func(t *testing.T) {
		th := &Thread{}
		th.Add(msg(1, "", "a"))
		th.Add(msg(12, "", "b"))
		rows := Rows(th, "1", nil)
		if rows[0].Key == rows[1].Key || rows[1].Key != "s12" {
			t.Fatalf("keys = %q, %q", rows[0].Key, rows[1].Key)
		}
	})
}
