// Package hub fans events out to the connections that follow a topic, in
// memory. It is the seam a cluster mode would replace (see DESIGN.md): the
// store makes a message durable, the hub only tells the live connections.
package hub

import "sync"

// Topic names what a subscriber follows.
type Topic string

// Event is one encoded frame and what a subscriber needs to order it.
type Event struct {
	// Conv and Seq identify a message event (0 for others), so a subscriber
	// can drop what it already replayed from the store.
	Conv uint64
	Seq  uint64
	// Data is the encoded frame, shared by every subscriber: never modify it.
	Data []byte
	// Summary marks a conversation summary (Conv set, Seq 0): only the
	// newest one per conversation matters, so a subscriber may replace one
	// not yet sent instead of queueing both.
	Summary bool
	// AgentsOnly marks an event a shopper's connection must never pass on
	// (an agents' private note), whatever topic it was published on.
	AgentsOnly bool
	// CloseCode, when not zero, asks subscribers to close with this
	// WebSocket close code instead (a logout ends its connections).
	CloseCode int
}

// Subscriber receives events. Deliver must not block: a subscriber that
// cannot keep up handles that itself (a connection closes as a slow client).
type Subscriber interface {
	Deliver(Event)
}

// Hub is a set of topics and their subscribers.
type Hub struct {
	mu     sync.RWMutex
	topics map[Topic]map[Subscriber]struct{}
}

// New returns an empty hub.
func New() *Hub { return &Hub{topics: make(map[Topic]map[Subscriber]struct{})} }

// Subscribe adds s to topic.
func (h *Hub) Subscribe(topic Topic, s Subscriber) {
	h.mu.Lock()
	subs := h.topics[topic]
	if subs == nil {
		subs = make(map[Subscriber]struct{})
		h.topics[topic] = subs
	}
	subs[s] = struct{}{}
	h.mu.Unlock()
}

// Unsubscribe removes s from topic.
func (h *Hub) Unsubscribe(topic Topic, s Subscriber) {
	h.mu.Lock()
	if subs := h.topics[topic]; subs != nil {
		delete(subs, s)
		if len(subs) == 0 {
			delete(h.topics, topic)
		}
	}
	h.mu.Unlock()
}

// Publish delivers ev to every subscriber of topic.
func (h *Hub) Publish(topic Topic, ev Event) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.topics[topic] {
		s.Deliver(ev)
	}
}

// PublishPaced delivers ev to every subscriber of topic, chunk at a time,
// calling pause between chunks. For a frame to a whole site's shoppers
// (office hours opening): delivered at once to 10,000 sockets it starts
// 10,000 writers together, and every other message on the server waits
// behind them (docs/benchmarks.md, the place in line's burst). Those who
// subscribe meanwhile are not reached (they read the state on joining);
// those who leave may still be (a closed connection ignores it). Calls
// for one topic must not overlap if their order matters.
func (h *Hub) PublishPaced(topic Topic, ev Event, chunk int, pause func()) {
	h.mu.RLock()
	subs := make([]Subscriber, 0, len(h.topics[topic]))
	for s := range h.topics[topic] {
		subs = append(subs, s)
	}
	h.mu.RUnlock()
	for len(subs) > 0 {
		n := min(max(chunk, 1), len(subs))
		for _, s := range subs[:n] {
			s.Deliver(ev)
		}
		if subs = subs[n:]; len(subs) > 0 {
			pause()
		}
	}
}

// Subscribers counts the subscribers of topic.
func (h *Hub) Subscribers(topic Topic) int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.topics[topic])
}
