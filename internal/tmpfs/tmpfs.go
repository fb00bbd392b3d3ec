// Package tmpfs gives tests a small file system of their own, so they can
// fill it up and free it again: the full-disk scenarios run on a real
// kernel file system, not on a fake. Mounting needs root (CI runs as
// root); tests stop only what they mounted.
package tmpfs

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Mount mounts a tmpfs of the given size ("256k") on a new temporary
// directory and unmounts it when the test ends.
func Mount(t testing.TB, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root (scripts/test.sh runs as root in CI)")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount tmpfs on %s: %v\n%s", dir, err, out)
	}
	t.Cleanup(func() {
		// A process the test started may take a moment to exit and close
		// its files; after 5 s detach the mount lazily rather than leak it.
		var out []byte
		var err error
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if out, err = exec.Command("umount", dir).CombinedOutput(); err == nil {
				return
			}
		}
		exec.Command("umount", "-l", dir).Run()
		t.Errorf("umount %s: %v\n%s", dir, err, out)
	})
	return dir
}

// Fill writes a file into dir until the file system is full and returns
// the function that deletes it again.
func Fill(t testing.TB, dir string) (free func()) {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling %s: %v", dir, err)
			}
			break
		}
	}
	// Byte by byte for the last partial page, so not even a short line fits.
	for {
		if _, err := f.Write(block[:1]); err != nil {
			break
		}
	}
	f.Close()
	return func() {
		if err := os.Remove(p); err != nil {
			t.Errorf("freeing %s: %v", dir, err)
		}
	}
}
