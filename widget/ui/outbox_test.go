package ui

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestOutboxEncoding(t *testing.T) {
	t.Run("entries survive a round trip through storage", func(t *testing.T) {
		in := []OutboxEntry{{CID: "a", Conv: "", Body: "héllo\nthere"}, {CID: "b", Conv: "12", Body: "<b>not html</b>"}}
		out := DecodeOutbox(EncodeOutbox(in))
		if !reflect.DeepEqual(out, in) {
			t.Fatalf("round trip = %+v", out)
		}
	})
	t.Run("the stored form uses the documented field names", func(t *testing.T) {
		s := EncodeOutbox([]OutboxEntry{{CID: "a", Conv: "1", Body: "x"}})
		if s != `[{"cid":"a","conv":"1","body":"x"}]` {
			t.Fatalf("encoded = %s", s)
		}
		if EncodeOutbox(nil) != "[]" {
			t.Fatal("empty outbox should encode as []")
		}
	})
	t.Run("a corrupt or foreign value reads as empty", func(t *testing.T) {
		for _, s := range []string{"", "null", "{", `{"cid":"a"}`, "42"} {
			if got := DecodeOutbox(s); len(got) != 0 {
				t.Errorf("DecodeOutbox(%q) = %+v", s, got)
			}
		}
	})
	t.Run("entries without cid or body are dropped on read", func(t *testing.T) {
		got := DecodeOutbox(`[{"cid":"","body":"x"},{"cid":"a","body":"  "},{"cid":"b","body":"ok"}]`)
		if len(got) != 1 || got[0].CID != "b" {
			t.Fatalf("got %+v", got)
		}
	})
}

func TestOutboxChanges(t *testing.T) {
	t.Run("adding the same cid twice keeps one entry", func(t *testing.T) {
		e := OutboxEntry{CID: "a", Body: "x"}
		got := WithEntry(WithEntry(nil, e), e)
		if len(got) != 1 {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("an ack removes exactly its entry", func(t *testing.T) {
		in := []OutboxEntry{{CID: "a", Body: "1"}, {CID: "b", Body: "2"}, {CID: "c", Body: "3"}}
		got := WithoutCID(in, "b")
		if len(got) != 2 || got[0].CID != "a" || got[1].CID != "c" {
			t.Fatalf("got %+v", got)
		}
		if len(in) != 3 || in[1].CID != "b" {
			t.Fatal("WithoutCID changed its input")
		}
	})
	t.Run("a full outbox drops the oldest entry", func(t *testing.T) {
		var box []OutboxEntry
		for i := 0; i <= maxOutbox; i++ {
			box = WithEntry(box, OutboxEntry{CID: strings.Repeat("x", i+1), Body: "b"})
		}
		if len(box) != maxOutbox || box[0].CID != "xx" {
			t.Fatalf("len %d, first %q", len(box), box[0].CID)
		}
	})
	t.Run("entries without a conversation join the one the server created", func(t *testing.T) {
		got := WithConv([]OutboxEntry{{CID: "a"}, {CID: "b", Conv: "3"}}, "9")
		if got[0].Conv != "9" || got[1].Conv != "3" {
			t.Fatalf("got %+v", got)
		}
	})
}

func TestUUIDv4(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, b := range [][16]byte{{}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, randomBytes()} {
		if id := UUIDv4(b); !re.MatchString(id) {
			t.Errorf("UUIDv4(%x) = %q is not a version 4 UUID", b, id)
		}
	}
	if a, b := newCID(), newCID(); a == b {
		t.Fatalf("two cids are equal: %s", a)
	}
}
