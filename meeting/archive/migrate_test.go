package archive

import (
	"slices"
	"testing"
	"time"
)

// An index of version 8 (the action item tables of before) is brought to
// this version in place: the action items come out as a rebuild gives
// them, and no file is read again.
func TestMigrateFrom8(t *testing.T) {
	a, all := filterArchive(t) // closings by hand too
	before := snapshot(t, a)
	lists := map[string][]string{}
	for _, tc := range actionFilters(all) {
		acts, err := a.Actions(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		lists[tc.name] = ids(acts)
	}
	for _, q := range []string{
		`DROP TABLE action_items`, `DROP TABLE item_owners`,
		// Version 8's table, with a row that is no item, which must go.
		`CREATE TABLE action_items(key TEXT PRIMARY KEY, series TEXT NOT NULL, norm TEXT NOT NULL,
			lchannel TEXT NOT NULL, lname TEXT NOT NULL, first_id INTEGER NOT NULL, first_line INTEGER NOT NULL,
			last_id INTEGER NOT NULL, line INTEGER NOT NULL, last_time INTEGER NOT NULL, meetings INTEGER NOT NULL,
			done_time INTEGER, done_by TEXT, done_in INTEGER) WITHOUT ROWID`,
		`CREATE INDEX action_items_open ON action_items(done_time, first_id) WHERE done_time IS NULL`,
		`INSERT INTO action_items VALUES('0123456789', 's', 'n', '#c', 'n', 1, 1, 1, 1, 1, 1, NULL, NULL, NULL)`,
		`UPDATE meta SET v = '8' WHERE k = 'schema'`,
	} {
		if _, err := a.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	b, err := Open(a.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	t0 := time.Now()
	st, err := b.Update(ctx, nil)
	if err != nil || st.Added+st.Changed != 0 || st.Unchanged == 0 {
		t.Fatalf("files read again: %+v %v (%v)", st, err, time.Since(t0))
	}
	if after := snapshot(t, b); after != before {
		t.Fatalf("migrated index differs: %s", firstDiff(before, after))
	}
	for _, tc := range actionFilters(all) {
		if acts, err := b.Actions(ctx, tc.f); err != nil || !slices.Equal(ids(acts), lists[tc.name]) {
			t.Fatalf("%s: %v (%v), want %v", tc.name, ids(acts), err, lists[tc.name])
		}
	}
	var v string
	if b.db.QueryRowContext(ctx, `SELECT v FROM meta WHERE k = 'schema'`).Scan(&v); v != schemaVersion {
		t.Fatalf("schema %q", v)
	}
}
