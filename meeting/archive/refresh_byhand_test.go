package archive

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"testing"
	"time"
)

// ageDirs sets every directory of the archive an hour back and records
// the walk, so a change by hand moves a directory's mtime even within
// the file system's timestamp tick.
func ageDirs(t *testing.T, a *Archive) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(a.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := a.Update(ctx, nil); err != nil || st.Added+st.Changed+st.Removed != 0 {
		t.Fatalf("update after aging: %+v %v", st, err)
	}
}

// TestRefreshNoticesChangesByHand: each change a user or a mirroring
// tool makes to the directories is noticed by the next Refresh, which
// then leaves the index as a full walk would (Update finds nothing to
// do), and the Refresh after it reads no directory.
func TestRefreshNoticesChangesByHand(t *testing.T) {
	for _, tc := range []struct {
		name string
		// change alters the archive; it returns the meetings added and
		// removed, and a base that must be indexed afterwards ("" if none).
		change func(t *testing.T, a *Archive, ms []Meeting) (added, removed int, want string)
	}{
		{"file dropped into an old date dir", func(t *testing.T, a *Archive, ms []Meeting) (int, int, string) {
			dir := path.Dir(ms[len(ms)-1].Base)
			for _, m := range ms {
				if path.Dir(m.Base) != dir {
					return 1, 0, copyMeeting(t, a, m.Base, dir)
				}
			}
			t.Fatal("every meeting in one directory")
			return 0, 0, ""
		}},
		{"new channel dir", func(t *testing.T, a *Archive, ms []Meeting) (int, int, string) {
			return 1, 0, copyMeeting(t, a, ms[0].Base, "newchan/2031-02-03")
		}},
		{"removed dir", func(t *testing.T, a *Archive, ms []Meeting) (int, int, string) {
			dir := path.Dir(ms[0].Base)
			removeAll(t, a, dir)
			return 0, inDir(ms, dir), ""
		}},
		{"removed channel dir", func(t *testing.T, a *Archive, ms []Meeting) (int, int, string) {
			ch := firstDir(ms[0].Base)
			removeAll(t, a, ch)
			return 0, underDir(ms, ch), ""
		}},
		{"renamed dir", func(t *testing.T, a *Archive, ms []Meeting) (int, int, string) {
			dir := path.Dir(ms[0].Base)
			rename(t, a, dir, dir+"-moved")
			n := inDir(ms, dir)
			return n, n, dir + "-moved/" + path.Base(ms[0].Base)
		}},
		{"renamed channel dir", func(t *testing.T, a *Archive, ms []Meeting) (int, int, string) {
			ch := firstDir(ms[0].Base)
			rename(t, a, ch, "renamed")
			n := underDir(ms, ch)
			return n, n, "renamed/" + ms[0].Base[len(ch)+1:]
		}},
		{"dir replaced by a file", func(t *testing.T, a *Archive, ms []Meeting) (int, int, string) {
			dir := path.Dir(ms[0].Base)
			removeAll(t, a, dir)
			if err := os.WriteFile(filepath.Join(a.Dir, filepath.FromSlash(dir)), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			return 0, inDir(ms, dir), ""
		}},
		{"dir replaced by a link to itself", func(t *testing.T, a *Archive, ms []Meeting) (int, int, string) {
			// Links are not followed: its meetings are gone from the index.
			dir := path.Dir(ms[0].Base)
			rename(t, a, dir, ".hidden")
			if err := os.Symlink(filepath.Join(a.Dir, ".hidden"), filepath.Join(a.Dir, filepath.FromSlash(dir))); err != nil {
				t.Fatal(err)
			}
			return 0, inDir(ms, dir), ""
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := openTemp(t)
			src := t.TempDir()
			genLogs(t, src, 8, 120, 7)
			if _, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			ageDirs(t, a)
			ms, err := a.Meetings(ctx, MeetingFilter{})
			if err != nil || len(ms) < 2 {
				t.Fatalf("meetings: %d %v", len(ms), err)
			}
			added, removed, want := tc.change(t, a, ms)
			st, err := a.Refresh(ctx)
			if err != nil || st.Added != added || st.Removed != removed || st.Meetings != len(ms)+added-removed {
				t.Fatalf("refresh: %+v %v; want %d added, %d removed", st, err, added, removed)
			}
			if want != "" {
				if _, err := a.MeetingByBase(ctx, want); err != nil {
					t.Fatalf("%s: %v", want, err)
				}
			}
			if st, err := a.Refresh(ctx); err != nil || st.Dirs != 0 {
				t.Fatalf("second refresh: %+v %v", st, err)
			}
			if st, err := a.Update(ctx, nil); err != nil || st.Added+st.Changed+st.Removed != 0 {
				t.Fatalf("a full walk after the refresh still finds: %+v %v", st, err)
			}
		})
	}
}

func removeAll(t *testing.T, a *Archive, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(a.Dir, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, a *Archive, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(a.Dir, filepath.FromSlash(from)), filepath.Join(a.Dir, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
}

func firstDir(rel string) string {
	for i := range len(rel) {
		if rel[i] == '/' {
			return rel[:i]
		}
	}
	return rel
}

func inDir(ms []Meeting, dir string) (n int) {
	for _, m := range ms {
		if path.Dir(m.Base) == dir {
			n++
		}
	}
	return n
}

func underDir(ms []Meeting, dir string) (n int) {
	for _, m := range ms {
		if len(m.Base) > len(dir) && m.Base[:len(dir)+1] == dir+"/" {
			n++
		}
	}
	return n
}
