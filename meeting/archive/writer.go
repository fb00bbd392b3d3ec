package archive

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

// contentHash is what the index records of a source file's content.
func contentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// readFile is os.ReadFile that also gives the contentHash and that a
// cancel stops: reading and hashing a huge log must not hold up Ctrl-C.
func readFile(ctx context.Context, name string) ([]byte, string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	var buf bytes.Buffer
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		buf.Grow(int(fi.Size()) + 1) // one allocation, no copies
	}
	h := sha256.New()
	if _, err := buf.ReadFrom(io.TeeReader(importer.ContextReader(ctx, f), h)); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// errNoMeeting is a log in which no meeting starts.
var errNoMeeting = errors.New("no meeting found (no #startmeeting)")

// parsed is one meeting read from its files, ready to be written to the
// index (or only its files' mtimes, when touch is set).
type parsed struct {
	bf    *baseFiles
	srcs  []*src
	touch bool
	min   *meeting.Minutes
	lines []meeting.Line
	err   error
}

// An index transaction writes at least writeMin meetings (fewer at the
// end) and at most batchSize.
const (
	writeMin  = 64
	batchSize = 256
)

// indexStream reads the meetings sent on in with a pool of parsers and
// writes them to the index (see writeStream).
func (a *Archive) indexStream(ctx context.Context, in <-chan *baseFiles, total int,
	known map[string]*fileRow, ids *idMap, st *UpdateStats, progress func(Progress)) error {
	workers := max(1, runtime.GOMAXPROCS(0))
	out := make(chan *parsed, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for bf := range in {
				p := a.parse(ctx, bf, known, ids)
				select {
				case out <- p:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return a.writeStream(ctx, out, total, ids, st, progress)
}

// ftsHashSize is how many bytes of full-text rows FTS5 gathers in memory
// before it writes them out as a segment (its default is 1 MiB, and an
// index batch is a few MiB): every segment written is one more to merge.
const ftsHashSize = 32 << 20

// sizeFTS sets the full-text tables' hash size, once per open archive
// (FTS5 keeps it in the index, so an index made before gets it too).
func (a *Archive) sizeFTS(ctx context.Context) error {
	if a.ftsSized {
		return nil
	}
	for _, t := range []string{"lines_fts", "items_fts"} {
		if _, err := a.db.ExecContext(ctx, `INSERT INTO `+t+`(`+t+`, rank) VALUES('hashsize', ?)`, ftsHashSize); err != nil {
			return err
		}
	}
	a.ftsSized = true
	return nil
}

// writeStream writes the meetings sent on in to the index from one
// goroutine, writeMin to batchSize meetings per transaction. It reads in
// to its end.
func (a *Archive) writeStream(ctx context.Context, in <-chan *parsed, total int,
	ids *idMap, st *UpdateStats, progress func(Progress)) error {
	a.wr.Lock()
	defer a.wr.Unlock()
	if err := a.sizeFTS(ctx); err != nil {
		return err
	}
	done := 0
	var firstErr error
	for {
		// As many meetings as are ready, at least writeMin: the writer
		// starts as soon as there is a batch worth a transaction, and
		// batches grow to batchSize when it is the slower side.
		got, open := gather(in, writeMin, batchSize)
		var batch []*parsed
		for _, p := range got {
			if p.err != nil {
				st.Errors = append(st.Errors, FileError{filepath.Join(a.Dir, filepath.FromSlash(p.bf.base)), p.err})
				done++
				continue
			}
			batch = append(batch, p)
		}
		if len(batch) > 0 && firstErr == nil { // after an error: drain
			firstErr = a.writeBatch(ctx, batch, ids, st)
			for _, p := range batch {
				done++
				if progress != nil {
					progress(Progress{Phase: "index", Done: done, Total: total, Path: p.bf.base})
				}
			}
		}
		if !open {
			break
		}
	}
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}

// parse reads a meeting's source files. When every file's content hash is
// the one indexed, only the mtimes are to be refreshed.
func (a *Archive) parse(ctx context.Context, bf *baseFiles, known map[string]*fileRow, ids *idMap) *parsed {
	p := &parsed{bf: bf, srcs: bf.sources()}
	id, had, _ := ids.get(ctx, a.db, bf.base) // (Update: every meeting is in the map)
	data := make([][]byte, len(p.srcs))
	for i, s := range p.srcs {
		full := filepath.Join(a.Dir, filepath.FromSlash(s.rel))
		// Stat again: the file may have been rewritten since the scan,
		// and the index must record the mtime of the bytes it read.
		if fi, err := os.Stat(full); err == nil {
			s.mtime = fi.ModTime().UnixNano()
		}
		b, hash, err := readFile(ctx, full)
		if err != nil {
			p.err = err
			return p
		}
		s.hash = hash
		s.size = int64(len(b))
		data[i] = b
	}
	if p.touch = sameContent(p.srcs, known, id, had); p.touch {
		return p
	}
	var jsonData, logData []byte
	var logFmt importer.Format
	for i, s := range p.srcs {
		switch {
		case strings.HasSuffix(s.rel, ".json"):
			jsonData = data[i]
		case strings.HasSuffix(s.rel, ".log.txt"):
			logData, logFmt = data[i], importer.MeetBotText
		default:
			logData, logFmt = data[i], importer.MeetBotHTML
		}
	}
	p.min, p.lines, p.err = loadMeetingCtx(ctx, bf.base, jsonData, logData, logFmt)
	return p
}

// sameContent says whether a meeting indexed before (had, under id) has
// source files of the very content indexed: then only their mtimes are
// to be recorded.
func sameContent(srcs []*src, known map[string]*fileRow, id int64, had bool) bool {
	if !had {
		return false
	}
	for _, s := range srcs {
		if r := known[s.rel]; r == nil || r.hash != s.hash || r.meetingID != id {
			return false
		}
	}
	return true
}

// loadMeeting builds a meeting from its .json minutes and log, or from
// the log alone by folding it with the engine.
func loadMeeting(base string, jsonData, logData []byte, logFmt importer.Format) (*meeting.Minutes, []meeting.Line, error) {
	return loadMeetingCtx(context.Background(), base, jsonData, logData, logFmt)
}

// loadMeetingCtx is loadMeeting that a cancel stops mid-log (a huge log
// must not hold up Ctrl-C).
func loadMeetingCtx(ctx context.Context, base string, jsonData, logData []byte, logFmt importer.Format) (*meeting.Minutes, []meeting.Line, error) {
	if jsonData != nil {
		var m meeting.Minutes
		if err := json.Unmarshal(jsonData, &m); err != nil {
			return nil, nil, fmt.Errorf("%s.json: %w", path.Base(base), err)
		}
		if m.Channel == "" || m.Started.IsZero() {
			return nil, nil, fmt.Errorf("%s.json: not gavel minutes (no channel or start time)", path.Base(base))
		}
		lines, err := saidLines(ctx, base, logData, logFmt, m.Started)
		if err != nil {
			return nil, nil, err
		}
		return &m, lines, nil
	}
	channel, name := seriesFromBase(base)
	r := importer.New(bytes.NewReader(logData), importer.Options{Format: logFmt, Name: path.Base(base) + ".log", Context: ctx})
	s := meeting.NewSession(meeting.Config{Channel: channel, Name: name, ReadBack: true})
	for r.Next() {
		s.Apply(r.Line())
	}
	if err := r.Err(); err != nil {
		return nil, nil, err
	}
	ms := s.Meetings()
	if len(ms) == 0 {
		return nil, nil, errNoMeeting
	}
	m := ms[0].Minutes()
	return m, m.Log.Lines(), nil
}

// saidLines reads the lines said in the log of a meeting that has .json
// minutes (started is its start, for logs that carry only times). This is
// how such a meeting's lines are numbered, in the index and for display.
func saidLines(ctx context.Context, base string, logData []byte, logFmt importer.Format, started time.Time) ([]meeting.Line, error) {
	if logData == nil {
		return nil, nil
	}
	lines := make([]meeting.Line, 0, bytes.Count(logData, []byte{'\n'})+1) // at most one a line
	r := importer.New(bytes.NewReader(logData), importer.Options{Format: logFmt, Date: started.UTC(), Name: base, Context: ctx})
	for r.Next() {
		if l := r.Line(); l.Said() {
			lines = append(lines, l)
		}
	}
	return lines, r.Err()
}

// seriesFromBase guesses channel and meeting name from a base path in
// zodbot's (or Darst's, or OpenStack's) layout.
func seriesFromBase(base string) (channel, name string) {
	first, _, _ := strings.Cut(base, "/")
	name = path.Base(base)
	if m := stampRE.FindStringSubmatch(name); m != nil {
		name = m[1]
	}
	if first == base {
		first = name
	}
	return "#" + first, name
}

// writeBatch writes a batch of meetings in one transaction.
func (a *Archive) writeBatch(ctx context.Context, batch []*parsed, ids *idMap, st *UpdateStats) error {
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The transaction ends when ctx does (database/sql rolls it back);
	// its statements run without a context of their own, which the driver
	// would watch with a goroutine each — tens of thousands per batch. The
	// loops below check ctx between meetings.
	cancel := ctx
	ctx = context.WithoutCancel(ctx)
	if err := beginDirty(ctx, tx); err != nil {
		return err
	}
	w, err := prepareWriter(ctx, tx)
	if err != nil {
		return err
	}
	defer w.close()
	// Oldest first: meeting ids rise through the batch, and so do the
	// full-text rowids.
	slices.SortStableFunc(batch, func(x, y *parsed) int {
		if x.min == nil || y.min == nil {
			return 0
		}
		return x.min.Started.Compare(y.min.Started)
	})
	var fts batchFTS
	for _, p := range batch {
		if err := cancel.Err(); err != nil {
			return err
		}
		id, had, err := ids.get(ctx, tx, p.bf.base)
		if err != nil {
			return err
		}
		if p.touch {
			for _, s := range p.srcs {
				if _, err := w.file.ExecContext(ctx, s.rel, id, s.size, s.mtime, s.hash); err != nil {
					return err
				}
			}
			st.Touched++
			continue
		}
		if had {
			// A meeting indexed again gets a new id: its old one is
			// retired with its full-text rows (see deleteMeeting).
			if err := deleteMeeting(ctx, tx, id); err != nil {
				return err
			}
			st.Changed++
		} else {
			st.Added++
		}
		if id, err = newMeetingID(ctx, tx, p.min.Started); err != nil {
			return err
		}
		id, err = w.meeting(ctx, id, p, &fts)
		if err != nil {
			return fmt.Errorf("%s: %w", p.bf.base, err)
		}
		ids.set(p.bf.base, id)
		if err := markDirty(ctx, tx, id); err != nil {
			return err
		}
	}
	if err := recomputeActions(ctx, tx); err != nil {
		return err
	}
	// The full-text rows go last, after every statement that could open a
	// savepoint (see batchFTS).
	if err := fts.write(cancel, w); err != nil {
		return err
	}
	return tx.Commit()
}

// removeMeetings drops meetings (and their rows) from the index.
func (a *Archive) removeMeetings(ctx context.Context, ids []int64) error {
	return a.writeTx(ctx, func(tx *sql.Tx) error {
		if err := beginDirty(ctx, tx); err != nil {
			return err
		}
		for _, id := range ids {
			if err := deleteMeeting(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := recomputeActions(ctx, tx); err != nil {
			return err
		}
		return nil
	})
}

// deleteMeeting drops a meeting's rows and retires its id; the action
// items it touched are marked for recomputing.
//
// The full-text tables keep no text, so their rows cannot be deleted
// without it (and the files that held it have changed or gone); they
// stay, under an id that is never given out again, and every search skips
// ids that are no meeting. `gavel index --rebuild` drops them.
func deleteMeeting(ctx context.Context, tx *sql.Tx, id int64) error {
	if err := markDirty(ctx, tx, id); err != nil {
		return err
	}
	// people is keyed by nick: the meeting's row lists its nicks.
	var people string
	if err := tx.QueryRowContext(ctx, `SELECT people FROM meetings WHERE id = ?`, id).Scan(&people); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	for _, n := range splitLines(people) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE lnick = ? AND meeting_id = ?`, meeting.FoldNick(n), id); err != nil {
			return err
		}
	}
	for _, s := range []string{
		`DELETE FROM actions WHERE meeting_id = ?1`,
		`DELETE FROM closings WHERE meeting_id = ?1 AND source = 'log'`,
		`DELETE FROM files WHERE meeting_id = ?1`,
		`DELETE FROM meetings WHERE id = ?1`,
		`INSERT OR IGNORE INTO retired(id) VALUES(?1)`,
	} {
		if _, err := tx.ExecContext(ctx, s, id); err != nil {
			return err
		}
	}
	return nil
}

// writer holds one transaction's prepared statements.
type writer struct {
	meet, file, itemFTS, action, person, closing, line *sql.Stmt
	all                                                []*sql.Stmt
}

func prepareWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{}
	for _, q := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&w.meet, `INSERT OR REPLACE INTO meetings(id, base, channel, name, series, title, owner, started, ended, finished,
			topics, people, nlines, nactions, lchannel, lname) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&w.file, `INSERT OR REPLACE INTO files(path, meeting_id, size, mtime, hash) VALUES(?,?,?,?,?)`},
		{&w.itemFTS, `INSERT INTO items_fts(rowid, text) VALUES(?,?)`},
		{&w.action, `INSERT INTO actions(meeting_id, key, norm, text, owners, nick, line, time) VALUES(?,?,?,?,?,?,?,?)`},
		{&w.person, `INSERT OR IGNORE INTO people(lnick, meeting_id) VALUES(?,?)`},
		{&w.closing, `INSERT INTO closings(meeting_id, series, norm, key, nick, time, source) VALUES(?,?,?,?,?,?,'log')`},
		{&w.line, `INSERT INTO lines_fts(rowid, text) VALUES(?,?)`},
	} {
		s, err := tx.PrepareContext(ctx, q.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*q.dst = s
		w.all = append(w.all, s)
	}
	return w, nil
}

func (w *writer) close() {
	for _, s := range w.all {
		s.Close()
	}
}

// batchFTS gathers a batch's full-text rows so they are written at the
// end of its transaction, one row per INSERT, in rowid order. FTS5 keeps
// the rows of a transaction in memory and writes them out as one segment
// at the commit — unless something flushes it first: a savepoint (any
// statement with a statement journal opens one on every virtual table of
// the transaction: a multi-row INSERT, INSERT … SELECT, INSERT OR
// REPLACE), a rowid not above the last one, or more than 'hashsize' bytes
// pending. Each flush makes a small segment that automerge then merges
// again; written this way, a batch makes one segment per table.
type batchFTS struct{ lines, items []ftsRow }

func (f *batchFTS) write(ctx context.Context, w *writer) error {
	byRowID := func(x, y ftsRow) int { return cmp.Compare(x.rowid, y.rowid) }
	// The driver watches a cancellable context with a goroutine per
	// statement; for tens of thousands of one-row INSERTs the context is
	// checked here instead, every few thousand rows.
	rowCtx := context.WithoutCancel(ctx)
	for _, t := range []struct {
		rows []ftsRow
		stmt *sql.Stmt
	}{{f.lines, w.line}, {f.items, w.itemFTS}} {
		slices.SortFunc(t.rows, byRowID)
		for i, r := range t.rows {
			if i%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if _, err := t.stmt.ExecContext(rowCtx, r.rowid, r.text); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *writer) meeting(ctx context.Context, id int64, p *parsed, fts *batchFTS) (int64, error) {
	m := p.min
	series := Series(m.Channel, m.Name)
	var topics, people []string
	for _, t := range m.Topics {
		topics = append(topics, t.Title)
	}
	ppl := slices.Clone(m.People)
	slices.SortStableFunc(ppl, func(x, y meeting.Person) int { return cmp.Compare(y.Lines, x.Lines) })
	for _, pe := range ppl {
		people = append(people, pe.Nick)
	}
	ended := m.Started
	if m.Ended != nil {
		ended = *m.Ended
	}
	title := m.MeetingTopic
	_, err := w.meet.ExecContext(ctx, id, p.bf.base, m.Channel, m.Name, series, title, m.Owner,
		m.Started.Unix(), ended.Unix(), m.Finished, strings.Join(topics, "\n"), strings.Join(people, "\n"),
		len(p.lines), countActions(m), strings.ToLower(m.Channel), strings.ToLower(m.Name))
	if err != nil {
		return 0, err
	}
	for _, s := range p.srcs {
		if _, err := w.file.ExecContext(ctx, s.rel, id, s.size, s.mtime, s.hash); err != nil {
			return 0, err
		}
	}
	for _, ac := range m.Actions {
		if rest, ok := doneText(ac.Text); ok {
			if _, err := w.closing.ExecContext(ctx, id, series, Normalize(rest), idIn(rest), ac.Nick, ac.Time.Unix()); err != nil {
				return 0, err
			}
			continue
		}
		norm := Normalize(ac.Text)
		key := ActionID(series, norm, ac.Owners)
		var text any = ac.Text // NULL when it is its own normal form (see actionsColumns)
		if norm == ac.Text {
			text = nil
		}
		if _, err := w.action.ExecContext(ctx, id, key, norm, text,
			strings.Join(ac.Owners, " "), ac.Nick, ac.Line, ac.Time.Unix()); err != nil {
			return 0, err
		}
	}
	for _, pe := range m.People {
		if _, err := w.person.ExecContext(ctx, meeting.FoldNick(pe.Nick), id); err != nil {
			return 0, err
		}
	}
	for _, l := range p.lines {
		if l.Kind != meeting.Message {
			continue
		}
		if rest, ok := hashDone(l.Text); ok {
			if _, err := w.closing.ExecContext(ctx, id, series, Normalize(rest), idIn(rest), l.Nick, l.Time.Unix()); err != nil {
				return 0, err
			}
		}
	}
	lineRows, itemRows := ftsRows(id, m, p.lines)
	fts.lines = append(fts.lines, lineRows...)
	fts.items = append(fts.items, itemRows...)
	return id, nil
}

func countActions(m *meeting.Minutes) int {
	n := 0
	for _, ac := range m.Actions {
		if _, ok := doneText(ac.Text); !ok {
			n++
		}
	}
	return n
}

// Meeting ids are chronological: the start minute (since 1970, 26 bits)
// then seqBits bits telling apart meetings that start in the same minute.
// Lines and items get rowids of id << lineBits | number, so ordering the
// full-text tables by rowid is ordering by time, with no sort.
const seqBits = 13

func startMinute(t time.Time) int64 {
	return min(max(t.Unix()/60, 0), 1<<26-1)
}

// newMeetingID allocates the next id in a start minute's slot.
func newMeetingID(ctx context.Context, tx *sql.Tx, started time.Time) (int64, error) {
	lo := startMinute(started) << seqBits
	var top sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT max(id) FROM (SELECT max(id) id FROM meetings WHERE id BETWEEN ?1 AND ?2
		UNION ALL SELECT max(id) FROM retired WHERE id BETWEEN ?1 AND ?2)`, lo, lo|(1<<seqBits-1)).Scan(&top); err != nil {
		return 0, err
	}
	if !top.Valid {
		return lo, nil
	}
	if top.Int64&(1<<seqBits-1) == 1<<seqBits-1 {
		return 0, fmt.Errorf("more than %d meetings start in the minute of %s", 1<<seqBits, started.UTC().Format(time.RFC3339))
	}
	return top.Int64 + 1, nil
}
