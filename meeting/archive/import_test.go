package archive

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReimport: a log imported before, unchanged, is not read again; a
// changed log, other options, or a meeting gone from the archive make it
// read again.
func TestReimport(t *testing.T) {
	a := openTemp(t)
	src := t.TempDir()
	logs := genLogs(t, src, 4, 160, 90)
	if st, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil || st.Index.Added != 4 {
		t.Fatalf("first import: %+v %v", st, err)
	}
	// Unchanged: nothing read (no file of the archive rewritten either).
	ms, _ := a.Meetings(ctx, MeetingFilter{})
	before := map[string]time.Time{}
	for _, m := range ms {
		fi, err := os.Stat(a.Dir + "/" + m.Base + ".html")
		if err != nil {
			t.Fatal(err)
		}
		before[m.Base] = fi.ModTime()
	}
	st, err := a.Import(ctx, []string{src}, ImportOptions{})
	if err != nil || st.Meetings != 4 || st.Unread != 4 || st.Index.Unchanged != 4 || st.Index.Added+st.Index.Changed != 0 {
		t.Fatalf("same logs: %d unread, %+v %v", st.Unread, st.Index, err)
	}
	for base, mt := range before {
		if fi, _ := os.Stat(a.Dir + "/" + base + ".html"); !fi.ModTime().Equal(mt) {
			t.Errorf("%s rewritten", base)
		}
	}
	// One log changed.
	b, _ := os.ReadFile(logs[0])
	if err := os.WriteFile(logs[0], []byte(strings.Replace(string(b), " the ", " unobtainium ", 5)), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, err = a.Import(ctx, []string{src}, ImportOptions{}); err != nil || st.Index.Changed != 1 || st.Index.Unchanged != 3 || st.Unread != 3 {
		t.Fatalf("one log changed: %+v %v %v", st.Index, err, st.Errors)
	}
	if res, _ := a.SearchMeetings(ctx, "unobtainium", SearchOptions{}); len(res.Meetings) != 1 {
		t.Fatalf("changed log not searchable: %+v", res)
	}
	// A meeting's files removed by hand: its log is read again.
	for _, ext := range []string{".json", ".log.txt", ".log.html"} {
		os.Remove(a.Dir + "/" + ms[1].Base + ext)
	}
	if st, err = a.Import(ctx, []string{src}, ImportOptions{}); err != nil || st.Index.Added != 1 || st.Index.Meetings != 4 {
		t.Fatalf("files removed: %+v %v", st.Index, err)
	}
	// Other options (another channel): every log read again.
	if st, err = a.Import(ctx, []string{src}, ImportOptions{Channel: "#elsewhere"}); err != nil || st.Index.Added != 4 || st.Index.Meetings != 8 {
		t.Fatalf("other options: %+v %v", st.Index, err)
	}
}

// TestImportNewBesideImported: logs imported before and new ones in one
// run. The workers check the old ones against the index's meetings while
// the writer adds the new ones to the same map: they must share it under
// its lock (go test -race).
func TestImportNewBesideImported(t *testing.T) {
	a := openTemp(t)
	oldDir, newDir := t.TempDir(), t.TempDir()
	genLogs(t, oldDir, 200, 20, 500)
	if st, err := a.Import(ctx, []string{oldDir}, ImportOptions{}); err != nil || len(st.Errors) != 0 {
		t.Fatalf("%+v %v", st, err)
	}
	genLogs(t, newDir, 200, 20, 900)
	st, err := a.Import(ctx, []string{newDir, oldDir}, ImportOptions{})
	if err != nil || len(st.Errors) != 0 {
		t.Fatalf("%+v %v", st, err)
	}
	if st.Unread != 200 || st.Index.Added != 200 || st.Meetings != 400 {
		t.Fatalf("unread %d, added %d, meetings %d: want 200, 200, 400", st.Unread, st.Index.Added, st.Meetings)
	}
}

// TestImportLooksUpAsBulk: an import small beside its archive looks up
// what the index knows meeting by meeting, instead of reading it all up
// front; both ways give the same stats and the same index, for new logs,
// logs imported before, logs touched (same content, new mtime: read
// again, their meetings found as indexed) and logs changed.
func TestImportLooksUpAsBulk(t *testing.T) {
	src, newDir := t.TempDir(), t.TempDir()
	genLogs(t, src, 40, 60, 300)
	genLogs(t, newDir, 8, 60, 700)
	run := func(factor int) (string, ImportStats) {
		defer func(f int) { lookupFactor = f }(lookupFactor)
		a := openTemp(t)
		oldDir := t.TempDir()
		if err := os.CopyFS(oldDir, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Import(ctx, []string{oldDir}, ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		ents, _ := os.ReadDir(oldDir)
		later := time.Now().Add(time.Hour)
		for i, e := range ents[:6] {
			p := filepath.Join(oldDir, e.Name())
			if i%2 == 1 { // changed: a line more after the fifth
				b, _ := os.ReadFile(p)
				ls := strings.SplitAfter(string(b), "\n")
				extra := ls[4][:8] + " <zed> one more thing\n"
				os.WriteFile(p, []byte(strings.Join(ls[:5], "")+extra+strings.Join(ls[5:], "")), 0o644)
			}
			os.Chtimes(p, later, later) // touched: same content, new mtime
		}
		lookupFactor = factor
		k, err := a.knowsFor(ctx, 48, 40)
		if err != nil || k.lazy != (factor == 0) {
			t.Fatalf("factor %d: lazy %v %v", factor, k.lazy, err)
		}
		st, err := a.Import(ctx, []string{newDir, oldDir}, ImportOptions{})
		if err != nil || len(st.Errors) != 0 {
			t.Fatalf("%+v %v", st, err)
		}
		st.Errors, st.Notes = nil, nil
		return snapshot(t, a), *st
	}
	bulkSnap, bulk := run(1 << 20)
	lazySnap, lazy := run(0)
	// (A touched log folds to files exactly as written before: they are
	// left alone, and its meeting is unchanged.)
	if bulk.Unread != 34 || bulk.Index.Added != 8 || bulk.Index.Changed != 3 || bulk.Index.Unchanged != 37 {
		t.Fatalf("bulk: unread %d, index %+v: want 34 unread, 8 added, 3 changed, 37 unchanged", bulk.Unread, *bulk.Index)
	}
	if fmt.Sprintf("%d %d %d %+v", lazy.Files, lazy.Meetings, lazy.Unread, *lazy.Index) != fmt.Sprintf("%d %d %d %+v", bulk.Files, bulk.Meetings, bulk.Unread, *bulk.Index) {
		t.Fatalf("looked up: %+v %+v\nread up front: %+v %+v", lazy, *lazy.Index, bulk, *bulk.Index)
	}
	if lazySnap != bulkSnap {
		t.Fatalf("the index differs:\nlooked up:\n%s\nread up front:\n%s", lazySnap, bulkSnap)
	}
}
