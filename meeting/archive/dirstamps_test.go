package archive

import (
	"maps"
	"testing"
)

// recordedDirs is every recorded directory's mtime, by path.
func recordedDirs(t *testing.T, a *Archive) map[string]int64 {
	t.Helper()
	tab, err := a.loadDirs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, d := range tab.rows {
		for i, k := range d.kids {
			out[d.rel(i)] = k.mtime
		}
	}
	return out
}

// TestMigrateDirs: a schema-11 index (one dirs row per directory) is
// brought to dir_kids in place: the same directories and mtimes, no
// directory read by the next Refresh, the old table gone.
func TestMigrateDirs(t *testing.T) {
	a, _ := importedArchive(t, 6, 80, 3)
	if _, err := a.Update(ctx, nil); err != nil {
		t.Fatal(err)
	}
	before := recordedDirs(t, a)
	if len(before) < 3 {
		t.Fatalf("recorded: %v", before)
	}
	// Back to schema 11.
	for _, q := range []string{`CREATE TABLE dirs(path TEXT PRIMARY KEY, mtime INTEGER NOT NULL) WITHOUT ROWID`,
		`DROP TABLE dir_kids`} {
		if _, err := a.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for p, m := range before {
		if _, err := a.db.ExecContext(ctx, `INSERT INTO dirs VALUES(?, ?)`, p, m); err != nil {
			t.Fatal(err)
		}
	}
	b := reopenAt(t, a, "11")
	if after := recordedDirs(t, b); !maps.Equal(after, before) {
		t.Fatalf("migrated %v, want %v", after, before)
	}
	// (The root alone may have moved: the index's -wal and -shm files
	// come and go with each open.)
	if st, err := b.Refresh(ctx); err != nil || st.Dirs > 1 || st.Added+st.Changed+st.Removed != 0 || st.Meetings != 6 {
		t.Fatalf("refresh after migration: %+v %v", st, err)
	}
	var n int
	if err := b.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'dirs'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("dirs table left: %d %v", n, err)
	}
}

// TestDirKidsEncoding: a row reads back as written; a damaged one is
// refused, and Refresh then walks everything rather than trusting it.
func TestDirKidsEncoding(t *testing.T) {
	kids := map[string]int64{".": 1, "b": -5, "a-b": 1 << 62, "ünï": 0}
	d, err := decodeDirKids("p", encodeDirKids(kids))
	if err != nil || !maps.Equal(d.kidsMap(), kids) {
		t.Fatalf("round trip: %v %v", d, err)
	}
	for name, want := range map[string]bool{".": true, "a-b": true, "ünï": true, "a": false, "zz": false} {
		tab := &dirTable{rows: []*dirKids{d}, byParent: map[string]*dirKids{"p": d}}
		if got := tab.has("p/" + name); got != want {
			t.Errorf("has(p/%s) = %v", name, got)
		}
	}
	good := encodeDirKids(map[string]int64{"abc": 7})
	for _, tc := range []struct {
		name string
		blob []byte
	}{
		{"cut in the name", good[:3]},
		{"cut before the mtime", good[:5]},
		{"no NUL after the name", append([]byte{3, 'a', 'b', 'c', 'd'}, 14)},
		{"empty name", []byte{0, 0, 14}},
		{"length past the end", []byte{200, 1, 'a'}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := decodeDirKids("p", tc.blob); err == nil {
				t.Fatal("damaged row accepted")
			}
		})
	}
	a, _ := importedArchive(t, 3, 80, 5)
	if _, err := a.db.ExecContext(ctx, `INSERT OR REPLACE INTO dir_kids VALUES('.', x'05')`); err != nil {
		t.Fatal(err)
	}
	st, err := a.Refresh(ctx)
	if err != nil || st.Dirs < 3 || st.Meetings != 3 {
		t.Fatalf("refresh over a damaged row: %+v %v", st, err)
	}
	if st, err := a.Refresh(ctx); err != nil || st.Dirs != 0 {
		t.Fatalf("refresh after: %+v %v", st, err)
	}
}
