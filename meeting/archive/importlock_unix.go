//go:build unix

package archive

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// ImportLockName is the file an import holds a shared lock on while it
// writes; the kernel drops the lock when the process ends, however it
// ends, so no lock outlives its import.
const ImportLockName = ".gavel-index.lock"

// holdImport marks the archive as being imported into, until release.
// Imports do not exclude each other (the index serialises their writes);
// they keep a refresh from indexing files they have placed and are about
// to index themselves (see refreshMay). Without the lock file (a
// read-only directory) there is nothing to mark.
func (a *Archive) holdImport() (release func()) {
	release, _ = a.lockImportFile(unix.LOCK_SH)
	return release
}

// refreshMay takes the lock for a refresh that is about to index: it
// fails while an import holds it (or another refresh does), and the
// refresh then leaves the directories that moved for a later one.
func (a *Archive) refreshMay() (release func(), ok bool) {
	return a.lockImportFile(unix.LOCK_EX | unix.LOCK_NB)
}

// lockImportFile flocks the lock file how; ok is false only when the
// lock is held elsewhere. Without a lock file (it cannot be made) there
// is no lock to take, nor any import holding one: release does nothing.
func (a *Archive) lockImportFile(how int) (release func(), ok bool) {
	f, err := os.OpenFile(filepath.Join(a.Dir, ImportLockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return func() {}, true
	}
	if err := unix.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		return func() {}, false
	}
	return func() { f.Close() }, true // (closing drops the lock)
}
