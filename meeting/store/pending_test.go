package store

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting/minutes"
)

// TestRenderThenPlace: the two halves of WriteMinutes, without per-file
// syncs (a bulk import syncs the filesystem between them), write the same
// files as WriteMinutes; nothing is in place before Place, and Discard
// leaves no temporary file behind.
func TestRenderThenPlace(t *testing.T) { bothPlacers(t, testRenderThenPlace) }

func testRenderThenPlace(t *testing.T) {
	m := mkMeeting("#c", "bulk", "#topic t", "#agreed a decision", "#endmeeting")
	want := t.TempDir()
	wantPaths, err := WriteMinutes(want, m, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	for _, discardFirst := range []bool{false, true} {
		dir := t.TempDir()
		keep := []minutes.Format{minutes.FormatJSON, minutes.FormatLogText}
		p, err := Render(dir, m, minutes.AllFormats, RenderOptions{Keep: keep})
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
		placed, err := p.Place()
		// Renamed into place, a file leaves no temporary name to unlink;
		// linked, it does until Discard.
		left := countTemps(t, dir)
		p.Discard()
		if err != nil {
			t.Fatal(err)
		}
		if renamed := t.Name() == "TestRenderThenPlace/renameat2"; renamed && left != 0 || !renamed && left != len(placed) {
			t.Errorf("%d temporary names before Discard", left)
		}
		for i, f := range placed {
			got, _ := os.ReadFile(f.Path)
			exp, _ := os.ReadFile(wantPaths[i])
			if string(got) != string(exp) || strings.TrimPrefix(f.Path, dir) != strings.TrimPrefix(wantPaths[i], want) {
				t.Errorf("%s differs from what WriteMinutes writes", f.Path)
			}
			checkFile(t, f, p.Kept(minutes.AllFormats[i]), slices.Contains(keep, minutes.AllFormats[i]))
		}
		if n := countTemps(t, dir); n != 0 {
			t.Fatalf("%d temporary files left after Place", n)
		}
		// Rendered again over identical files: nothing moves, and Place
		// describes the files that are there.
		again, err := Render(dir, m, minutes.AllFormats, RenderOptions{Keep: keep})
		if err != nil {
			t.Fatal(err)
		}
		placed2, err := again.Place()
		again.Discard()
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range placed2 {
			if f.Path != placed[i].Path || !f.MTime.Equal(placed[i].MTime) {
				t.Errorf("%s replaced by identical bytes", f.Path)
			}
			checkFile(t, f, again.Kept(minutes.AllFormats[i]), slices.Contains(keep, minutes.AllFormats[i]))
		}
	}
}

// checkFile: a File that Place returned says the size and mtime of the
// file at its path, and data (Pending.Kept) are its bytes when they were
// to be kept.
func checkFile(t *testing.T, f File, data []byte, kept bool) {
	t.Helper()
	st, err := os.Stat(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != f.Size || !st.ModTime().Equal(f.MTime) {
		t.Errorf("%s: described as %d bytes at %v, is %d at %v", f.Path, f.Size, f.MTime, st.Size(), st.ModTime())
	}
	b, _ := os.ReadFile(f.Path)
	if kept != (data != nil) || kept && !bytes.Equal(b, data) {
		t.Errorf("%s: kept %v, data %d bytes of %d", f.Path, kept, len(data), len(b))
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
