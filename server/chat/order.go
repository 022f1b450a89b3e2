package chat

import "sync"

// postLocks make a conversation's messages reach subscribers in seq order.
// Posting is commit then publish, from the poster's goroutine; two posters
// to one conversation (the shopper and an agent, or an agent's socket and
// REST) committed in the same group-commit batch as seq N and N+1 could
// publish in either order, and a connection drops live events at or below
// the last seq it sent (that is how it skips the replay overlap), so N
// would be lost on every open screen until a reconnect. Holding the
// conversation's lock from before the commit until after the publish puts
// the publishes in commit order. Other conversations are not held up, and
// the store still shares each fsync among them.
type postLocks struct {
	mu    sync.Mutex
	locks map[postKey]*postLock
}

// postKey names what is locked: a conversation, or a visitor whose message
// has no conversation id yet (the store picks or creates it).
type postKey struct {
	visitor bool
	id      uint64
}

type postLock struct {
	mu   sync.Mutex
	refs int
}

// lock takes key's lock and returns its release. Locks exist only while
// held or awaited.
func (l *postLocks) lock(key postKey) (unlock func()) {
	l.mu.Lock()
	if l.locks == nil {
		l.locks = make(map[postKey]*postLock)
	}
	pl := l.locks[key]
	if pl == nil {
		pl = &postLock{}
		l.locks[key] = pl
	}
	pl.refs++
	l.mu.Unlock()
	pl.mu.Lock()
	return func() {
		pl.mu.Unlock()
		l.mu.Lock()
		if pl.refs--; pl.refs == 0 {
			delete(l.locks, key)
		}
		l.mu.Unlock()
	}
}
