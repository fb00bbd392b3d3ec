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
	"strconv"
	"strings"
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
	if len(formats) == 0 {
		return nil, nil
	}
	p, err := Render(dir, m, formats, true)
	if err != nil {
		return nil, err
	}
	defer p.Discard()
	return p.Place()
}

// Pending is a meeting's minutes rendered into temporary files beside
// their final place, not yet in place (see Render).
type Pending struct {
	dir, sub, name string
	m              *meeting.Minutes
	formats        []minutes.Format
	perm           os.FileMode
	temps          []string
	sync           bool
}

// Render is the first half of WriteMinutes: it renders every format into
// a temporary file in the meeting's directory. With sync, each is fsynced
// and Place fsyncs the directory; without, the caller makes them durable
// in bulk — SyncFS after Render and before Place (so no file is ever in
// place before its content is on disk), and SyncFS again at the end. A
// bulk import writes thousands of meetings with two syncs, not seven each.
func Render(dir string, m *meeting.Minutes, formats []minutes.Format, sync bool) (*Pending, error) {
	rel := minutes.Base(m)
	relDir, name := path.Split(rel)
	sub := filepath.Join(dir, filepath.FromSlash(relDir))
	if err := inside(dir, filepath.Join(sub, name)); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return nil, err
	}
	p := &Pending{dir: dir, sub: sub, name: name, m: m, formats: formats, perm: 0o644, temps: make([]string, len(formats)), sync: sync}
	if m.Restricted {
		p.perm = 0o600
	}
	// Formats render (and fsync) at once, one per core: renderers only
	// read m.
	errs := minutes.Each(formats, func(i int, f minutes.Format) error {
		t, err := renderTemp(sub, f, m, p.perm, sync)
		p.temps[i] = t
		return err
	})
	for i, err := range errs {
		if err != nil {
			p.Discard()
			return nil, fmt.Errorf("store: rendering %s: %w", formats[i], err)
		}
	}
	return p, nil
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
// place, deciding the base as WriteMinutes says. Call Discard after it.
func (p *Pending) Place() ([]string, error) {
	dir, sub, name, m, formats, perm, temps := p.dir, p.sub, p.name, p.m, p.formats, p.perm, p.temps
	races := 0
	// placed[i] is set once this call has put format i in place at base k
	// by renaming its temporary file away; a retry after a race keeps it.
	placed := make([]bool, len(formats))
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
		ours := sameMeeting(filepath.Join(sub, base+minutes.FormatJSON.Ext()), m)
		plan, ok, err := decide(finals, temps, placed, ours)
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
				if st, err := os.Stat(final); err == nil && st.Mode().Perm() != perm {
					os.Chmod(final, perm)
				}
			case create:
				err := os.Link(temps[i], final)
				if err != nil && !errors.Is(err, os.ErrExist) {
					// No hard links here: rename, after a last check.
					if _, lerr := os.Lstat(final); lerr == nil {
						err = os.ErrExist
					} else if err = os.Rename(temps[i], final); err == nil {
						placed[i] = true
					}
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
				placed[i] = true
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
		return finals, nil
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
// them belongs to another meeting.
func decide(finals, temps []string, placed []bool, ours bool) (plan []action, ok bool, err error) {
	plan = make([]action, len(finals))
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
			return nil, false, err
		}
		if !st.Mode().IsRegular() {
			return nil, false, nil // a directory, a symlink …: never ours
		}
		same, err := sameContent(final, temps[i])
		if err != nil {
			return nil, false, err
		}
		switch {
		case same:
			plan[i] = keep
		case ours:
			plan[i] = replace
		default:
			return nil, false, nil
		}
	}
	return plan, true, nil
}

// renderTemp renders f into a new temporary file in dir (and fsyncs it
// when sync is set).
func renderTemp(dir string, f minutes.Format, m *meeting.Minutes, perm os.FileMode, sync bool) (string, error) {
	tf, err := os.CreateTemp(dir, ".gavel-*.tmp")
	if err != nil {
		return "", err
	}
	name := tf.Name()
	err = render(tf, f, m)
	if err == nil {
		err = tf.Chmod(perm)
	}
	if err == nil && sync {
		err = tf.Sync()
	}
	if cerr := tf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// sameMeeting reports whether the JSON minutes at p describe m's meeting:
// same channel, network and start time.
func sameMeeting(p string, m *meeting.Minutes) bool {
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
	return head.Channel == m.Channel && head.Network == m.Network && head.Started.Equal(m.Started)
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
