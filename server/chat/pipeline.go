package chat

import "sync"

// agentPosts lets one agent socket post without waiting for each commit.
//
// A socket's frames are read one at a time; when each send waited for its
// commit, an agent could post one message per commit latency, and under
// load (thousands of shoppers' messages queued for the writer) replies
// lagged by seconds, each behind the one before it even in another
// conversation. Sends now run on their own goroutines: those of one
// conversation one after another, in the order read (each starts once the
// previous one is committed, acked and published), those of different
// conversations side by side, so they share the store's group commits.
//
// What stays: an ack still comes only after its commit, and before the
// message is published; acks of one conversation come in the order sent
// (across conversations, in the order committed); a refused send gets its
// own error frame with its cid. Frames other than sends and typing wait
// for every post in flight (flush), so a status change or a transfer
// after a reply still comes after it.
type agentPosts struct {
	mu sync.Mutex
	// last is, per conversation, the done channel of its newest post.
	last map[uint64]chan struct{}
	// slots bounds the posts in flight: a client that sends faster than
	// the store commits is read no faster (the reader waits for a slot).
	slots chan struct{}
	wg    sync.WaitGroup
}

// maxAgentPostsInFlight bounds one agent socket's posts in flight.
const maxAgentPostsInFlight = 64

func newAgentPosts() *agentPosts {
	return &agentPosts{last: map[uint64]chan struct{}{}, slots: make(chan struct{}, maxAgentPostsInFlight)}
}

// post runs fn, a post to conv, after the posts to conv read before it.
func (p *agentPosts) post(conv uint64, fn func()) {
	p.slots <- struct{}{}
	done := make(chan struct{})
	p.mu.Lock()
	prev := p.last[conv]
	p.last[conv] = done
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		if prev != nil {
			<-prev
		}
		fn()
		p.mu.Lock()
		if p.last[conv] == done {
			delete(p.last, conv)
		}
		p.mu.Unlock()
		close(done)
		<-p.slots
	}()
}

// flush waits for every post in flight.
func (p *agentPosts) flush() { p.wg.Wait() }
