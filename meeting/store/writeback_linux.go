package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to begin writing n bytes of f from off
// to disk now, without waiting (sync_file_range(2) with
// SYNC_FILE_RANGE_WRITE): the fsync that ends the file then waits for its
// last stretch only, not for all of it. An error only means the hint was
// not taken; the fsync still makes the file durable.
func startWriteback(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
