// Package archive keeps a directory of meetings in zodbot's layout
//
//	<channel>/<YYYY-MM-DD>/<name>.<YYYY-MM-DD-HH.MM>.{md,json,txt,html,log.txt,log.html}
//
// and an index of it in an embedded SQLite database beside the files
// (<archive>/.gavel-index.sqlite): meetings, topics, items, action items,
// people and every line said, with FTS5 full-text search over lines and
// items.
//
// The files are the truth. The index is built from each meeting's .json
// minutes plus its .log.txt log, or — for a mirrored MeetBot archive that
// has no .json — by folding the .log.txt (or .log.html) again with the
// engine. It is updated incrementally (a meeting is indexed again only
// when one of its source files changed size, mtime and content hash) and
// can be rebuilt from the files alone. Action items closed by hand are
// kept in a small file too (<archive>/.gavel-actions.json, JSON lines), so
// a rebuild keeps them.
package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // database/sql driver "sqlite", with FTS5
)

// IndexName and ActionsName are the archive's own files, beside the
// meetings. Both start with a dot, so walks skip them.
const (
	IndexName   = ".gavel-index.sqlite"
	ActionsName = ".gavel-actions.json"
)

// schemaVersion changes whenever the schema does; an index of another
// version is dropped and rebuilt from the files.
const schemaVersion = "3"

// DefaultDir is $XDG_DATA_HOME/gavel/meetings, falling back to
// ~/.local/share/gavel/meetings.
func DefaultDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "gavel", "meetings")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return filepath.Join(".local", "share", "gavel", "meetings")
	}
	return filepath.Join(home, ".local", "share", "gavel", "meetings")
}

// Archive is an open archive directory and its index. Its methods are
// safe for concurrent use; writes are serialised.
type Archive struct {
	// Dir is the archive directory (absolute).
	Dir string

	db *sql.DB
	wr sync.Mutex // one writer at a time in this process
}

// Open opens the archive at dir, creating the directory and the index
// when missing. It does not scan the files: call Update for that.
func Open(dir string) (*Archive, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	db, err := openDB(filepath.Join(abs, IndexName))
	if err != nil {
		return nil, err
	}
	a := &Archive{Dir: abs, db: db}
	if err := a.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("archive: index %s: %w", filepath.Join(abs, IndexName), err)
	}
	if err := a.loadClosings(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// Close closes the index.
func (a *Archive) Close() error { return a.db.Close() }

// IndexPath is the index database's path.
func (a *Archive) IndexPath() string { return filepath.Join(a.Dir, IndexName) }

// IndexSize is the size in bytes of the index database with its WAL.
func (a *Archive) IndexSize() int64 {
	var n int64
	for _, suf := range []string{"", "-wal", "-shm"} {
		if st, err := os.Stat(a.IndexPath() + suf); err == nil {
			n += st.Size()
		}
	}
	return n
}

func openDB(path string) (*sql.DB, error) {
	u := url.URL{Scheme: "file", Path: path}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "busy_timeout(15000)")
	q.Add("_pragma", "cache_size(-32000)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
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
		hash TEXT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS files_meeting ON files(meeting_id)`,
	`CREATE TABLE IF NOT EXISTS topics(
		meeting_id INTEGER NOT NULL, seq INTEGER NOT NULL,
		title TEXT NOT NULL, nick TEXT NOT NULL, line INTEGER NOT NULL, time INTEGER NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS topics_meeting ON topics(meeting_id)`,
	`CREATE TABLE IF NOT EXISTS items(
		id INTEGER PRIMARY KEY,
		meeting_id INTEGER NOT NULL, seq INTEGER NOT NULL,
		type TEXT NOT NULL, text TEXT NOT NULL, nick TEXT NOT NULL,
		line INTEGER NOT NULL, time INTEGER NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS items_meeting ON items(meeting_id)`,
	`CREATE TABLE IF NOT EXISTS actions(
		id INTEGER PRIMARY KEY,
		meeting_id INTEGER NOT NULL,
		key TEXT NOT NULL, series TEXT NOT NULL, norm TEXT NOT NULL,
		text TEXT NOT NULL, owners TEXT NOT NULL, nick TEXT NOT NULL,
		line INTEGER NOT NULL, time INTEGER NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS actions_meeting ON actions(meeting_id)`,
	`CREATE INDEX IF NOT EXISTS actions_key ON actions(key)`,
	`CREATE INDEX IF NOT EXISTS actions_series ON actions(series)`,
	`CREATE TABLE IF NOT EXISTS people(
		meeting_id INTEGER NOT NULL, nick TEXT NOT NULL, lnick TEXT NOT NULL, lines INTEGER NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS people_meeting ON people(meeting_id)`,
	`CREATE INDEX IF NOT EXISTS people_nick ON people(lnick)`,
	// closings: a #done / "#action done:" line (source "log", meeting_id
	// set) or a closing by hand from .gavel-actions.json (source "file").
	`CREATE TABLE IF NOT EXISTS closings(
		id INTEGER PRIMARY KEY,
		meeting_id INTEGER NOT NULL,
		series TEXT NOT NULL, norm TEXT NOT NULL, key TEXT NOT NULL,
		nick TEXT NOT NULL, line INTEGER NOT NULL, time INTEGER NOT NULL,
		source TEXT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS closings_meeting ON closings(meeting_id)`,
	`CREATE INDEX IF NOT EXISTS closings_series ON closings(series)`,
	// Every line said; rowid = meeting id << lineBits | line number.
	`CREATE VIRTUAL TABLE IF NOT EXISTS lines_fts USING fts5(
		text, nick UNINDEXED, time UNINDEXED, kind UNINDEXED,
		tokenize = 'unicode61 remove_diacritics 2', columnsize = 0)`,
	// Minutes items; rowid = items.id.
	`CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
		text, tokenize = 'unicode61 remove_diacritics 2')`,
}

// lineBits is how many low bits of a lines_fts rowid hold the line number.
const lineBits = 24

func (a *Archive) migrate() error {
	ctx := context.Background()
	var v string
	err := a.db.QueryRowContext(ctx, `SELECT v FROM meta WHERE k='schema'`).Scan(&v)
	if err == nil && v == schemaVersion {
		return nil
	}
	if err == nil || !isNoTable(err) {
		// Another version (or a damaged meta table): the index is derived
		// data, so drop it and let Update rebuild it.
		if err := a.dropAll(ctx); err != nil {
			return err
		}
	}
	for _, s := range schema {
		if _, err := a.db.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	_, err = a.db.ExecContext(ctx, `INSERT OR REPLACE INTO meta(k, v) VALUES('schema', ?)`, schemaVersion)
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
	a.wr.Lock()
	err := a.dropAll(ctx)
	if err == nil {
		for _, s := range schema {
			if _, err = a.db.ExecContext(ctx, s); err != nil {
				break
			}
		}
	}
	if err == nil {
		_, err = a.db.ExecContext(ctx, `INSERT OR REPLACE INTO meta(k, v) VALUES('schema', ?)`, schemaVersion)
	}
	if err == nil {
		_, err = a.db.ExecContext(ctx, `VACUUM`)
	}
	a.wr.Unlock()
	if err != nil {
		return nil, err
	}
	if err := a.loadClosings(ctx); err != nil {
		return nil, err
	}
	return a.Update(ctx, progress)
}

// errNoMeeting is a log in which no meeting starts.
var errNoMeeting = errors.New("no meeting found (no #startmeeting)")
