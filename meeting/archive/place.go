package archive

import (
	"context"
	"path/filepath"
	"sync"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
	"github.com/gavel-irc/gavel/meeting/minutes"
	"github.com/gavel-irc/gavel/meeting/store"
)

// renderedMeeting is a meeting an import rendered into temporary files,
// with what the index needs of it, read back from the very bytes of its
// .json and .log.txt (so the index holds what `gavel index` would read
// from the files, without reading them again).
type renderedMeeting struct {
	src      string // the log it came from
	rec      *importedSource
	p        *store.Pending
	min      *meeting.Minutes
	lines    []meeting.Line
	err      error             // reading the rendered files back failed
	hashes   map[string]string // extension → contentHash
	placed   []store.File
	placeErr error
}

// indexedFormats are the formats the index reads (see baseFiles.sources).
var indexedFormats = []minutes.Format{minutes.FormatJSON, minutes.FormatLogText}

// renderMeeting renders m's minutes into temporary files in the archive
// at dir and reads back, for the index, the bytes of those it reads.
func renderMeeting(ctx context.Context, dir string, m *meeting.Minutes) (*renderedMeeting, error) {
	p, err := store.Render(dir, m, minutes.AllFormats, store.RenderOptions{Keep: indexedFormats})
	if err != nil {
		return nil, err
	}
	rm := &renderedMeeting{p: p, hashes: map[string]string{}}
	jsonData, logData := p.Kept(minutes.FormatJSON), p.Kept(minutes.FormatLogText)
	rm.hashes[minutes.FormatJSON.Ext()] = contentHash(jsonData)
	rm.hashes[minutes.FormatLogText.Ext()] = contentHash(logData)
	rm.min, rm.lines, rm.err = loadMeetingCtx(ctx, minutes.Base(m), jsonData, logData, importer.MeetBotText)
	return rm, nil
}

// A batch of the placer is at least placeMin meetings (or what is left
// at the end) and at most placeMax: a sync costs the same for a few
// meetings as for a hundred.
const (
	placeMin = 64
	placeMax = 256
)

// placer puts rendered meetings in place, group-commit style: it takes
// every meeting rendered meanwhile (while the workers go on rendering),
// makes their files durable with one sync of the filesystem, renames them
// into place, and hands them to the index after the next sync, which also
// makes their names durable. So no file is in place before its content is
// on disk, and nothing is indexed before its name is — at one sync per
// batch instead of two.
type placer struct {
	a     *Archive
	st    *ImportStats
	mu    *sync.Mutex // st, importedSource.bases
	knows *indexKnows
	ids   *idMap
	out   chan<- *parsed
}

func (pl *placer) run(ctx context.Context, in <-chan *renderedMeeting) {
	var prev []*renderedMeeting // in place, names not yet synced
	for {
		batch, open := gather(in, placeMin, placeMax)
		if ctx.Err() != nil {
			for _, rm := range batch {
				rm.p.Discard()
			}
			if !open {
				return
			}
			continue
		}
		if len(batch) == 0 {
			break // in is closed
		}
		if err := store.SyncFS(pl.a.Dir); err != nil {
			pl.syncFailed(prev, batch, err)
			prev = nil
			continue
		}
		pl.emit(ctx, prev)
		prev = pl.place(batch)
	}
	if len(prev) == 0 {
		return
	}
	if err := store.SyncFS(pl.a.Dir); err != nil {
		pl.syncFailed(prev, nil, err)
		return
	}
	pl.emit(ctx, prev)
}

// gather waits for lo items (fewer when in closes), then takes those
// already waiting, up to hi; open is false once in is closed and drained.
func gather[T any](in <-chan T, lo, hi int) (batch []T, open bool) {
	for len(batch) < lo {
		x, ok := <-in
		if !ok {
			return batch, false
		}
		batch = append(batch, x)
	}
	for len(batch) < hi {
		select {
		case x, ok := <-in:
			if !ok {
				return batch, false
			}
			batch = append(batch, x)
		default:
			return batch, true
		}
	}
	return batch, true
}

// syncFailed reports a failed sync: the meetings rendered are dropped
// (their files were never in place), those placed are not indexed (their
// names may not survive a crash; the next Refresh finds what did).
func (pl *placer) syncFailed(placed, batch []*renderedMeeting, err error) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if len(placed) > 0 {
		pl.st.Errors = append(pl.st.Errors, FileError{pl.a.Dir, err})
	}
	for _, rm := range batch {
		rm.p.Discard()
		pl.st.Errors = append(pl.st.Errors, FileError{rm.src, err})
		if rm.rec != nil {
			rm.rec.failed = true
		}
	}
}

// place puts a synced batch in place and returns the meetings placed.
func (pl *placer) place(batch []*renderedMeeting) []*renderedMeeting {
	var placed []*renderedMeeting
	for _, rm := range batch {
		rm.placed, rm.placeErr = rm.p.Place()
		rm.p.Discard()
		pl.mu.Lock()
		if rm.placeErr != nil {
			pl.st.Errors = append(pl.st.Errors, FileError{rm.src, rm.placeErr})
			if rm.rec != nil {
				rm.rec.failed = true
			}
		} else {
			pl.st.Meetings++
			if rm.rec != nil {
				rm.rec.bases = append(rm.rec.bases, pl.a.baseOf(rm.placed))
			}
			placed = append(placed, rm)
		}
		pl.mu.Unlock()
	}
	return placed
}

// emit hands meetings whose names are durable to the index. Every write
// is indexed, even of a base seen before in this run (the store may have
// replaced its files), unless its files are exactly as indexed.
func (pl *placer) emit(ctx context.Context, placed []*renderedMeeting) {
	for _, rm := range placed {
		bf := &baseFiles{base: pl.a.baseOf(rm.placed)}
		for _, f := range rm.placed {
			rel := pl.a.rel(f.Path)
			_, ext, ok := splitSource(rel)
			if !ok {
				continue
			}
			bf.set(ext, &src{rel: rel, size: f.Size, mtime: f.MTime.UnixNano(), hash: rm.hashes[ext]})
		}
		// (A lookup that fails reads as not indexed: the writer, which
		// looks again in its transaction, then indexes the meeting anew.)
		id, had, _ := pl.ids.get(ctx, pl.a.db, bf.base)
		srcs := bf.sources()
		var indexed map[string]*fileRow
		if had {
			indexed = pl.knows.filesOf(ctx, id)
		}
		if had && unchanged(srcs, indexed, len(indexed)) {
			pl.mu.Lock()
			pl.st.Index.Unchanged++
			pl.mu.Unlock()
			continue
		}
		p := &parsed{bf: bf, srcs: srcs, min: rm.min, lines: rm.lines, err: rm.err}
		p.touch = sameContent(srcs, indexed, id, had)
		select {
		case pl.out <- p:
		case <-ctx.Done():
			return
		}
	}
}

// rel is the slash-separated path of p in the archive.
func (a *Archive) rel(p string) string {
	r, err := filepath.Rel(a.Dir, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}

// baseOf is the base of a meeting's placed files: the path of its .json
// (or log) without the extension.
func (a *Archive) baseOf(files []store.File) string {
	for _, f := range files {
		if base, _, ok := splitSource(a.rel(f.Path)); ok {
			return base
		}
	}
	return ""
}
