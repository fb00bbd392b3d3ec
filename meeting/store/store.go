// Package store writes a meeting's minutes files into an archive
// directory, in zodbot's layout (see minutes.Base), atomically and without
// clobbering another meeting's files.
package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

// maxSuffix bounds the "-2", "-3" … suffixes tried before giving up.
const maxSuffix = 1000

// maxRaces bounds how often WriteMinutes decides again after another
// writer created one of its files between the decision and the write.
const maxRaces = 10

// render is minutes.Render; tests replace it to make a writer fail.
var render = minutes.Render

// noReplace is renameNoReplace; tests replace it to take the fallback of
// systems without it.
var noReplace = renameNoReplace

// WriteMinutes renders m in each of formats and writes the files under dir
// at minutes.Base(m) + "." + format, creating directories as needed. It
// returns the paths written (dir joined with the relative path), in
// formats order.
//
// Every file is written atomically: rendered into a temporary file in its
// final directory, fsynced, then linked or renamed into place, and the
// directory is fsynced. A failing renderer leaves no file behind.
//
// Files are never clobbered silently. When a file of the same name
// already exists:
//   - it is the same meeting — the ".json" file of that base names the
//     same channel, network and start time — and is overwritten: this is
//     how #save and then #endmeeting update the files of one meeting;
//   - or it holds exactly the bytes this call would write, and it is left
//     alone (its path is still returned);
//   - otherwise the base gets a suffix, "-2", "-3" …, the same one for
//     every format of this meeting.
//
// Concurrent calls are safe: when another writer creates one of the files
// between the decision and the write, the decision is taken again, so the
// same meeting written twice at once ends as one set of files and two
// meetings sharing a base end under two suffixes.
//
// Files are 0600 when the meeting is restricted (#restrictlogs), else
// 0644. Each final path is checked to lie inside dir.
func WriteMinutes(dir string, m *meeting.Minutes, formats []minutes.Format) ([]string, error) {
	return writeMinutes(dir, m, formats, RenderOptions{Sync: true})
}

// WriteMeeting is WriteMinutes for a meeting: the logs start rendering
// while its items are gathered (see RenderOptions.Full).
func WriteMeeting(dir string, mt *meeting.Meeting, formats []minutes.Format) ([]string, error) {
	return writeMinutes(dir, mt.LogMinutes(), formats, RenderOptions{Sync: true, Full: mt.Minutes})
}

func writeMinutes(dir string, m *meeting.Minutes, formats []minutes.Format, opts RenderOptions) ([]string, error) {
	if len(formats) == 0 {
		return nil, nil
	}
	p, err := Render(dir, m, formats, opts)
	if err != nil {
		return nil, err
	}
	defer p.Discard()
	placed, err := p.Place()
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(placed))
	for i, f := range placed {
		paths[i] = f.Path
	}
	return paths, nil
}

// RenderOptions say how Render writes.
type RenderOptions struct {
	// Sync fsyncs each file, and Place the directory. Without it, the
	// caller makes them durable in bulk (see Render).
	Sync bool
	// Keep lists the formats whose bytes Pending.Kept hands back, so that
	// a caller indexing them need not read them again.
	Keep []minutes.Format
	// Full, when set, gives the whole minutes, and the minutes handed to
	// Render need only be what the logs are rendered from
	// (Meeting.LogMinutes): the logs start at once, and Full runs beside
	// them, for the other formats. A long meeting's items take a while to
	// gather.
	Full func() *meeting.Minutes
}

// File is a file Place put in place, or found there already identical.
type File struct {
	Path  string
	Size  int64
	MTime time.Time
}

// Pending is a meeting's minutes rendered into temporary files beside
// their final place, not yet in place (see Render).
type Pending struct {
	dir, sub, name string
	// who is the meeting (not its minutes, which Pending does not hold
	// on to: a bulk import keeps many Pendings at once).
	who      meetingKey
	formats  []minutes.Format
	perm     os.FileMode
	temps    []string // "" once renamed into place or removed
	rendered []tempFile
	sync     bool
}

// Render is the first half of WriteMinutes: it renders every format into
// a temporary file in the meeting's directory. With opts.Sync, each is
// fsynced and Place fsyncs the directory; without, the caller makes them
// durable in bulk — SyncFS after Render and before Place (so no file is
// ever in place before its content is on disk), and SyncFS again before
// relying on the names. A bulk import writes hundreds of meetings per
// sync, not seven syncs each.
func Render(dir string, m *meeting.Minutes, formats []minutes.Format, opts RenderOptions) (*Pending, error) {
	rel := minutes.Base(m)
	relDir, name := path.Split(rel)
	sub := filepath.Join(dir, filepath.FromSlash(relDir))
	if err := inside(dir, filepath.Join(sub, name)); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return nil, err
	}
	p := &Pending{dir: dir, sub: sub, name: name, who: keyOf(m), formats: formats, perm: 0o644,
		temps: make([]string, len(formats)), rendered: make([]tempFile, len(formats)), sync: opts.Sync}
	if m.Restricted {
		p.perm = 0o600
	}
	// Formats render at once, one per core: renderers only read m. An
	// fsync waits on the disk, not on a core: each is waited for on a
	// goroutine of its own while the core renders the next format.
	full := func() *meeting.Minutes { return m }
	if opts.Full != nil && slices.ContainsFunc(formats, func(f minutes.Format) bool { return !f.LogOnly() }) {
		full = sync.OnceValue(opts.Full)
		go full()
	}
	var syncs sync.WaitGroup
	syncErrs := make([]error, len(formats))
	errs := minutes.Each(formats, func(i int, f minutes.Format) error {
		m := m
		if !f.LogOnly() {
			m = full()
		}
		o, err := writeTemp(sub, f, m, p.perm, opts.Sync, slices.Contains(opts.Keep, f))
		if err != nil {
			return err
		}
		p.temps[i] = o.t.name
		if !opts.Sync {
			p.rendered[i], err = o.finish()
			return err
		}
		syncs.Go(func() { p.rendered[i], syncErrs[i] = o.finish() })
		return nil
	})
	syncs.Wait()
	for i, err := range syncErrs {
		if errs[i] == nil {
			errs[i] = err
		}
	}
	for i, err := range errs {
		if err != nil {
			p.Discard()
			return nil, fmt.Errorf("store: rendering %s: %w", formats[i], err)
		}
	}
	return p, nil
}

// Kept hands over what format f rendered to, when Render was asked to
// keep it (else nil): the bytes of its file, whichever base Place puts it
// at. Pending forgets them then: a bulk import keeps many Pendings at once.
func (p *Pending) Kept(f minutes.Format) []byte {
	if i := slices.Index(p.formats, f); i >= 0 {
		b := p.rendered[i].data
		p.rendered[i].data = nil
		return b
	}
	return nil
}

// Discard removes the temporary files left (all of them before Place,
// the hard-linked ones after).
func (p *Pending) Discard() {
	for i, t := range p.temps {
		if t != "" {
			os.Remove(t)
			p.temps[i] = ""
		}
	}
}

// Place is the second half of WriteMinutes: it puts the rendered files in
// place, deciding the base as WriteMinutes says, and describes them in
// formats order. Call Discard after it.
//
// A new file is renamed into place with RENAME_NOREPLACE (one operation,
// and never over a file that appeared meanwhile); where the system cannot,
// it is hard-linked (also never over a file) and Discard unlinks the
// temporary name.
func (p *Pending) Place() ([]File, error) {
	dir, sub, name, formats, perm, temps := p.dir, p.sub, p.name, p.formats, p.perm, p.temps
	races := 0
	// placed[i] is set once this call has put format i in place at base k
	// by renaming its temporary file away; a retry after a race keeps it.
	placed := make([]bool, len(formats))
	out := make([]File, len(formats))
	// ours describes format i's rendered file at path.
	ours := func(i int, path string) File {
		r := p.rendered[i]
		return File{Path: path, Size: r.size, MTime: r.mtime}
	}
	for k := 1; k <= maxSuffix; k++ {
		base := name
		if k > 1 {
			base += "-" + strconv.Itoa(k)
		}
		finals := make([]string, len(formats))
		for i, f := range formats {
			finals[i] = filepath.Join(sub, base+f.Ext())
			if err := inside(dir, finals[i]); err != nil {
				return nil, err
			}
		}
		same := sameMeeting(filepath.Join(sub, base+minutes.FormatJSON.Ext()), p.who)
		plan, kept, ok, err := decide(finals, temps, placed, same)
		if err != nil {
			return nil, err
		}
		if !ok {
			for _, p := range placed {
				if p {
					return nil, fmt.Errorf("store: %s: another meeting's files appeared while writing", filepath.Join(sub, base))
				}
			}
			continue
		}
		raced := false
		for i, final := range finals {
			if raced {
				break
			}
			switch plan[i] {
			case keep:
				if kept[i].Mode().Perm() != perm {
					os.Chmod(final, perm)
				}
				out[i] = File{Path: final, Size: kept[i].Size(), MTime: kept[i].ModTime()}
			case create:
				err := noReplace(temps[i], final)
				if err == nil {
					placed[i], temps[i] = true, ""
				} else if errors.Is(err, errors.ErrUnsupported) {
					err = os.Link(temps[i], final)
					if err != nil && !errors.Is(err, os.ErrExist) {
						// No hard links here either: rename, after a last
						// check.
						if _, lerr := os.Lstat(final); lerr == nil {
							err = os.ErrExist
						} else if err = os.Rename(temps[i], final); err == nil {
							placed[i], temps[i] = true, ""
						}
					}
				}
				if err == nil {
					out[i] = ours(i, final)
				}
				if errors.Is(err, os.ErrExist) {
					// Another writer got there first (the same log
					// given twice, two processes): decide again for
					// this base — what is there now may be identical,
					// ours, or another meeting's.
					if races++; races > maxRaces {
						return nil, fmt.Errorf("store: %s keeps appearing while writing", final)
					}
					raced = true
					break
				}
				if err != nil {
					return nil, err
				}
			case replace:
				if err := os.Rename(temps[i], final); err != nil {
					return nil, err
				}
				placed[i], temps[i] = true, ""
				out[i] = ours(i, final)
			}
		}
		if raced {
			k--
			continue
		}
		if p.sync {
			if err := syncDir(sub); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("store: %s: more than %d meetings with this name and start minute", filepath.Join(sub, name), maxSuffix)
}

type action uint8

const (
	create  action = iota // no file yet
	keep                  // an identical file is there
	replace               // our own earlier file is there
	done                  // this call already put it there
)

// decide says what to do with each final path, or ok=false when one of
// them belongs to another meeting; kept[i] describes the identical file
// found at finals[i] when plan[i] is keep.
func decide(finals, temps []string, placed []bool, ours bool) (plan []action, kept []os.FileInfo, ok bool, err error) {
	plan = make([]action, len(finals))
	kept = make([]os.FileInfo, len(finals))
	for i, final := range finals {
		if placed[i] {
			plan[i] = done
			continue
		}
		st, err := os.Lstat(final)
		if errors.Is(err, os.ErrNotExist) {
			plan[i] = create
			continue
		}
		if err != nil {
			return nil, nil, false, err
		}
		if !st.Mode().IsRegular() {
			return nil, nil, false, nil // a directory, a symlink …: never ours
		}
		same, err := sameContent(final, temps[i])
		if err != nil {
			return nil, nil, false, err
		}
		switch {
		case same:
			plan[i], kept[i] = keep, st
		case ours:
			plan[i] = replace
		default:
			return nil, nil, false, nil
		}
	}
	return plan, kept, true, nil
}

// renderBufs are the write buffers of renderTemp (see there).
var renderBufs = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// tempFile is a rendered temporary file: its size and mtime (which a
// rename or link into place keeps), and its bytes when asked to keep them.
type tempFile struct {
	name  string
	size  int64
	mtime time.Time
	data  []byte
}

// renderTemp renders f into a new temporary file in dir (and fsyncs it
// when durable is set); with keep, the bytes are kept too.
func renderTemp(dir string, f minutes.Format, m *meeting.Minutes, perm os.FileMode, durable, keep bool) (tempFile, error) {
	o, err := writeTemp(dir, f, m, perm, durable, keep)
	if err != nil {
		return tempFile{}, err
	}
	return o.finish()
}

// openTemp is a rendered temporary file not yet finished (see finish).
type openTemp struct {
	f       *os.File
	t       tempFile
	durable bool
	kept    *bytes.Buffer
}

// writeTemp is the first half of renderTemp: it renders f into a new
// temporary file in dir and leaves it open.
func writeTemp(dir string, f minutes.Format, m *meeting.Minutes, perm os.FileMode, durable, keep bool) (*openTemp, error) {
	tf, err := os.CreateTemp(dir, ".gavel-*.tmp")
	if err != nil {
		return nil, err
	}
	o := &openTemp{f: tf, t: tempFile{name: tf.Name()}, durable: durable}
	var w io.Writer = tf
	if durable {
		w = &writebackFile{f: tf}
	}
	if keep {
		o.kept = new(bytes.Buffer)
		w = io.MultiWriter(w, o.kept)
	}
	// The renderers buffer their output in a bufio.Writer of their own
	// unless handed one as large: a pooled one saves a 64 KiB buffer per
	// file, most of what rendering a meeting allocates.
	bw := renderBufs.Get().(*bufio.Writer)
	bw.Reset(w)
	err = render(bw, f, m)
	if err == nil {
		err = bw.Flush()
	}
	bw.Reset(nil)
	renderBufs.Put(bw)
	if err == nil {
		err = tf.Chmod(perm)
	}
	if err != nil {
		tf.Close()
		os.Remove(o.t.name)
		return nil, err
	}
	return o, nil
}

// finish is the second half of renderTemp: it fsyncs the file when
// durable, records its size and mtime, and closes it.
func (o *openTemp) finish() (tempFile, error) {
	var err error
	if o.durable {
		err = o.f.Sync()
	}
	if err == nil {
		// The mtime of these bytes, taken from the file itself: should it
		// be written again later, its mtime moves on from this one.
		var st os.FileInfo
		if st, err = o.f.Stat(); err == nil {
			o.t.size, o.t.mtime = st.Size(), st.ModTime()
		}
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(o.t.name)
		return tempFile{}, err
	}
	if o.kept != nil {
		o.t.data = o.kept.Bytes()
	}
	return o.t, nil
}

// meetingKey is what tells meetings apart: channel, network and start.
type meetingKey struct {
	channel, network string
	started          time.Time
}

func keyOf(m *meeting.Minutes) meetingKey { return meetingKey{m.Channel, m.Network, m.Started} }

// sameMeeting reports whether the JSON minutes at p describe meeting m:
// same channel, network and start time.
func sameMeeting(p string, m meetingKey) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var head struct {
		Channel string    `json:"channel"`
		Network string    `json:"network"`
		Started time.Time `json:"started"`
	}
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(&head); err != nil {
		return false
	}
	return head.Channel == m.channel && head.Network == m.network && head.Started.Equal(m.started)
}

// sameContent compares two files byte for byte.
func sameContent(a, b string) (bool, error) {
	fa, err := os.Open(a)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	sa, err := fa.Stat()
	if err != nil {
		return false, err
	}
	sb, err := fb.Stat()
	if err != nil {
		return false, err
	}
	if sa.Size() != sb.Size() {
		return false, nil
	}
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false, nil
		}
		if ea == io.EOF || ea == io.ErrUnexpectedEOF {
			return eb == io.EOF || eb == io.ErrUnexpectedEOF, nil
		}
		if ea != nil {
			return false, ea
		}
		if eb != nil {
			return false, eb
		}
	}
}

// inside makes sure p lies within dir (defense in depth: minutes.Base is
// already sanitised).
func inside(dir, p string) error {
	r, err := filepath.Rel(dir, p)
	if err != nil || r == "." || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return fmt.Errorf("store: %q escapes the archive %q", p, dir)
	}
	return nil
}

// syncDir fsyncs a directory so renames in it survive a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
