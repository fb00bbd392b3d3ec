package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// SyncFS flushes every written file of the filesystem that holds dir to
// disk (syncfs(2)): one call makes a bulk write durable.
func SyncFS(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
