//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package journal

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock without waiting; false means another
// open file holds it (another process, or another Open in this one).
func tryLock(f *os.File) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		default:
			return false, err
		}
	}
}
