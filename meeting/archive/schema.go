package archive

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // database/sql driver "sqlite", with FTS5
)

// schemaVersion changes whenever the schema does; an index of another
// version is dropped and rebuilt from the files.
const schemaVersion = "14" // 11: no copy of what other columns say (series, norm, action owners); 12: directory mtimes one row per parent (dir_kids); 13: channel numbers in the action item keys; 14: actions_norm indexes the end of norm

func openDB(path string, readOnly bool) (*sql.DB, error) {
	u := url.URL{Scheme: "file", Path: path}
	q := url.Values{}
	if readOnly {
		// immutable: no lock, no WAL, no -shm file to create — the only
		// way SQLite reads a database in a directory it may not write.
		q.Set("mode", "ro")
		q.Set("immutable", "1")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Set("_txlock", "immediate")
	}
	q.Add("_pragma", "busy_timeout(15000)")
	q.Add("_pragma", "cache_size(-32000)")
	q.Add("_pragma", "temp_store(MEMORY)")
	dsn := u.String() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// actionsColumns are the columns of actions: every mention of an action
// item. Its series is its meeting's (meetings.series), not kept here
// again. text is NULL when it is its own normalised form, norm (as it
// often is: "alice to check the logs"). The end of norm (normTail) is
// indexed, for the closings by text, which then compare all of it and
// check the series on the meeting (see markDirtySQL). Owners are the space-separated nicks as said:
// item_owners folds them (see recomputeActions).
const actionsColumns = `(
		id INTEGER PRIMARY KEY,
		meeting_id INTEGER NOT NULL,
		key TEXT NOT NULL, norm TEXT NOT NULL, text TEXT,
		owners TEXT NOT NULL, nick TEXT NOT NULL,
		line INTEGER NOT NULL, time INTEGER NOT NULL)`

// normTail is what actions_norm indexes of an action's normalised text:
// its last 12 characters, which tell texts apart about as well as the
// whole (their start is often the owner: "alice to …") in a third of the
// index. Queries must write it exactly so (on the table itself, not an
// alias) for SQLite to read the index.
const normTail = `substr(norm, -12)`

// The full-text tables hold no copy of the text (content=”): the files
// are the text, and a hit's words are read back from the meeting's log
// for display. contentless_delete lets a meeting indexed again drop its
// old rows.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS meetings(
		id INTEGER PRIMARY KEY,
		base TEXT NOT NULL UNIQUE,
		channel TEXT NOT NULL,
		name TEXT NOT NULL,
		series TEXT NOT NULL,
		title TEXT NOT NULL,
		owner TEXT NOT NULL,
		started INTEGER NOT NULL,
		ended INTEGER NOT NULL,
		finished INTEGER NOT NULL,
		topics TEXT NOT NULL,
		people TEXT NOT NULL,
		nlines INTEGER NOT NULL,
		nactions INTEGER NOT NULL,
		lchannel TEXT NOT NULL,
		lname TEXT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS meetings_started ON meetings(started)`,
	`CREATE INDEX IF NOT EXISTS meetings_series ON meetings(series, started)`,
	`CREATE INDEX IF NOT EXISTS meetings_channel ON meetings(lchannel, started)`,
	`CREATE TABLE IF NOT EXISTS files(
		path TEXT PRIMARY KEY,
		meeting_id INTEGER NOT NULL,
		size INTEGER NOT NULL,
		mtime INTEGER NOT NULL,
		hash TEXT NOT NULL) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS files_meeting ON files(meeting_id)`,
	// dir_kids: every directory of the archive and its mtime at the last
	// walk, one row per parent directory (see dirstamps.go); a directory
	// whose mtime moved has had files added, removed or renamed in it
	// (see Refresh).
	`CREATE TABLE IF NOT EXISTS dir_kids(parent TEXT PRIMARY KEY, kids BLOB NOT NULL) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS actions` + actionsColumns,
	`CREATE INDEX IF NOT EXISTS actions_meeting ON actions(meeting_id)`,
	`CREATE INDEX IF NOT EXISTS actions_key ON actions(key)`,
	`CREATE INDEX IF NOT EXISTS actions_norm ON actions(` + normTail + `)`,
	// channels: a number for each channel (lower-cased) that has action
	// items, given once and kept.
	`CREATE TABLE IF NOT EXISTS channels(id INTEGER PRIMARY KEY, lchannel TEXT NOT NULL UNIQUE)`,
	// action_items: one row per action item followed across meetings,
	// kept up to date as meetings and closings are written (see
	// recomputeActions), so every `gavel actions` filter is one query on
	// it alone. A row holds everything a listing shows (text and owners of
	// the latest mention, the meetings' names, times and bases): a row
	// listed costs no lookup elsewhere. It is clustered by channel then
	// first mention, the listing order: a channel's items are one range of
	// the table, read in order with no index and no other page. Every
	// other filter has an index in the listing order too, so a listing
	// reads rows in order and stops at its limit, with no sort. The
	// series is the first meeting's (and channel and name are), the
	// normalised text the actions rows' (one per key): neither is kept
	// again here. The channel is its number (cid, see channels): the
	// primary key, repeated in every index, stays small.
	`CREATE TABLE IF NOT EXISTS action_items(
		cid INTEGER NOT NULL, first_id INTEGER NOT NULL, first_line INTEGER NOT NULL, key TEXT NOT NULL,
		lname TEXT NOT NULL, channel TEXT NOT NULL, name TEXT NOT NULL,
		text TEXT NOT NULL, owners TEXT NOT NULL,
		first_started INTEGER NOT NULL,
		last_id INTEGER NOT NULL, line INTEGER NOT NULL, last_time INTEGER NOT NULL,
		last_started INTEGER NOT NULL, last_base TEXT NOT NULL,
		meetings INTEGER NOT NULL,
		done_time INTEGER, done_by TEXT, done_in INTEGER, done_base TEXT,
		PRIMARY KEY(cid, first_id, first_line, key)) WITHOUT ROWID`,
	`CREATE UNIQUE INDEX IF NOT EXISTS action_items_key ON action_items(key)`,
	`CREATE INDEX IF NOT EXISTS action_items_first ON action_items(first_id, first_line, key)`,
	// Partial indexes for --open and done: their count is the index's.
	`CREATE INDEX IF NOT EXISTS action_items_open ON action_items(first_id, first_line, key) WHERE done_time IS NULL`,
	`CREATE INDEX IF NOT EXISTS action_items_done ON action_items(first_id, first_line, key) WHERE done_time IS NOT NULL`,
	// done_time in these answers --open (and its count) from the index.
	`CREATE INDEX IF NOT EXISTS action_items_series ON action_items(cid, lname, first_id, first_line, key, done_time)`,
	`CREATE INDEX IF NOT EXISTS action_items_name ON action_items(lname, first_id, first_line, key, done_time)`,
	// item_owners: an item's owners (folded), in the items' order, with
	// its primary key and whether it is open: --who (and --who --open) is
	// one range of it. Its rows are the folded nicks of action_items.owners,
	// so they are found again from there to be deleted, with no index by
	// key (see recomputeActions).
	`CREATE TABLE IF NOT EXISTS item_owners(
		lnick TEXT NOT NULL, first_id INTEGER NOT NULL, first_line INTEGER NOT NULL, key TEXT NOT NULL,
		cid INTEGER NOT NULL, open INTEGER NOT NULL,
		PRIMARY KEY(lnick, first_id, first_line, key)) WITHOUT ROWID`,
	// people: who was present (the meetings row lists them for display).
	`CREATE TABLE IF NOT EXISTS people(
		lnick TEXT NOT NULL, meeting_id INTEGER NOT NULL, PRIMARY KEY(lnick, meeting_id)) WITHOUT ROWID`,
	// imported: the logs gavel import read, so the same log again is not
	// read again (see Import).
	`CREATE TABLE IF NOT EXISTS imported(src TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
		stamp TEXT NOT NULL, bases TEXT NOT NULL) WITHOUT ROWID`,
	// retired: ids of meetings dropped or indexed again, never given out
	// again (their full-text rows stay behind, see deleteMeeting).
	`CREATE TABLE IF NOT EXISTS retired(id INTEGER PRIMARY KEY)`,
	// closings: a #done / "#action done:" line (source "log", meeting_id
	// set) or a closing by hand from .gavel-actions.json (source "file").
	`CREATE TABLE IF NOT EXISTS closings(
		id INTEGER PRIMARY KEY,
		meeting_id INTEGER NOT NULL,
		series TEXT NOT NULL, norm TEXT NOT NULL, key TEXT NOT NULL,
		nick TEXT NOT NULL, time INTEGER NOT NULL,
		source TEXT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS closings_meeting ON closings(meeting_id)`,
	`CREATE INDEX IF NOT EXISTS closings_key ON closings(key, time)`,
	`CREATE INDEX IF NOT EXISTS closings_norm ON closings(series, norm, time)`,
	// reopened: an item reopened by hand (gavel actions --reopen, u in
	// review), from .gavel-actions.json: closings up to then no longer count.
	`CREATE TABLE IF NOT EXISTS reopened(key TEXT PRIMARY KEY, time INTEGER NOT NULL) WITHOUT ROWID`,
	// Every line said, no text kept (rowids: see fts.go).
	`CREATE VIRTUAL TABLE IF NOT EXISTS lines_fts USING fts5(
		text, content = '', columnsize = 0,
		tokenize = 'unicode61 remove_diacritics 2')`,
	// Minutes items whose text is not in their line (see fts.go).
	`CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
		text, content = '', columnsize = 0,
		tokenize = 'unicode61 remove_diacritics 2')`,
}

func (a *Archive) migrate() error {
	ctx := context.Background()
	var v string
	err := a.db.QueryRowContext(ctx, `SELECT v FROM meta WHERE k='schema'`).Scan(&v)
	if err == nil && v == schemaVersion {
		return nil
	}
	if err != nil && !isNoTable(err) {
		return err
	}
	if a.ReadOnly {
		return errors.New("the index is of another version and cannot be rebuilt (read-only)")
	}
	if err == nil && (v == "8" || v == "9" || v == "10" || v == "11" || v == "12" || v == "13") {
		// 8 to 13 differ only in the action tables: the copies 11 no
		// longer keeps are dropped and the action item tables, which
		// derive from the others, computed again in place; 8 to 11 keep
		// directory mtimes one row per directory, regrouped by parent.
		// The files are not read again (a rebuild of a large archive
		// takes minutes).
		return a.writeTx(ctx, func(tx *sql.Tx) error {
			// (11 to 13 too: their action items keyed by channel name,
			// or actions_norm on all of norm.)
			if err := recomputeAllActionsIn(ctx, tx); err != nil {
				return err
			}
			if err := createSchemaIn(ctx, tx); err != nil {
				return err
			}
			return migrateDirs(ctx, tx)
		})
	}
	if err == nil {
		// Another version: the index is derived data, so drop it and
		// let the next walk rebuild it.
		if err := a.dropAll(ctx); err != nil {
			return err
		}
	}
	return a.createSchema(ctx)
}

// recomputeAllActionsIn brings the action tables of versions 8 to 13 to
// this one: actions is copied without what it kept twice (series, text
// when it is norm), action_owners (the owners again, folded) goes,
// and the action item tables are dropped and computed again from
// actions, closings and reopenings.
func recomputeAllActionsIn(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		`DROP TABLE IF EXISTS action_items`, `DROP TABLE IF EXISTS item_owners`, `DROP TABLE IF EXISTS action_owners`,
		`DROP TABLE IF EXISTS actions_new`,
		`CREATE TABLE actions_new` + actionsColumns,
		`INSERT INTO actions_new(id, meeting_id, key, norm, text, owners, nick, line, time)
			SELECT id, meeting_id, key, norm, nullif(text, norm), owners, nick, line, time FROM actions`,
		`DROP TABLE actions`, // and its indexes, made again by createSchemaIn
		`ALTER TABLE actions_new RENAME TO actions`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := createSchemaIn(ctx, tx); err != nil {
		return err
	}
	if err := beginDirty(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO temp.dirty_keys SELECT DISTINCT key FROM actions`); err != nil {
		return err
	}
	return recomputeActions(ctx, tx)
}

// execer is a database or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (a *Archive) createSchema(ctx context.Context) error { return createSchemaIn(ctx, a.db) }

func createSchemaIn(ctx context.Context, db execer) error {
	for _, s := range schema {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	_, err := db.ExecContext(ctx, `INSERT OR REPLACE INTO meta(k, v) VALUES('schema', ?)`, schemaVersion)
	return err
}

func isNoTable(err error) bool { return err != nil && strings.Contains(err.Error(), "no such table") }

func (a *Archive) dropAll(ctx context.Context) error {
	rows, err := a.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%'`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		if _, err := a.db.ExecContext(ctx, `DROP TABLE IF EXISTS "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return err
		}
	}
	return nil
}

// Rebuild drops the whole index and indexes every meeting again from the
// files (closings by hand come back from .gavel-actions.json).
func (a *Archive) Rebuild(ctx context.Context, progress func(Progress)) (*UpdateStats, error) {
	if a.ReadOnly {
		return nil, ErrReadOnly
	}
	a.wr.Lock()
	err := a.dropAll(ctx)
	if err == nil {
		err = a.createSchema(ctx)
	}
	if err == nil {
		_, err = a.db.ExecContext(ctx, `VACUUM`)
	}
	a.wr.Unlock()
	if err != nil {
		return nil, err
	}
	if err := a.loadClosings(ctx, true); err != nil {
		return nil, err
	}
	st, err := a.Update(ctx, progress)
	if err != nil {
		return st, err
	}
	return st, a.Optimize(ctx)
}

// Optimize merges the full-text tables' segments into one each and
// compacts the database file: smaller and faster to search after a bulk
// import (gavel index --rebuild runs it).
func (a *Archive) Optimize(ctx context.Context) error {
	if a.ReadOnly {
		return ErrReadOnly
	}
	a.wr.Lock()
	defer a.wr.Unlock()
	for _, q := range []string{
		`INSERT INTO lines_fts(lines_fts) VALUES('optimize')`,
		`INSERT INTO items_fts(items_fts) VALUES('optimize')`,
		`VACUUM`,
		`PRAGMA wal_checkpoint(TRUNCATE)`,
	} {
		if _, err := a.db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// writeTx runs fn in one write transaction, the only writer of this
// process, and commits when fn returns nil.
func (a *Archive) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	a.wr.Lock()
	defer a.wr.Unlock()
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// isCorrupt reports whether err says the database file is damaged or is
// not a database at all.
func isCorrupt(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	for _, k := range []string{"malformed", "not a database", "SQLITE_CORRUPT", "SQLITE_NOTADB", "database corruption", "file is encrypted"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// isReadOnly reports whether err says the index cannot be written.
func isReadOnly(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	for _, k := range []string{"readonly", "read-only", "unable to open database", "permission denied"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}
