package archive

import "testing"

// TestBatchOneSegment: the meetings of one index batch reach the
// full-text tables as one segment per table, not one per flush (a
// savepoint, a multi-row INSERT or a falling rowid would each flush a
// small segment that automerge then merges again).
func TestBatchOneSegment(t *testing.T) {
	for _, n := range []int{1, 12, 40, 150} {
		a := openTemp(t)
		src := t.TempDir()
		genLogs(t, src, n, 0, int64(n))
		st, err := a.Import(ctx, []string{src}, ImportOptions{Workers: 1})
		if err != nil || st.Index.Added != n {
			t.Fatalf("%d logs: %+v %v", n, st, err)
		}
		for _, tbl := range []string{"lines_fts", "items_fts"} {
			// Gathered in memory up to ftsHashSize, not FTS5's 1 MiB.
			var hash int
			if err := a.db.QueryRow(`SELECT v FROM ` + tbl + `_config WHERE k = 'hashsize'`).Scan(&hash); err != nil || hash != ftsHashSize {
				t.Errorf("%s hashsize %d (%v), want %d", tbl, hash, err, ftsHashSize)
			}
			var segs int
			if err := a.db.QueryRow(`SELECT count(DISTINCT segid) FROM ` + tbl + `_idx`).Scan(&segs); err != nil {
				t.Fatal(err)
			}
			// (items_fts holds only items whose text is not in their
			// line: none, or a few, here.)
			if segs != 1 && !(tbl == "items_fts" && segs == 0) {
				t.Errorf("%d meetings: %s has %d segments, want 1", n, tbl, segs)
			}
		}
	}
}
