package archive

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Progress reports how far a long operation got.
type Progress struct {
	// Phase is "import" (folding logs and writing minutes) or "index".
	Phase string
	Done  int
	Total int
	// Path is the file or meeting just finished (relative to the archive
	// for "index").
	Path string
}

// FileError is a file that could not be imported or indexed; the run goes
// on without it.
type FileError struct {
	Path string
	Err  error
}

func (e FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// UpdateStats is what Update did.
type UpdateStats struct {
	Meetings  int // meetings in the archive after the update
	Added     int // meetings indexed for the first time
	Changed   int // meetings indexed again because a source file changed
	Touched   int // source files whose mtime changed but not their content
	Unchanged int
	Removed   int // meetings whose files are gone
	// Dirs is how many directories were read (Refresh reads only those
	// whose mtime moved).
	Dirs   int
	Errors []FileError
	// Deferred: an import was writing, so the directories that moved were
	// left to it and to a later refresh (see refreshMay).
	Deferred bool
}

// src is one source file of a meeting.
type src struct {
	rel   string // slash-separated, relative to the archive
	size  int64
	mtime int64 // UnixNano
	hash  string
}

// baseFiles are the files of one meeting: its base path (without
// extension) and the sources the index reads.
type baseFiles struct {
	base    string
	json    *src
	logtxt  *src
	loghtml *src
}

// sources lists what the index reads: the .json minutes if any, and one
// log (.log.txt before .log.html).
func (b *baseFiles) sources() []*src {
	var out []*src
	if b.json != nil {
		out = append(out, b.json)
	}
	if b.logtxt != nil {
		out = append(out, b.logtxt)
	} else if b.loghtml != nil {
		out = append(out, b.loghtml)
	}
	return out
}

// splitSource recognises a meeting source file name.
func splitSource(rel string) (base, ext string, ok bool) {
	for _, e := range []string{".log.txt", ".log.html", ".json"} {
		if strings.HasSuffix(rel, e) && len(rel) > len(e) {
			return rel[:len(rel)-len(e)], e, true
		}
	}
	return "", "", false
}

func (b *baseFiles) set(ext string, s *src) {
	switch ext {
	case ".json":
		b.json = s
	case ".log.txt":
		b.logtxt = s
	case ".log.html":
		b.loghtml = s
	}
}

// walkState collects what a walk of (part of) the archive found.
type walkState struct {
	a    *Archive
	cur  map[string]*baseFiles
	dirs map[string]int64 // rel dir → mtime (UnixNano), "." for the archive
	errs []FileError
}

func (a *Archive) newWalk() *walkState {
	return &walkState{a: a, cur: map[string]*baseFiles{}, dirs: map[string]int64{}}
}

// relOf is p relative to the archive, slash-separated ("." for the
// archive itself).
func (w *walkState) relOf(p string) string {
	rel, err := filepath.Rel(w.a.Dir, p)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(rel)
}

// addFile records a meeting source file.
func (w *walkState) addFile(rel string, info fs.FileInfo) {
	base, ext, ok := splitSource(rel)
	if !ok {
		return
	}
	bf := w.cur[base]
	if bf == nil {
		bf = &baseFiles{base: base}
		w.cur[base] = bf
	}
	bf.set(ext, &src{rel: rel, size: info.Size(), mtime: info.ModTime().UnixNano()})
}

// walk reads the directory tree at root for meeting files. Hidden files
// and directories (the index, temporary files) and symbolic links are
// skipped: a link could lead out of the archive, and mirrors' "teams/"
// link trees only repeat meetings. Each directory's mtime is taken before
// it is read, so a file added while reading is seen by the next Refresh.
func (w *walkState) walk(ctx context.Context, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			w.errs = append(w.errs, FileError{p, err})
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		name := d.Name()
		if p != w.a.Dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if info, err := d.Info(); err == nil {
				w.dirs[w.relOf(p)] = info.ModTime().UnixNano()
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			w.errs = append(w.errs, FileError{p, err})
			return nil
		}
		w.addFile(w.relOf(p), info)
		return nil
	})
}

// readDir reads one directory's meeting files (not its subdirectories,
// which it returns) after recording its mtime.
func (w *walkState) readDir(rel string, mtime int64) ([]string, error) {
	full := filepath.Join(w.a.Dir, filepath.FromSlash(rel))
	w.dirs[rel] = mtime
	ents, err := os.ReadDir(full)
	if err != nil {
		return nil, err
	}
	var subs []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		crel := path.Join(rel, e.Name())
		switch {
		case e.IsDir():
			subs = append(subs, crel)
		case e.Type().IsRegular():
			info, err := e.Info()
			if err != nil {
				continue // gone meanwhile
			}
			w.addFile(crel, info)
		}
	}
	return subs, nil
}

type fileRow struct {
	meetingID   int64
	size, mtime int64
	hash        string
}

// Update walks the whole archive and brings the index up to date with
// the files: new meetings are indexed, meetings whose source files
// changed (size or mtime, then content hash) are indexed again, meetings
// whose files are gone are dropped. Files that cannot be read are
// reported in the stats and skipped. `gavel index` runs it; the other
// commands run the cheaper Refresh.
func (a *Archive) Update(ctx context.Context, progress func(Progress)) (*UpdateStats, error) {
	if a.ReadOnly {
		return nil, ErrReadOnly
	}
	w := a.newWalk()
	if err := w.walk(ctx, a.Dir); err != nil {
		return nil, err
	}
	known, byBase, err := a.knownFiles(ctx, "")
	if err != nil {
		return nil, err
	}
	st := &UpdateStats{Errors: w.errs, Dirs: len(w.dirs)}
	if err := a.reconcile(ctx, w.cur, known, byBase, st, progress); err != nil {
		return st, err
	}
	if err := a.saveDirs(ctx, w.dirs, nil, true); err != nil {
		return st, err
	}
	return st, a.countMeetings(ctx, st)
}

func (a *Archive) countMeetings(ctx context.Context, st *UpdateStats) error {
	return a.db.QueryRowContext(ctx, `SELECT count(*) FROM meetings`).Scan(&st.Meetings)
}

// Refresh is the cheap check every command runs before answering: it
// compares each directory's mtime with the one recorded at the last walk
// and reads only the directories that moved (a file added, removed or
// renamed in it — which is how gavel itself and mirroring tools write:
// atomically, by rename). Everything gavel writes is indexed as it writes
// (Written, Import), so Refresh finds only files dropped in by hand. A
// file rewritten in place without a rename is not noticed: `gavel index`
// walks everything. Without a recorded walk, Refresh is Update.
func (a *Archive) Refresh(ctx context.Context) (*UpdateStats, error) {
	if a.ReadOnly {
		return &UpdateStats{}, nil
	}
	recorded, err := a.loadDirs(ctx)
	if errors.Is(err, errBadDirKids) || (err == nil && recorded.empty()) {
		// No walk recorded (or its record damaged): walk everything.
		release, ok := a.refreshMay()
		if !ok {
			st := &UpdateStats{Deferred: true}
			return st, a.countMeetings(ctx, st)
		}
		defer release()
		return a.Update(ctx, nil)
	}
	if err != nil {
		return nil, err
	}
	changed, gone, statErrs := statDirs(a.Dir, recorded)
	st := &UpdateStats{Errors: statErrs}
	if len(changed) == 0 && len(gone) == 0 {
		return st, a.countMeetings(ctx, st)
	}
	// While an import writes, the directories it places files in move
	// before it indexes them: indexing them here would make this command
	// wait for the index and the import index them again.
	release, ok := a.refreshMay()
	if !ok {
		st.Deferred = true
		return st, a.countMeetings(ctx, st)
	}
	defer release()
	w := a.newWalk()
	w.errs = statErrs
	// scope: the directories whose meetings this refresh decides about
	// (prefix "" would be all; each entry is a dir whose direct files, or
	// whole subtree when deep, were read).
	type scope struct {
		dir  string
		deep bool
	}
	var scopes []scope
	for _, g := range gone {
		scopes = append(scopes, scope{g, true})
	}
	for _, rel := range slices.Sorted(maps.Keys(changed)) {
		subs, err := w.readDir(rel, changed[rel])
		if err != nil {
			w.errs = append(w.errs, FileError{filepath.Join(a.Dir, filepath.FromSlash(rel)), err})
			continue
		}
		scopes = append(scopes, scope{rel, false})
		for _, s := range subs {
			if recorded.has(s) {
				continue // known: its own mtime tells whether it changed
			}
			if err := w.walk(ctx, filepath.Join(a.Dir, filepath.FromSlash(s))); err != nil {
				w.errs = append(w.errs, FileError{s, err})
				continue
			}
			scopes = append(scopes, scope{s, true})
		}
	}
	st.Errors, st.Dirs = w.errs, len(w.dirs)
	inScope := func(base string) bool {
		d := path.Dir(base)
		for _, s := range scopes {
			if d == s.dir || (s.deep && (s.dir == "." || strings.HasPrefix(d+"/", s.dir+"/"))) {
				return true
			}
		}
		return false
	}
	known := map[string]*fileRow{}
	byBase := map[string]int64{}
	for _, s := range scopes {
		query := a.knownFilesIn
		if s.deep {
			query = a.knownFiles
		}
		k, b, err := query(ctx, s.dir)
		if err != nil {
			return nil, err
		}
		for p, r := range k {
			if base, _, ok := splitSource(p); ok && inScope(base) {
				known[p] = r
			}
		}
		for base, id := range b {
			if inScope(base) {
				byBase[base] = id
			}
		}
	}
	if err := a.reconcile(ctx, w.cur, known, byBase, st, nil); err != nil {
		return st, err
	}
	if err := a.saveDirs(ctx, w.dirs, gone, false); err != nil {
		return st, err
	}
	return st, a.countMeetings(ctx, st)
}

// reconcile indexes the meetings of cur that are new or changed and drops
// those of byBase that cur no longer has; known and byBase must cover the
// same part of the archive as cur.
func (a *Archive) reconcile(ctx context.Context, cur map[string]*baseFiles, known map[string]*fileRow,
	byBase map[string]int64, st *UpdateStats, progress func(Progress)) error {
	nFiles := map[int64]int{} // meeting id → files indexed for it
	for _, r := range known {
		nFiles[r.meetingID]++
	}
	var todo []*baseFiles
	for base, bf := range cur {
		srcs := bf.sources()
		if len(srcs) == 0 {
			continue
		}
		if id, ok := byBase[base]; ok && unchanged(srcs, known, nFiles[id]) {
			st.Unchanged++
			continue
		}
		todo = append(todo, bf)
	}
	var gone []int64
	for base, id := range byBase {
		if bf := cur[base]; bf == nil || len(bf.sources()) == 0 {
			gone = append(gone, id)
		}
	}
	if len(gone) > 0 {
		if err := a.removeMeetings(ctx, gone); err != nil {
			return err
		}
		st.Removed = len(gone)
	}
	if len(todo) == 0 {
		return nil
	}
	sortBases(todo)
	in := make(chan *baseFiles)
	go func() {
		defer close(in)
		for _, bf := range todo {
			select {
			case in <- bf:
			case <-ctx.Done():
				return
			}
		}
	}()
	return a.indexStream(ctx, in, len(todo), known, &idMap{m: byBase}, st, progress)
}

// sortBases orders meetings by date (the layout's date directory or the
// time stamp in the name), so a rebuild numbers them chronologically.
func sortBases(bs []*baseFiles) {
	key := func(b *baseFiles) string {
		if m := stampRE.FindStringSubmatch(path.Base(b.base)); m != nil {
			return m[2] + m[3]
		}
		return b.base
	}
	slices.SortFunc(bs, func(x, y *baseFiles) int {
		return cmp.Or(cmp.Compare(key(x), key(y)), cmp.Compare(x.base, y.base))
	})
}

// stampRE splits a zodbot/Darst file base "<name>.<YYYY-MM-DD>-<HH.MM>"
// (also "<name>-<YYYY-MM-DD>-<HH.MM>").
var stampRE = regexp.MustCompile(`^(.*?)[.-]([0-9]{4}-[0-9]{2}-[0-9]{2})-([0-9]{2}\.[0-9]{2})(-[0-9]+)?$`)

// unchanged says whether a meeting's source files are those indexed, of
// the same size and mtime; nIndexed is how many files the index holds for
// the meeting.
func unchanged(srcs []*src, known map[string]*fileRow, nIndexed int) bool {
	if len(srcs) != nIndexed {
		return false
	}
	for _, s := range srcs {
		r := known[s.rel]
		if r == nil || r.size != s.size || r.mtime != s.mtime {
			return false
		}
	}
	return true
}

// knownFiles returns the indexed files and meetings under dir (a
// slash-separated directory relative to the archive; "" or "." for all).
func (a *Archive) knownFiles(ctx context.Context, dir string) (map[string]*fileRow, map[string]int64, error) {
	where, args := "", []any{}
	if dir != "" && dir != "." {
		where, args = ` WHERE %s > ?1 || '/' AND %s < ?1 || '0'`, []any{dir}
	}
	return a.queryKnown(ctx, where, args)
}

// knownFilesIn returns the indexed files and meetings directly in dir,
// not in its subdirectories: for the archive's root, whose mtime moves
// whenever the index's -wal and -shm files come and go (so at nearly
// every command), this is a few rows rather than every file of the
// archive, and is read as few (see knownAtRoot).
func (a *Archive) knownFilesIn(ctx context.Context, dir string) (map[string]*fileRow, map[string]int64, error) {
	if dir == "" || dir == "." {
		return a.knownAtRoot(ctx)
	}
	return a.queryKnown(ctx, ` WHERE %s > ?1 || '/' AND %s < ?1 || '0' AND instr(substr(%s, length(?1) + 2), '/') = 0`, []any{dir})
}

// knownAtRoot is knownFilesIn for the archive's root. No index answers
// "no '/' in the path", and a scan reads every row of files and meetings;
// so it skips through the primary keys in order instead: a path under a
// top-level directory d jumps to d+"0" ('0' follows '/'), past all of d.
// That is one lookup per top-level entry (a dozen channels), not one row
// per file.
func (a *Archive) knownAtRoot(ctx context.Context) (map[string]*fileRow, map[string]int64, error) {
	known := map[string]*fileRow{}
	byBase := map[string]int64{}
	err := skipToRoot(ctx, a.db, `SELECT path, meeting_id, size, mtime, hash FROM files WHERE path %s ? ORDER BY path LIMIT 1`,
		func(row *sql.Row) (string, func(), error) {
			var p string
			r := &fileRow{}
			err := row.Scan(&p, &r.meetingID, &r.size, &r.mtime, &r.hash)
			return p, func() { known[p] = r }, err
		})
	if err != nil {
		return nil, nil, err
	}
	err = skipToRoot(ctx, a.db, `SELECT base, id FROM meetings WHERE base %s ? ORDER BY base LIMIT 1`,
		func(row *sql.Row) (string, func(), error) {
			var b string
			var id int64
			err := row.Scan(&b, &id)
			return b, func() { byBase[b] = id }, err
		})
	if err != nil {
		return nil, nil, err
	}
	return known, byBase, nil
}

// skipToRoot runs query (its %s a comparison of the key with the bound)
// from the smallest key up, keeping (with the func scan returns) each row
// whose key has no '/' and jumping past each top-level directory.
func skipToRoot(ctx context.Context, db *sql.DB, query string, scan func(*sql.Row) (string, func(), error)) error {
	from, after := strings.Replace(query, "%s", ">=", 1), strings.Replace(query, "%s", ">", 1)
	q, bound := from, ""
	for {
		key, keep, err := scan(db.QueryRowContext(ctx, q, bound))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if dir, _, sub := strings.Cut(key, "/"); sub {
			q, bound = from, dir+"0"
			continue
		}
		keep()
		q, bound = after, key
	}
}

// queryKnown returns the indexed files and meetings where the condition
// holds of their path (%s in where).
func (a *Archive) queryKnown(ctx context.Context, where string, args []any) (map[string]*fileRow, map[string]int64, error) {
	known := map[string]*fileRow{}
	rows, err := a.db.QueryContext(ctx, `SELECT path, meeting_id, size, mtime, hash FROM files`+strings.ReplaceAll(where, "%s", "path"), args...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var p string
		r := &fileRow{}
		if err := rows.Scan(&p, &r.meetingID, &r.size, &r.mtime, &r.hash); err != nil {
			rows.Close()
			return nil, nil, err
		}
		known[p] = r
	}
	rows.Close()
	byBase := map[string]int64{}
	rows, err = a.db.QueryContext(ctx, `SELECT id, base FROM meetings`+strings.ReplaceAll(where, "%s", "base"), args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var b string
		if err := rows.Scan(&id, &b); err != nil {
			return nil, nil, err
		}
		byBase[b] = id
	}
	return known, byBase, rows.Err()
}

// Written indexes the files of one meeting that gavel has just written
// (the paths store.WriteMinutes returned): the bot, the chair and import
// call it as they write, so the index never needs a walk to catch up
// with gavel's own files.
func (a *Archive) Written(ctx context.Context, paths []string) (*UpdateStats, error) {
	if a.ReadOnly {
		return nil, ErrReadOnly
	}
	bfs, err := a.baseFilesOf(paths)
	if err != nil {
		return nil, err
	}
	st := &UpdateStats{}
	cur := map[string]*baseFiles{}
	known := map[string]*fileRow{}
	byBase := map[string]int64{}
	for _, bf := range bfs {
		cur[bf.base] = bf
		k, b, err := a.knownFiles(ctx, path.Dir(bf.base))
		if err != nil {
			return nil, err
		}
		for p, r := range k {
			if base, _, ok := splitSource(p); ok && base == bf.base {
				known[p] = r
			}
		}
		if id, ok := b[bf.base]; ok {
			byBase[bf.base] = id
		}
	}
	if err := a.reconcile(ctx, cur, known, byBase, st, nil); err != nil {
		return st, err
	}
	return st, a.countMeetings(ctx, st)
}

// baseFilesOf groups written paths (absolute, inside the archive) by
// meeting.
func (a *Archive) baseFilesOf(paths []string) ([]*baseFiles, error) {
	by := map[string]*baseFiles{}
	var out []*baseFiles
	for _, wp := range paths {
		rel, err := filepath.Rel(a.Dir, wp)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		rel = filepath.ToSlash(rel)
		base, ext, ok := splitSource(rel)
		if !ok {
			continue
		}
		fi, err := os.Stat(wp)
		if err != nil {
			return nil, err
		}
		bf := by[base]
		if bf == nil {
			bf = &baseFiles{base: base}
			by[base] = bf
			out = append(out, bf)
		}
		bf.set(ext, &src{rel: rel, size: fi.Size(), mtime: fi.ModTime().UnixNano()})
	}
	return out, nil
}
