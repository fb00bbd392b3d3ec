package archive

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
	"github.com/gavel-irc/gavel/meeting/store"
)

// copyMeeting copies a meeting's files (every format) to another
// directory of the archive under another name, as a user or a mirroring
// tool would drop them in.
func copyMeeting(t *testing.T, a *Archive, base, toDir string) string {
	t.Helper()
	dst := filepath.Join(a.Dir, filepath.FromSlash(toDir))
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(filepath.FromSlash(base))
	for _, ext := range []string{".log.txt", ".log.html", ".txt", ".html", ".md"} {
		b, err := os.ReadFile(filepath.Join(a.Dir, filepath.FromSlash(base+ext)))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name+ext), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return toDir + "/" + name
}

// TestRefreshReadsOnlyMovedDirectories: after an import, Refresh reads no
// directory; files dropped in by hand (a new directory, a file in an
// existing one) and files removed are found by reading only the
// directories whose mtime moved.
func TestRefreshReadsOnlyMovedDirectories(t *testing.T) {
	a, _ := importedArchive(t, 6, 160, 40)
	st, err := a.Refresh(ctx)
	if err != nil || st.Dirs != 0 || st.Added+st.Changed+st.Removed != 0 || st.Meetings != 6 {
		t.Fatalf("refresh after import: %+v %v", st, err)
	}
	ms, _ := a.Meetings(ctx, MeetingFilter{})
	// A new directory with a mirrored MeetBot meeting (no .json).
	dropped := copyMeeting(t, a, ms[0].Base, "mirror/2030-01-01")
	st, err = a.Refresh(ctx)
	if err != nil || st.Added != 1 || st.Meetings != 7 || st.Dirs > 3 {
		t.Fatalf("refresh after a new directory: %+v %v", st, err)
	}
	if _, err := a.MeetingByBase(ctx, dropped); err != nil {
		t.Fatal(err)
	}
	// A file removed from an existing directory.
	for _, ext := range []string{".log.txt", ".log.html"} {
		os.Remove(filepath.Join(a.Dir, filepath.FromSlash(dropped+ext)))
	}
	st, err = a.Refresh(ctx)
	if err != nil || st.Removed != 1 || st.Meetings != 6 || st.Dirs != 1 {
		t.Fatalf("refresh after a removal: %+v %v", st, err)
	}
	// A whole directory gone.
	if err := os.RemoveAll(filepath.Join(a.Dir, filepath.Dir(filepath.FromSlash(ms[1].Base)))); err != nil {
		t.Fatal(err)
	}
	st, err = a.Refresh(ctx)
	if err != nil || st.Removed < 1 || st.Meetings >= 6 {
		t.Fatalf("refresh after a directory removal: %+v %v", st, err)
	}
	// Nothing moved: nothing read.
	if st, err = a.Refresh(ctx); err != nil || st.Dirs != 0 {
		t.Fatalf("idle refresh: %+v %v", st, err)
	}
}

// TestWrittenIndexesWithoutWalk: what gavel writes is searchable at once
// through Written, which reads only that meeting's files.
func TestWrittenIndexesWithoutWalk(t *testing.T) {
	a := openTemp(t)
	s := meeting.NewSession(meeting.Config{Channel: "#live", Name: "live"})
	t0 := time.Date(2026, 5, 1, 15, 0, 0, 0, time.UTC)
	for i, l := range []string{"#startmeeting live", "#topic zanzibar plans", "#agreed zanzibar it is", "#endmeeting"} {
		s.Apply(meeting.Line{Time: t0.Add(time.Duration(i) * time.Minute), Nick: "alice", Text: l, Kind: meeting.Message})
	}
	m := s.Meetings()[0].Minutes()
	paths, err := store.WriteMinutes(a.Dir, m, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	st, err := a.Written(ctx, paths)
	if err != nil || st.Added != 1 || st.Dirs != 0 {
		t.Fatalf("written: %+v %v", st, err)
	}
	res, err := a.SearchMeetings(ctx, "zanzibar", SearchOptions{})
	if err != nil || len(res.Meetings) != 1 || res.Meetings[0].Decisions != 1 || res.Meetings[0].Topics != 1 {
		t.Fatalf("search after Written: %+v %v", res, err)
	}
	// Written again (a #save then #endmeeting): indexed again, not twice.
	if st, err = a.Written(ctx, paths); err != nil || st.Added+st.Changed != 0 || st.Unchanged != 1 {
		t.Fatalf("written again: %+v %v", st, err)
	}
}

// TestReopen: a closing by hand, and one by a #done line, can be undone;
// the undo survives a rebuild; a later closing counts again.
func TestReopen(t *testing.T) {
	a := openTemp(t)
	src := t.TempDir()
	head := []string{"alice #startmeeting", "alice #meetingname infra", "bob hello"}
	meetingLog(t, src, "team.2026-01-05-15.00.log.txt", append(head,
		"alice #action bob write the release notes", "alice #action carol fix CI", "alice #endmeeting")...)
	meetingLog(t, src, "team.2026-01-12-15.00.log.txt", append(head,
		"alice #done carol fix CI", "alice #endmeeting")...)
	if _, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	state := func() (notes, ci Action) {
		t.Helper()
		acts, err := a.Actions(ctx, ActionFilter{Channel: "team"})
		if err != nil || len(acts) != 2 {
			t.Fatalf("%+v %v", acts, err)
		}
		return acts[0], acts[1]
	}
	notes, ci := state()
	if notes.Done || !ci.Done {
		t.Fatalf("start: %+v %+v", notes, ci)
	}
	now := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	if _, err := a.MarkDone(ctx, notes.ID, "dave", now); err != nil {
		t.Fatal(err)
	}
	// Undo in the same second, and undo the #done line's closing.
	if ac, err := a.Reopen(ctx, notes.ID, "dave", now); err != nil || ac.Done {
		t.Fatalf("reopen by hand: %+v %v", ac, err)
	}
	if ac, err := a.Reopen(ctx, ci.ID[:5], "dave", now); err != nil || ac.Done {
		t.Fatalf("reopen #done: %+v %v", ac, err)
	}
	if _, err := a.Reopen(ctx, "ffffffff", "dave", now); !errors.Is(err, ErrNoAction) {
		t.Fatalf("unknown id: %v", err)
	}
	if _, err := a.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if notes, ci = state(); notes.Done || ci.Done {
		t.Fatalf("after rebuild: %+v %+v", notes, ci)
	}
	// Closed again later, by hand: done again, also after a rebuild.
	if _, err := a.MarkDone(ctx, notes.ID, "dave", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if notes, _ = state(); !notes.Done || notes.DoneBy != "dave" {
		t.Fatalf("closed again: %+v", notes)
	}
}

// TestCorruptIndexIsRebuilt: an index that is not a database is set
// aside with a notice and rebuilt from the files.
func TestCorruptIndexIsRebuilt(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(p string) error
	}{
		{"garbage", func(p string) error { return os.WriteFile(p, []byte(strings.Repeat("not a database ", 500)), 0o644) }},
		{"torn header", func(p string) error {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			copy(b[:16], "SQLite format 2\x00")
			return os.WriteFile(p, b, 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "archive")
			a, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			src := t.TempDir()
			genLogs(t, src, 3, 160, 70)
			if _, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			a.Close()
			for _, suf := range []string{"-wal", "-shm"} {
				os.Remove(filepath.Join(dir, IndexName+suf))
			}
			if err := tc.spoil(filepath.Join(dir, IndexName)); err != nil {
				t.Fatal(err)
			}
			b, err := Open(dir)
			if err != nil {
				t.Fatalf("open a damaged index: %v", err)
			}
			defer b.Close()
			if !strings.Contains(b.Notice, "damaged") {
				t.Fatalf("notice %q", b.Notice)
			}
			if _, err := os.Stat(filepath.Join(dir, IndexName+".corrupt")); err != nil {
				t.Fatal(err)
			}
			st, err := b.Refresh(ctx)
			if err != nil || st.Meetings != 3 {
				t.Fatalf("rebuilt: %+v %v", st, err)
			}
			if hits, err := b.Search(ctx, "proposal", 10); err != nil || len(hits) == 0 {
				t.Fatalf("search after rebuild: %d %v", len(hits), err)
			}
		})
	}
}

// TestRefreshDefersToAnImport: while an import writes (it holds its
// lock), a refresh leaves the directories that moved to it and says so;
// the next refresh after it indexes them.
func TestRefreshDefersToAnImport(t *testing.T) {
	a, _ := importedArchive(t, 3, 40, 11)
	meetingLog(t, a.Dir, "byhand/byhand.2026-02-01-15.00.log.txt", "alice #startmeeting", "bob unobtainium", "alice #endmeeting")
	release := a.holdImport()
	st, err := a.Refresh(ctx)
	if err != nil || !st.Deferred || st.Added != 0 || st.Meetings != 3 {
		t.Fatalf("during an import: %+v %v", st, err)
	}
	if hits, err := a.Search(ctx, "unobtainium", 10); err != nil || len(hits) != 0 {
		t.Fatalf("indexed during an import: %v %v", hits, err)
	}
	release()
	st, err = a.Refresh(ctx)
	if err != nil || st.Deferred || st.Added != 1 || st.Meetings != 4 {
		t.Fatalf("after the import: %+v %v", st, err)
	}
	if hits, err := a.Search(ctx, "unobtainium", 10); err != nil || len(hits) != 1 {
		t.Fatalf("not indexed after the import: %v %v", hits, err)
	}
}
