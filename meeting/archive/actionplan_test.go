package archive

import (
	"strings"
	"testing"
)

// TestRecomputeUsesIndexes: the statements an index batch runs for action
// items (markDirty per meeting, recomputeActions per batch) read through
// indexes, never scanning a table that grows with the archive — only the
// batch's own dirty keys or a subquery over them. A scan there would make
// each batch slower than the last (it did: the owners of every item, read
// again per batch).
func TestRecomputeUsesIndexes(t *testing.T) {
	a, _ := importedArchive(t, 3, 0, 7)
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := beginDirty(ctx, tx); err != nil {
		t.Fatal(err)
	}
	small := map[string]bool{"d": true, "g": true, "dirty_keys": true}
	for _, q := range append(append([]string(nil), markDirtySQL...), append(recomputeSQL, dirtyItemsSQL)...) {
		var args []any
		if strings.Contains(q, "?1") {
			args = []any{1}
		}
		plan := strings.Split(explain(t, tx, q, args), "\n")
		for _, step := range plan {
			if f := strings.Fields(step); len(f) >= 2 && f[0] == "SCAN" && !small[f[1]] {
				t.Errorf("%s\nscans %s:\n%s", q, f[1], strings.Join(plan, "\n"))
			}
		}
	}
}
