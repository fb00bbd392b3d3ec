// Package archive keeps a directory of meetings in zodbot's layout
//
//	<channel>/<YYYY-MM-DD>/<name>.<YYYY-MM-DD-HH.MM>.{md,json,txt,html,log.txt,log.html}
//
// (or any layout gavel wrote: each .json names its meeting) and an index of
// it in an embedded SQLite database beside the files
// (<archive>/.gavel-index.sqlite): meetings, minutes items, action items,
// people, and FTS5 full-text search over every line said and every item.
// The full-text tables keep no copy of the text (contentless FTS5): the
// words of a hit are read back from the meeting's files.
//
// The files are the truth. The index is built from each meeting's .json
// minutes plus its .log.txt log, or — for a mirrored MeetBot archive that
// has no .json — by folding the .log.txt (or .log.html) again with the
// engine. Everything gavel writes is indexed as it is written (Written,
// Import); Refresh, run before answering, reads only the directories whose
// mtime moved (files dropped in by hand); Update walks everything, and the
// index can be rebuilt from the files alone. Action items closed or
// reopened by hand are kept in a small file too
// (<archive>/.gavel-actions.json, JSON lines), so a rebuild keeps them.
package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// IndexName and ActionsName are the archive's own files, beside the
// meetings. Both start with a dot, so walks skip them.
const (
	IndexName   = ".gavel-index.sqlite"
	ActionsName = ".gavel-actions.json"
)

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
	// ReadOnly is set when the index could only be opened for reading
	// (a read-only directory or file): queries work, nothing is updated.
	ReadOnly bool
	// Notice, when not empty, says what Open had to do that a user should
	// hear about: an unreadable index set aside and rebuilt from the files,
	// or an index only readable. Commands print it.
	Notice string

	db *sql.DB
	wr sync.Mutex // one writer at a time in this process
	// ftsSized is set once the full-text tables' hash size is set (see
	// sizeFTS); under wr.
	ftsSized bool
}

// ErrReadOnly is returned by writes to an index opened read-only.
var ErrReadOnly = errors.New("archive: the index is read-only")

// Open opens the archive at dir, creating the directory and the index
// when missing. It does not scan the files: call Refresh (or Update) for
// that.
//
// The index is derived data. When it is damaged (not a database, a
// malformed page), it is moved aside to <index>.corrupt and a new one is
// created — the next Refresh rebuilds it from the files — and Notice says
// so. When it cannot be written (a read-only file or directory), it is
// opened read-only so that search still works, and Notice says so.
func Open(dir string) (*Archive, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		if _, serr := os.Stat(filepath.Join(abs, IndexName)); serr != nil {
			return nil, err
		}
	}
	a := &Archive{Dir: abs}
	err = a.open(false)
	switch {
	case err == nil:
	case isCorrupt(err):
		a.closeDB()
		bad := a.IndexPath() + ".corrupt"
		if rerr := a.setAside(bad); rerr != nil {
			return nil, fmt.Errorf("archive: index %s is damaged (%v) and cannot be moved aside: %w", a.IndexPath(), err, rerr)
		}
		a.Notice = fmt.Sprintf("the archive index was damaged (%v); it was moved to %s and is being rebuilt from the files", err, bad)
		if err := a.open(false); err != nil {
			a.closeDB()
			return nil, fmt.Errorf("archive: index %s: %w", a.IndexPath(), err)
		}
	case isReadOnly(err):
		a.closeDB()
		if _, serr := os.Stat(a.IndexPath()); serr != nil {
			return nil, fmt.Errorf("archive: index %s: %w", a.IndexPath(), err)
		}
		if rerr := a.open(true); rerr != nil {
			a.closeDB()
			return nil, fmt.Errorf("archive: index %s: %w (read-only: %v)", a.IndexPath(), err, rerr)
		}
		a.Notice = "the archive index is read-only: searching what it holds, not updating it"
	default:
		a.closeDB()
		return nil, fmt.Errorf("archive: index %s: %w", a.IndexPath(), err)
	}
	return a, nil
}

func (a *Archive) open(readOnly bool) error {
	a.ReadOnly = readOnly
	if !readOnly {
		// A read-only index file (or directory) makes SQLite fail only at
		// the first write; find out now.
		if f, err := os.OpenFile(a.IndexPath(), os.O_RDWR|os.O_CREATE, 0o644); err != nil {
			return err
		} else {
			f.Close()
		}
	}
	db, err := openDB(a.IndexPath(), readOnly)
	if err != nil {
		return err
	}
	a.db = db
	if err := a.migrate(); err != nil {
		return err
	}
	if !readOnly {
		if err := a.loadClosings(context.Background(), false); err != nil {
			return err
		}
	}
	return nil
}

func (a *Archive) closeDB() {
	if a.db != nil {
		a.db.Close()
		a.db = nil
	}
}

// setAside moves a damaged index (and its WAL) to bad.
func (a *Archive) setAside(bad string) error {
	for _, suf := range []string{"-wal", "-shm"} {
		os.Remove(a.IndexPath() + suf)
	}
	return os.Rename(a.IndexPath(), bad)
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
