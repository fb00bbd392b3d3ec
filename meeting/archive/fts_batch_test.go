package archive

import "testing"

// TestBatchOneSegment: the meetings of one index batch reach the
// full-text tables as one segment per table, not one per flush (a
// savepoint, a multi-row INSERT, a falling rowid or more than FTS5's
// default 1 MiB gathered would each flush a small segment that automerge
// then merges again).
func TestBatchOneSegment(t *testing.T) {
	src := t.TempDir()
	genLogs(t, src, 150, 0, 150)
	from := openTemp(t)
	if st, err := from.Import(ctx, []string{src}, ImportOptions{}); err != nil || st.Index.Added != 150 {
		t.Fatalf("import: %+v %v", st, err)
	}
	w := from.newWalk()
	if err := w.walk(ctx, from.Dir); err != nil {
		t.Fatal(err)
	}
	var all []*parsed
	for _, bf := range w.cur {
		p := from.parse(ctx, bf, nil, &idMap{m: map[string]int64{}})
		if p.err != nil {
			t.Fatal(p.err)
		}
		all = append(all, p)
	}
	for _, n := range []int{1, 12, 40, 150} {
		a := openTemp(t)
		a.wr.Lock()
		err := a.sizeFTS(ctx)
		if err == nil {
			err = a.writeBatch(ctx, all[:n], &idMap{m: map[string]int64{}}, &UpdateStats{})
		}
		a.wr.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		for _, tbl := range []string{"lines_fts", "items_fts"} {
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
