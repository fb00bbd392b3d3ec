//go:build !linux

package store

import "syscall"

// SyncFS flushes written files to disk: sync(2) where syncfs(2) is
// missing.
func SyncFS(string) error {
	syscall.Sync()
	return nil
}
