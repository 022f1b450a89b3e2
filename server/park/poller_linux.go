package park

import (
	"errors"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Poller watches parked sockets with an epoll set of its own, one
// goroutine (in epoll_wait) for all of them. Each parked socket is in the
// set one-shot: after it fires it stays in the set, disarmed, until parked
// again or shut. Events name sockets by a token that is never reused, so an
// event read just before a socket was shut cannot reach another socket
// that got the same file descriptor.
type Poller struct {
	epfd, wakefd int

	mu     sync.Mutex
	conns  map[uint64]*Conn
	next   uint64
	closed bool
	done   chan struct{}
	// parked counts the armed sockets.
	parked atomic.Int64
	// ctl is held (read) around epoll_ctl and (write) by Close before it
	// closes the descriptors: a late call never reaches a reused number.
	ctl sync.RWMutex
}

// Supported says whether this system can park sockets.
const Supported = true

// wakeToken marks the eventfd that wakes the loop to stop.
const wakeToken = 0

// NewPoller starts a poller.
func NewPoller() (*Poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	wakefd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil, err
	}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, wakefd, &unix.EpollEvent{Events: unix.EPOLLIN}); err != nil {
		unix.Close(epfd)
		unix.Close(wakefd)
		return nil, err
	}
	p := &Poller{epfd: epfd, wakefd: wakefd, conns: make(map[uint64]*Conn), next: wakeToken + 1, done: make(chan struct{})}
	go p.run()
	return p, nil
}

func (p *Poller) run() {
	defer close(p.done)
	events := make([]unix.EpollEvent, 128)
	for {
		n, err := unix.EpollWait(p.epfd, events, -1)
		if err != nil {
			if errors.Is(err, unix.EINTR) {
				continue
			}
			return
		}
		for _, ev := range events[:n] {
			token := uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
			if token == wakeToken {
				return
			}
			p.mu.Lock()
			c := p.conns[token]
			p.mu.Unlock()
			if c != nil {
				c.fire()
			}
		}
	}
}

// arm puts c in the set (or re-arms it) for one readiness event. c.mu is held.
func (p *Poller) arm(c *Conn) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return errors.New("park: poller closed")
	}
	if !c.registered {
		p.next++
		c.token = p.next
		c.poller = p
		p.conns[c.token] = c
	}
	p.mu.Unlock()
	ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLRDHUP | unix.EPOLLONESHOT, Fd: int32(uint32(c.token)), Pad: int32(uint32(c.token >> 32))}
	op := unix.EPOLL_CTL_MOD
	if !c.registered {
		op = unix.EPOLL_CTL_ADD
	}
	var ctlErr error
	// Control holds the descriptor open: it cannot be closed (and its
	// number reused) while it is being added.
	p.ctl.RLock()
	err := errors.New("park: poller closed")
	if p.epfd >= 0 {
		err = c.raw.Control(func(fd uintptr) { ctlErr = unix.EpollCtl(p.epfd, op, int(fd), &ev) })
	}
	p.ctl.RUnlock()
	if err == nil {
		err = ctlErr
	}
	if err != nil {
		if !c.registered {
			p.mu.Lock()
			delete(p.conns, c.token)
			p.mu.Unlock()
		}
		return err
	}
	c.registered = true
	return nil
}

// remove takes c out of the set before its descriptor is closed. c.mu is held.
func (p *Poller) remove(c *Conn) {
	p.ctl.RLock()
	if p.epfd >= 0 {
		c.raw.Control(func(fd uintptr) { unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, int(fd), nil) })
	}
	p.ctl.RUnlock()
	p.mu.Lock()
	delete(p.conns, c.token)
	p.mu.Unlock()
	c.registered = false
}

// Parked counts the sockets parked now (armed, no goroutine reading them).
func (p *Poller) Parked() int { return int(p.parked.Load()) }

// Close stops the poller. Sockets still parked are not woken: shut them.
func (p *Poller) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.mu.Unlock()
	var one [8]byte
	one[0] = 1
	unix.Write(p.wakefd, one[:])
	<-p.done
	p.ctl.Lock()
	unix.Close(p.epfd)
	unix.Close(p.wakefd)
	p.epfd, p.wakefd = -1, -1
	p.ctl.Unlock()
}
