package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting/minutes"
)

// TestRenderThenPlace: the two halves of WriteMinutes, without per-file
// syncs (a bulk import syncs the filesystem between them), write the same
// files as WriteMinutes; nothing is in place before Place, and Discard
// leaves no temporary file behind.
func TestRenderThenPlace(t *testing.T) {
	m := mkMeeting("#c", "bulk", "#topic t", "#agreed a decision", "#endmeeting")
	want := t.TempDir()
	wantPaths, err := WriteMinutes(want, m, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	for _, discardFirst := range []bool{false, true} {
		dir := t.TempDir()
		p, err := Render(dir, m, minutes.AllFormats, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := files(t, dir); len(got) != countTemps(t, dir) {
			t.Fatalf("files in place before Place: %q", got)
		}
		if discardFirst {
			p.Discard()
			if n := countTemps(t, dir); n != 0 {
				t.Fatalf("%d temporary files left after Discard", n)
			}
			continue
		}
		if err := SyncFS(dir); err != nil {
			t.Fatal(err)
		}
		paths, err := p.Place()
		p.Discard()
		if err != nil {
			t.Fatal(err)
		}
		for i, pth := range paths {
			got, _ := os.ReadFile(pth)
			exp, _ := os.ReadFile(wantPaths[i])
			if string(got) != string(exp) || strings.TrimPrefix(pth, dir) != strings.TrimPrefix(wantPaths[i], want) {
				t.Errorf("%s differs from what WriteMinutes writes", pth)
			}
		}
		if n := countTemps(t, dir); n != 0 {
			t.Fatalf("%d temporary files left after Place", n)
		}
	}
}

func countTemps(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".gavel-") {
			n++
		}
		return nil
	})
	return n
}
