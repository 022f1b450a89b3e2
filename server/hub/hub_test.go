package hub

import (
	"slices"
	"testing"
)

type recorder struct{ got []Event }

func (r *recorder) Deliver(ev Event) { r.got = append(r.got, ev) }

func TestPublishReachesOnlyTheTopicsSubscribers(t *testing.T) {
	h := New()
	a, b := &recorder{}, &recorder{}
	h.Subscribe(ConversationTopic(1), a)
	h.Subscribe(ConversationTopic(2), b)
	h.Publish(ConversationTopic(1), Event{Conv: 1, Seq: 1, Data: []byte("x")})
	if len(a.got) != 1 || len(b.got) != 0 {
		t.Fatalf("a got %d, b got %d", len(a.got), len(b.got))
	}
	h.Unsubscribe(ConversationTopic(1), a)
	h.Publish(ConversationTopic(1), Event{Conv: 1, Seq: 2})
	if len(a.got) != 1 {
		t.Fatal("unsubscribed subscriber still receives")
	}
	if h.Subscribers(ConversationTopic(1)) != 0 {
		t.Fatal("empty topic not removed")
	}
}

// A paced publish reaches every subscriber once, a chunk between pauses;
// those who leave meanwhile may still be reached, others' order kept.
func TestPublishPacedReachesEveryoneChunkByChunk(t *testing.T) {
	h := New()
	subs := make([]*recorder, 1000)
	for i := range subs {
		subs[i] = &recorder{}
		h.Subscribe("visitors:1", subs[i])
	}
	other := &recorder{}
	h.Subscribe("visitors:2", other)

	delivered := func() (n int) {
		for _, s := range subs {
			n += len(s.got)
		}
		return n
	}
	var atPauses []int
	h.PublishPaced("visitors:1", Event{Data: []byte("open")}, 256, func() { atPauses = append(atPauses, delivered()) })
	h.PublishPaced("visitors:1", Event{Data: []byte("closed")}, 256, func() {})

	if want := []int{256, 512, 768}; !slices.Equal(atPauses, want) {
		t.Errorf("delivered at each pause %v, want %v", atPauses, want)
	}
	for i, s := range subs {
		if len(s.got) != 2 || string(s.got[0].Data) != "open" || string(s.got[1].Data) != "closed" {
			t.Fatalf("subscriber %d got %d events: %+v", i, len(s.got), s.got)
		}
	}
	if len(other.got) != 0 {
		t.Errorf("another topic's subscriber got %+v", other.got)
	}
	var none []int
	h.PublishPaced("visitors:3", Event{}, 256, func() { none = append(none, 0) })
	if len(none) != 0 {
		t.Error("a topic without subscribers paused")
	}
}
