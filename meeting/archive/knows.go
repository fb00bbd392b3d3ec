package archive

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// idMap is the base → meeting id map shared by parsers, the placer and
// the writer. With load set (an import small beside its archive, see
// indexKnows) it holds only what was looked up or written so far, and
// asks the index for the rest.
type idMap struct {
	mu   sync.Mutex
	m    map[string]int64
	load func(ctx context.Context, q querier, base string) (int64, bool, error)
}

// querier is the database or a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// get gives base's meeting id, looked up in the index through q when it
// is not in the map yet. An id written meanwhile wins over the one read.
func (ids *idMap) get(ctx context.Context, q querier, base string) (int64, bool, error) {
	ids.mu.Lock()
	id, ok := ids.m[base]
	ids.mu.Unlock()
	if ok || ids.load == nil {
		return id, ok, nil
	}
	id, ok, err := ids.load(ctx, q, base)
	if err != nil || !ok {
		return 0, false, err
	}
	ids.mu.Lock()
	defer ids.mu.Unlock()
	if cur, had := ids.m[base]; had {
		return cur, true, nil
	}
	ids.m[base] = id
	return id, true, nil
}

// set records base's new meeting id.
func (ids *idMap) set(base string, id int64) {
	ids.mu.Lock()
	ids.m[base] = id
	ids.mu.Unlock()
}

// has says whether base is a meeting of the index (false when it could
// not be looked up: the caller then does the work again, which changes
// nothing).
func (ids *idMap) has(ctx context.Context, q querier, base string) bool {
	_, ok, err := ids.get(ctx, q, base)
	return ok && err == nil
}

func loadMeetingID(ctx context.Context, q querier, base string) (int64, bool, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM meetings WHERE base = ?`, base).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// lookupFactor: an import of fewer logs than the archive has meetings
// divided by this looks up what the index knows of each meeting as it
// comes; a larger one reads it all up front. At 140,000 meetings reading
// it all takes over a second (every file's row and every imported log),
// a lookup some tens of µs. (A variable so tests can take both ways.)
var lookupFactor = 4

// indexKnows is what an import asks of the index: the meeting of a base
// (ids), the files indexed for a meeting, the logs imported before.
type indexKnows struct {
	db   *sql.DB
	ids  *idMap
	lazy bool
	// Read up front: every file indexed, the paths of each meeting's,
	// every log imported.
	known    map[string]*fileRow
	paths    map[int64][]string
	imported map[string]importedSource
}

// knowsFor reads what the index knows up front, or prepares to look it
// up, for an import of nFiles logs into an archive of meetings.
func (a *Archive) knowsFor(ctx context.Context, nFiles, meetings int) (*indexKnows, error) {
	k := &indexKnows{db: a.db, lazy: nFiles*lookupFactor < meetings}
	if k.lazy {
		k.ids = &idMap{m: map[string]int64{}, load: loadMeetingID}
		return k, nil
	}
	known, byBase, err := a.knownFiles(ctx, "")
	if err != nil {
		return nil, err
	}
	k.ids, k.known, k.paths = &idMap{m: byBase}, known, map[int64][]string{}
	for p, r := range known {
		k.paths[r.meetingID] = append(k.paths[r.meetingID], p)
	}
	if k.imported, err = a.importedSources(ctx); err != nil {
		return nil, err
	}
	return k, nil
}

// filesOf gives the files indexed for meeting id, by path (none when
// they could not be read: the meeting is then indexed again).
func (k *indexKnows) filesOf(ctx context.Context, id int64) map[string]*fileRow {
	if !k.lazy {
		out := make(map[string]*fileRow, len(k.paths[id]))
		for _, p := range k.paths[id] {
			out[p] = k.known[p]
		}
		return out
	}
	rows, err := k.db.QueryContext(ctx, `SELECT path, size, mtime, hash FROM files WHERE meeting_id = ?`, id)
	if err != nil {
		return nil
	}
	defer rows.Close()
	out := map[string]*fileRow{}
	for rows.Next() {
		var p string
		r := &fileRow{meetingID: id}
		if rows.Scan(&p, &r.size, &r.mtime, &r.hash) != nil {
			return nil
		}
		out[p] = r
	}
	if rows.Err() != nil {
		return nil
	}
	return out
}

// importedBefore gives what an earlier import recorded of log src
// (nothing when it could not be read: the log is then imported again,
// which changes nothing).
func (k *indexKnows) importedBefore(ctx context.Context, src string) (importedSource, bool) {
	if !k.lazy {
		r, ok := k.imported[src]
		return r, ok
	}
	r := importedSource{path: src}
	var bases string
	err := k.db.QueryRowContext(ctx, `SELECT size, mtime, stamp, bases FROM imported WHERE src = ?`, src).Scan(&r.size, &r.mtime, &r.stamp, &bases)
	if err != nil {
		return r, false
	}
	r.bases = splitLines(bases)
	return r, true
}
