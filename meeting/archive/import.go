package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

// ImportOptions configure Import.
type ImportOptions struct {
	// Channel is the channel of every log; empty guesses it per file from
	// its path (<channel>/<date>/… as in MeetBot archives, else the file
	// name up to its first '.' or "-<digit>").
	Channel string
	// Name overrides the meeting name (#meetingname).
	Name string
	// Date is the meeting day for logs that carry only times and no date
	// in their name.
	Date time.Time
	// Flavour names meetings as that bot does (the zero value is Darst's).
	Flavour meeting.Flavour
	// Layout is where the files go (minutes.ParseLayout); empty is
	// zodbot's. Each meeting's .json records its channel and name, so the
	// index reads any layout back.
	Layout string
	// Workers folding logs in parallel; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is called after each file (Phase "import") and
	// each indexed batch (Phase "index"), from one goroutine at a time.
	Progress func(Progress)
}

// ImportStats is what Import did.
type ImportStats struct {
	Files    int // log files read
	Meetings int // meetings written
	// Unread are the log files imported before with the same options and
	// unchanged since, whose meetings are all indexed: not read again.
	Unread int
	// Errors are the files that could not be imported: unreadable, of an
	// unknown format, or without a meeting. They were skipped.
	Errors []FileError
	// Notes are files imported with something to say: lines inside the
	// log that could not be read (count, first line numbers).
	Notes []FileError
	Index *UpdateStats
}

// ExpandPaths lists the log files to import from files and directories.
// Directories are walked; hidden entries and symbolic links met in a walk
// are skipped, as are the minutes files beside a log (X.txt, X.html,
// X.json and X.md when X.log.txt or X.log.html exists, and X.log.html when
// X.log.txt exists) and anything under skip (the archive itself). Paths
// named explicitly are always kept.
func ExpandPaths(paths []string, skip string) ([]string, []FileError) {
	var out []string
	var errs []FileError
	skipAbs, _ := filepath.Abs(skip)
	under := func(p string) bool {
		if skip == "" {
			return false
		}
		ap, err := filepath.Abs(p)
		if err != nil {
			return false
		}
		r, err := filepath.Rel(skipAbs, ap)
		return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, FileError{p, err})
			continue
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		if under(p) {
			continue
		}
		filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, FileError{q, err})
				return nil
			}
			if q != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if q != p && under(q) {
					return filepath.SkipDir
				}
				ents, err := os.ReadDir(q)
				if err != nil {
					return nil
				}
				names := map[string]bool{}
				for _, e := range ents {
					names[e.Name()] = true
				}
				for _, e := range ents {
					n := e.Name()
					if strings.HasPrefix(n, ".") || !e.Type().IsRegular() || besideLog(n, names) {
						continue
					}
					out = append(out, filepath.Join(q, n))
				}
			}
			return nil
		})
	}
	return out, errs
}

// besideLog reports whether n is a minutes file next to its meeting's log.
func besideLog(n string, names map[string]bool) bool {
	if strings.HasSuffix(n, ".log.html") {
		return names[strings.TrimSuffix(n, ".log.html")+".log.txt"]
	}
	if strings.HasSuffix(n, ".log.txt") {
		return false
	}
	for _, ext := range []string{".txt", ".html", ".json", ".md"} {
		if strings.HasSuffix(n, ext) {
			x := strings.TrimSuffix(n, ext)
			return names[x+".log.txt"] || names[x+".log.html"]
		}
	}
	return false
}

// GuessChannel guesses a log's channel from its path (see
// importer.ChannelFromPath).
func GuessChannel(p string) string { return NormChannel(importer.ChannelFromPath(p)) }

// Import reads existing logs (any format meeting/importer reads), folds
// each with the engine, writes every minutes format into the archive
// (meeting/store: atomic, never clobbering another meeting) and indexes
// the meetings. A file that fails is reported in the stats and skipped;
// the run goes on. Importing the same log again changes nothing.
func (a *Archive) Import(ctx context.Context, paths []string, opts ImportOptions) (*ImportStats, error) {
	files, errs := ExpandPaths(paths, a.Dir)
	st := &ImportStats{Files: len(files), Errors: errs, Index: &UpdateStats{}}
	// Files changed or removed by hand since: the index must say what is
	// on disk before deciding what is already imported.
	rst, err := a.Refresh(ctx)
	if err != nil {
		return nil, err
	}
	// From here until the import's own last refresh, a refresh in another
	// command leaves the directories that move to this import.
	release := a.holdImport()
	defer func() { release() }()
	k, err := a.knowsFor(ctx, len(files), rst.Meetings)
	if err != nil {
		return nil, err
	}
	// The workers read it (sourceUnchanged) while the writer adds to it:
	// only under its lock.
	ids := k.ids
	var progMu sync.Mutex
	report := func(p Progress) {
		if opts.Progress != nil {
			progMu.Lock()
			opts.Progress(p)
			progMu.Unlock()
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	stamp := opts.stamp()
	// Three stages overlap: workers fold and render (and parse back what
	// they rendered, for the index), one placer makes the files durable
	// and puts them in place, one writer indexes them.
	jobs := make(chan string)
	rendered := make(chan *renderedMeeting, placeMax)
	toIndex := make(chan *parsed, batchSize)
	var mu sync.Mutex // st, recs, done
	done := 0
	var recs []*importedSource
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for p := range jobs {
				src, skip := a.sourceUnchanged(ctx, p, stamp, k)
				var ms []*meeting.Minutes
				var note, err error
				if !skip {
					ms, note, err = a.foldFile(ctx, p, opts)
				}
				var rec *importedSource
				if err == nil && src.path != "" && !skip {
					rec = &src
				}
				var rms []*renderedMeeting
				for _, m := range ms {
					rm, rerr := renderMeeting(ctx, a.Dir, m)
					if rerr != nil {
						err = rerr
						break
					}
					rm.src, rm.rec = p, rec
					rms = append(rms, rm)
				}
				mu.Lock()
				done++
				if err != nil {
					st.Errors = append(st.Errors, FileError{p, err})
				} else if note != nil {
					st.Notes = append(st.Notes, FileError{p, note})
				}
				if skip {
					st.Unread++
					st.Meetings += len(src.bases)
					st.Index.Unchanged += len(src.bases)
				}
				if rec != nil && err == nil {
					recs = append(recs, rec) // bases filled in by the placer
				}
				n := done
				mu.Unlock()
				for _, rm := range rms {
					select {
					case rendered <- rm:
					case <-ctx.Done():
						rm.p.Discard()
					}
				}
				report(Progress{Phase: "import", Done: n, Total: len(files), Path: p})
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, p := range files {
			select {
			case jobs <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(rendered) }()

	// Meetings whose files are exactly as indexed are skipped by the
	// placer.
	pl := &placer{a: a, st: st, mu: &mu, knows: k, ids: ids, out: toIndex}
	go func() {
		defer close(toIndex)
		pl.run(ctx, rendered)
	}()
	err = a.writeStream(ctx, toIndex, 0, ids, st.Index, func(p Progress) { report(p) })
	slices.SortFunc(st.Errors, func(x, y FileError) int { return strings.Compare(x.Path, y.Path) })
	if err != nil {
		return st, err
	}
	if err := a.saveImported(ctx, recs); err != nil {
		return st, err
	}
	// The import added and changed directories: record their mtimes now
	// (reading only those), so the next command's Refresh has nothing to do.
	release()
	release = func() {}
	if _, err := a.Refresh(ctx); err != nil {
		return st, err
	}
	return st, a.countMeetings(ctx, st.Index)
}

// foldFile folds one log into its meetings' minutes.
// The note, if any, says what of the log could not be read.
func (a *Archive) foldFile(ctx context.Context, p string, opts ImportOptions) (_ []*meeting.Minutes, note, _ error) {
	// The context stops the reading mid-file (a fifo, /dev/zero, a huge log).
	f, err := importer.OpenFile(p, importer.Options{Date: opts.Date, Name: p, Context: ctx})
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	channel := opts.Channel
	if channel == "" {
		channel = GuessChannel(p)
	}
	s := meeting.NewSession(meeting.Config{Channel: NormChannel(channel), Name: opts.Name, Flavour: opts.Flavour, Layout: opts.Layout, ReadBack: true})
	for f.Next() {
		s.Apply(f.Line())
	}
	if err := f.Err(); err != nil {
		if errors.Is(err, importer.ErrUnknownFormat) {
			return nil, nil, errors.New("not a log gavel can read (MeetBot .log.txt/.log.html, irssi, WeeChat)")
		}
		return nil, nil, err
	}
	ms := s.Meetings()
	if len(ms) == 0 {
		return nil, nil, errNoMeeting
	}
	if !f.DateKnown() {
		return nil, nil, errors.New("no date in the log or its name: give it with --date YYYY-MM-DD (it would be filed under 1970-01-01)")
	}
	if u := f.Unparsed(); u.Count > 0 {
		note = fmt.Errorf("%s could not be read as log lines; they are not in the minutes", u)
	}
	out := make([]*meeting.Minutes, len(ms))
	for i, m := range ms {
		out[i] = m.Minutes()
	}
	return out, note, nil
}

// importedSource is a log imported before: its size and mtime, the
// import options, and the meetings it gave. The same log again, with the
// same options, while those meetings are in the index, is not read again.
type importedSource struct {
	path        string
	size, mtime int64
	stamp       string
	bases       []string
	failed      bool // a meeting of it could not be written
}

// stamp is what of the options decides what a log gives.
func (o ImportOptions) stamp() string {
	return fmt.Sprintf("%q %q %s %q %q", NormChannel(o.Channel), o.Name, o.Date.Format(time.DateOnly), o.Flavour, o.Layout)
}

func (a *Archive) importedSources(ctx context.Context) (map[string]importedSource, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT src, size, mtime, stamp, bases FROM imported`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]importedSource{}
	for rows.Next() {
		var r importedSource
		var bases string
		if err := rows.Scan(&r.path, &r.size, &r.mtime, &r.stamp, &bases); err != nil {
			return nil, err
		}
		r.bases = splitLines(bases)
		out[r.path] = r
	}
	return out, rows.Err()
}

// sourceUnchanged says whether log p was imported before as it is now,
// with the same options, and its meetings are all still indexed; src
// describes p for recording after this import.
func (a *Archive) sourceUnchanged(ctx context.Context, p, stamp string, k *indexKnows) (src importedSource, skip bool) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return src, false
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return src, false
	}
	src = importedSource{path: abs, size: fi.Size(), mtime: fi.ModTime().UnixNano(), stamp: stamp}
	old, ok := k.importedBefore(ctx, abs)
	if !ok || old.size != src.size || old.mtime != src.mtime || old.stamp != stamp || len(old.bases) == 0 {
		return src, false
	}
	for _, b := range old.bases {
		if !k.ids.has(ctx, a.db, b) {
			return src, false
		}
	}
	src.bases = old.bases
	return src, true
}

func (a *Archive) saveImported(ctx context.Context, recs []*importedSource) error {
	if len(recs) == 0 {
		return nil
	}
	return a.writeTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO imported(src, size, mtime, stamp, bases) VALUES(?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range recs {
			if r.failed {
				continue
			}
			if _, err := stmt.ExecContext(ctx, r.path, r.size, r.mtime, r.stamp, strings.Join(r.bases, "\n")); err != nil {
				return err
			}
		}
		return nil
	})
}
