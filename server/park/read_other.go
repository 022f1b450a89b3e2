//go:build !unix

package park

import "errors"

var errWouldBlock = errors.New("park: nothing to read yet")

// readNow cannot read without waiting here: Pending reports nothing, and
// with no poller (Linux only) the socket is read by a goroutine that waits.
func readNow(uintptr, []byte) (int, error) { return 0, errWouldBlock }
