//go:build unix

package park

import (
	"errors"
	"syscall"
)

var errWouldBlock = errors.New("park: nothing to read yet")

// readNow reads what the non-blocking descriptor fd already has.
func readNow(fd uintptr, p []byte) (int, error) {
	n, err := syscall.Read(int(fd), p)
	if err == syscall.EAGAIN || err == syscall.EINTR {
		return 0, errWouldBlock
	}
	return n, err
}
