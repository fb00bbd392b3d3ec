//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gavel-irc/gavel/meeting/archive"
)

// TestSearchDuringImport: while an import writes (its lock held), a
// search answers from the index as it stands and says that an import is
// writing; a log dropped in meanwhile is found once it is done.
func TestSearchDuringImport(t *testing.T) {
	arch := fixtureArchive(t)
	dir := filepath.Join(arch, "byhand")
	os.MkdirAll(dir, 0o755)
	log := "15:00:00 <alice> #startmeeting\n15:01:00 <bob> unobtainium\n15:02:00 <alice> #endmeeting\n"
	if err := os.WriteFile(filepath.Join(dir, "byhand.2026-02-01-15.00.log.txt"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(arch, archive.ImportLockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_SH); err != nil {
		t.Fatal(err)
	}
	code, out, errs := gavel(t, "search", "--archive", arch, "unobtainium")
	if code != 1 || !strings.Contains(errs, "an import is writing") {
		t.Fatalf("during an import: exit %d\n%s\n%s", code, out, errs)
	}
	f.Close() // the import ends
	code, out, errs = gavel(t, "search", "--archive", arch, "unobtainium")
	if code != 0 || !strings.Contains(out, "byhand") || strings.Contains(errs, "an import is writing") {
		t.Fatalf("after the import: exit %d\n%s\n%s", code, out, errs)
	}
}
