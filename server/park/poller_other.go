//go:build !linux

package park

import "errors"

// Poller is only implemented on Linux (epoll); elsewhere every socket
// keeps its reading goroutine.
type Poller struct{ parked atomicInt }

type atomicInt struct{}

func (atomicInt) Add(int64) {}

// Supported says whether this system can park sockets.
const Supported = false

// NewPoller fails: parking needs epoll.
func NewPoller() (*Poller, error) { return nil, errors.New("park: needs Linux (epoll)") }

func (p *Poller) arm(*Conn) error { return errors.New("park: needs Linux (epoll)") }
func (p *Poller) remove(*Conn)    {}

// Parked is 0.
func (p *Poller) Parked() int { return 0 }

// Close does nothing.
func (p *Poller) Close() {}
