package archive

import (
	"maps"
	"path"
	"slices"
	"testing"
)

// knownFilesIn is knownFiles cut to a directory's direct children, the
// root included (whose mtime moves with the index's own files).
func TestKnownFilesIn(t *testing.T) {
	a := openTemp(t)
	for _, f := range []string{"root.2026-01-05-15.00.log.txt", "é/one.2026-01-05-15.00.log.txt",
		"é/two.2026-01-06-15.00.log.txt", "é/sub/three.2026-01-07-15.00.log.txt", "éa/four.2026-01-08-15.00.log.txt",
		// Root files sorting just before, between and after a directory's
		// (the root is read by skipping past each directory).
		"chan/five.2026-01-09-15.00.log.txt", "chan.2026-01-10-15.00.log.txt", "chan0.2026-01-11-15.00.log.txt",
		"zz.2026-01-12-15.00.log.txt"} {
		meetingLog(t, a.Dir, f, "alice #startmeeting", "bob hi", "alice #endmeeting")
	}
	if st, err := a.Update(ctx, nil); err != nil || st.Added != 9 {
		t.Fatalf("%+v %v", st, err)
	}
	all, allBases, err := a.knownFiles(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir  string
		want int // meetings directly in dir
	}{{".", 4}, {"", 4}, {"é", 2}, {"é/sub", 1}, {"éa", 1}, {"chan", 1}, {"none", 0}} {
		files, bases, err := a.knownFilesIn(ctx, tc.dir)
		if err != nil {
			t.Fatal(err)
		}
		dir := path.Clean(tc.dir)
		var wantFiles, wantBases []string
		for p := range all {
			if path.Dir(p) == dir {
				wantFiles = append(wantFiles, p)
			}
		}
		for b := range allBases {
			if path.Dir(b) == dir {
				wantBases = append(wantBases, b)
			}
		}
		slices.Sort(wantFiles)
		slices.Sort(wantBases)
		if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, wantFiles) || len(wantFiles) == 0 && tc.want > 0 {
			t.Errorf("%q: files %v, want %v", tc.dir, got, wantFiles)
		}
		if got := slices.Sorted(maps.Keys(bases)); !slices.Equal(got, wantBases) || len(got) != tc.want {
			t.Errorf("%q: meetings %v, want %v (%d)", tc.dir, got, wantBases, tc.want)
		}
	}
}
