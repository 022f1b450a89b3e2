package hub

import "testing"

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
