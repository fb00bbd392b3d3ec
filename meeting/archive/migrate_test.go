package archive

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// An index of version 8 to 13 (the action tables of before) is
// brought to this version in place: the action items come out as a
// rebuild gives them, and no file is read again.
func TestMigrateActionTables(t *testing.T) {
	// Up to 10, actions held its series again and action_owners the
	// owners folded (with two indexes).
	old10 := []string{
		`DROP INDEX actions_norm`,
		`ALTER TABLE actions ADD COLUMN series TEXT NOT NULL DEFAULT ''`,
		`UPDATE actions SET series = (SELECT m.series FROM meetings m WHERE m.id = actions.meeting_id)`,
		`CREATE INDEX actions_norm ON actions(series, norm)`,
		`CREATE TABLE action_owners(meeting_id INTEGER NOT NULL, lnick TEXT NOT NULL, key TEXT NOT NULL)`,
		`CREATE INDEX action_owners_meeting ON action_owners(meeting_id)`,
		`CREATE INDEX action_owners_nick ON action_owners(lnick, key)`,
		`INSERT INTO action_owners SELECT meeting_id, lower(owners), key FROM actions`,
	}
	for _, tc := range []struct {
		version string
		ddl     []string // that version's action item tables, with a row that is no item (which must go)
	}{
		{"8", []string{`CREATE TABLE action_items(key TEXT PRIMARY KEY, series TEXT NOT NULL, norm TEXT NOT NULL,
			lchannel TEXT NOT NULL, lname TEXT NOT NULL, first_id INTEGER NOT NULL, first_line INTEGER NOT NULL,
			last_id INTEGER NOT NULL, line INTEGER NOT NULL, last_time INTEGER NOT NULL, meetings INTEGER NOT NULL,
			done_time INTEGER, done_by TEXT, done_in INTEGER) WITHOUT ROWID`,
			`CREATE INDEX action_items_open ON action_items(done_time, first_id) WHERE done_time IS NULL`,
			`INSERT INTO action_items VALUES('0123456789', 's', 'n', '#c', 'n', 1, 1, 1, 1, 1, 1, NULL, NULL, NULL)`}},
		{"9", []string{`CREATE TABLE action_items(first_id INTEGER NOT NULL, first_line INTEGER NOT NULL, key TEXT NOT NULL,
			series TEXT NOT NULL, norm TEXT NOT NULL, lchannel TEXT NOT NULL, lname TEXT NOT NULL, channel TEXT NOT NULL,
			name TEXT NOT NULL, text TEXT NOT NULL, owners TEXT NOT NULL, first_started INTEGER NOT NULL,
			last_id INTEGER NOT NULL, line INTEGER NOT NULL, last_time INTEGER NOT NULL, last_started INTEGER NOT NULL,
			last_base TEXT NOT NULL, meetings INTEGER NOT NULL, done_time INTEGER, done_by TEXT, done_in INTEGER,
			done_base TEXT, PRIMARY KEY(first_id, first_line, key)) WITHOUT ROWID`,
			`CREATE INDEX action_items_channel ON action_items(lchannel, first_id, first_line, key, done_time)`,
			`CREATE TABLE item_owners(lnick TEXT NOT NULL, first_id INTEGER NOT NULL, first_line INTEGER NOT NULL,
			key TEXT NOT NULL, open INTEGER NOT NULL, PRIMARY KEY(lnick, first_id, first_line, key)) WITHOUT ROWID`,
			`INSERT INTO action_items VALUES(1, 1, '0123456789', 's', 'n', '#c', 'n', '#c', 'n', 't', 'o', 1, 1, 1, 1, 1, 'b', 1,
			NULL, NULL, NULL, NULL)`,
			`INSERT INTO item_owners VALUES('o', 1, 1, '0123456789', 1)`}},
		{"10", []string{`CREATE TABLE action_items(
			lchannel TEXT NOT NULL, first_id INTEGER NOT NULL, first_line INTEGER NOT NULL, key TEXT NOT NULL,
			series TEXT NOT NULL, norm TEXT NOT NULL, lname TEXT NOT NULL, channel TEXT NOT NULL, name TEXT NOT NULL,
			text TEXT NOT NULL, owners TEXT NOT NULL, first_started INTEGER NOT NULL,
			last_id INTEGER NOT NULL, line INTEGER NOT NULL, last_time INTEGER NOT NULL,
			last_started INTEGER NOT NULL, last_base TEXT NOT NULL, meetings INTEGER NOT NULL,
			done_time INTEGER, done_by TEXT, done_in INTEGER, done_base TEXT,
			PRIMARY KEY(lchannel, first_id, first_line, key)) WITHOUT ROWID`,
			`CREATE UNIQUE INDEX action_items_key ON action_items(key)`,
			`CREATE TABLE item_owners(lnick TEXT NOT NULL, first_id INTEGER NOT NULL, first_line INTEGER NOT NULL,
			key TEXT NOT NULL, lchannel TEXT NOT NULL, open INTEGER NOT NULL,
			PRIMARY KEY(lnick, first_id, first_line, key)) WITHOUT ROWID`,
			`CREATE INDEX item_owners_key ON item_owners(key)`,
			`INSERT INTO action_items VALUES('#c', 1, 1, '0123456789', 's', 'n', 'n', '#c', 'n', 't', 'o', 1, 1, 1, 1, 1, 'b', 1,
			NULL, NULL, NULL, NULL)`,
			`INSERT INTO item_owners VALUES('o', 1, 1, '0123456789', '#c', 1)`}},
		{"11", []string{`CREATE TABLE action_items(
			lchannel TEXT NOT NULL, first_id INTEGER NOT NULL, first_line INTEGER NOT NULL, key TEXT NOT NULL,
			lname TEXT NOT NULL, channel TEXT NOT NULL, name TEXT NOT NULL,
			text TEXT NOT NULL, owners TEXT NOT NULL, first_started INTEGER NOT NULL,
			last_id INTEGER NOT NULL, line INTEGER NOT NULL, last_time INTEGER NOT NULL,
			last_started INTEGER NOT NULL, last_base TEXT NOT NULL, meetings INTEGER NOT NULL,
			done_time INTEGER, done_by TEXT, done_in INTEGER, done_base TEXT,
			PRIMARY KEY(lchannel, first_id, first_line, key)) WITHOUT ROWID`,
			`CREATE TABLE item_owners(lnick TEXT NOT NULL, first_id INTEGER NOT NULL, first_line INTEGER NOT NULL,
			key TEXT NOT NULL, lchannel TEXT NOT NULL, open INTEGER NOT NULL,
			PRIMARY KEY(lnick, first_id, first_line, key)) WITHOUT ROWID`,
			`DROP TABLE channels`,
			`INSERT INTO action_items VALUES('#c', 1, 1, '0123456789', 'n', '#c', 'n', 't', 'o', 1, 1, 1, 1, 1, 'b', 1,
			NULL, NULL, NULL, NULL)`,
			`INSERT INTO item_owners VALUES('o', 1, 1, '0123456789', '#c', 1)`}},
	} {
		ddl := tc.ddl
		if tc.version != "11" {
			ddl = append(append([]string(nil), old10...), ddl...)
		}
		t.Run(tc.version, func(t *testing.T) { migrateFrom(t, tc.version, ddl) })
		if tc.version == "11" {
			// 12 changed only how directories are kept: the same action tables.
			t.Run("12", func(t *testing.T) { migrateFrom(t, "12", ddl) })
		}
	}
	// 13 indexed all of norm.
	t.Run("13", func(t *testing.T) {
		migrateFrom(t, "13", []string{`DROP INDEX actions_norm`, `CREATE INDEX actions_norm ON actions(norm)`})
	})
}

func migrateFrom(t *testing.T, version string, ddl []string) {
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
	for _, q := range append([]string{`DROP TABLE action_items`, `DROP TABLE item_owners`}, ddl...) {
		if _, err := a.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%v: %s", err, q)
		}
	}
	b := reopenAt(t, a, version)
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
	var left string
	if err := b.db.QueryRowContext(ctx, `SELECT coalesce(group_concat(x), '') FROM (
		SELECT name x FROM sqlite_master WHERE name IN ('action_owners', 'item_owners_key')
		UNION ALL SELECT 'actions.' || name FROM pragma_table_info('actions') WHERE name = 'series')`).Scan(&left); err != nil || left != "" {
		t.Fatalf("left from version %s: %q %v", version, left, err)
	}
	var idx string
	if err := b.db.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE name = 'actions_norm'`).Scan(&idx); err != nil || !strings.Contains(idx, normTail) {
		t.Fatalf("actions_norm from version %s: %q %v", version, idx, err)
	}
}

// reopenAt marks a's index as of schema version and opens it again,
// which migrates it.
func reopenAt(t *testing.T, a *Archive, version string) *Archive {
	t.Helper()
	if _, err := a.db.ExecContext(ctx, `UPDATE meta SET v = ? WHERE k = 'schema'`, version); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := Open(a.Dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}
