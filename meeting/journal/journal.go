// Package journal is a meeting's write-ahead log: every channel line is
// appended here, and fsync'd, before anything else sees it. A meeting is
// its journal — replaying the file through the engine rebuilds the state,
// which is how gavel resumes after a crash.
//
// The format is JSON lines, one meeting.Line per line, after one header
// line. Readers ignore fields they do not know, so newer optional fields
// are harmless to older code.
//
// Damage never stops recording: a record that does not parse (garbage in
// the middle, a torn last line after a crash) is set aside verbatim in
// <journal>.corrupt with its byte offset, the journal is rewritten without
// it, and the meeting resumes from every good record (see Damage). One live
// journal has one writer: Open takes an exclusive lock (see lock.go).
package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
)

// Header is the first line of a journal.
type Header struct {
	Journal int    `json:"gavel_journal"`
	Network string `json:"network,omitempty"`
	Channel string `json:"channel"`
	BotNick string `json:"bot_nick,omitempty"`
}

// record is a Line on disk; short keys keep journals small. The optional
// fields (msgid, recovered, gap start) are absent from older journals and
// from lines that do not have them.
type record struct {
	T  time.Time  `json:"t"`
	N  string     `json:"n"`
	A  string     `json:"a,omitempty"`
	K  string     `json:"k"`
	X  string     `json:"x,omitempty"`
	ID string     `json:"id,omitempty"`
	R  bool       `json:"r,omitempty"`
	F  *time.Time `json:"f,omitempty"`
}

// Journal appends lines to one file.
type Journal struct {
	mu     sync.Mutex
	f      *os.File
	lock   *os.File
	path   string
	header Header
	buf    bytes.Buffer
	// off is the end of the last durable record: every write goes there,
	// and a failed write is cut back to it, so no torn record survives a
	// write error and the next record starts on a fresh line.
	off int64
	// prefix must reach the disk before the next record: a header that
	// could not be written yet (full disk at start), or the newline that
	// ends a torn line that could not be set aside.
	prefix []byte
	// cutTail is set when cutting a failed write back to off failed too;
	// the next successful write truncates after itself.
	cutTail bool
	damage  Damage
}

// Damage reports the bad records found when a journal was opened.
type Damage struct {
	// Records is how many bad records were found; Bytes their size.
	Records int
	Bytes   int64
	// Offsets are the byte offsets of the first few bad records.
	Offsets []int64
	// Aside is the file that keeps them verbatim (<journal>.corrupt).
	Aside string
	// Err is set when they could not be set aside; they then stay in the
	// journal, where readers skip them.
	Err error
}

func (d Damage) String() string {
	if d.Records == 0 {
		return ""
	}
	offs := make([]string, len(d.Offsets))
	for i, o := range d.Offsets {
		offs[i] = fmt.Sprint(o)
	}
	s := fmt.Sprintf("%d damaged journal record(s) (%d bytes, at byte %s)", d.Records, d.Bytes, strings.Join(offs, ", "))
	if len(d.Offsets) < d.Records {
		s += ", …"
	}
	if d.Err != nil {
		return s + ": " + d.Err.Error() + "; they stay in the journal, skipped by every reader"
	}
	return s + " set aside, every other line kept: see " + d.Aside
}

// Dir is where journals live: $XDG_STATE_HOME/gavel/journal, falling back
// to ~/.local/state/gavel/journal.
func Dir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "gavel", "journal"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no journal directory: %w", err)
	}
	return filepath.Join(home, ".local", "state", "gavel", "journal"), nil
}

// PathFor names the live journal of a channel on a network under dir. Both
// names are reduced to safe file-name characters, so no channel name can
// point outside dir.
func PathFor(dir, network, channel string) string {
	return filepath.Join(dir, safeName(network, "network"), safeName(channel, "channel")+".jsonl")
}

func safeName(s, fallback string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '.', r == '#', r >= 0x80 && r != utf8.RuneError:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() > 100 {
			break
		}
	}
	out := strings.Trim(b.String(), ".")
	if out == "" {
		return fallback
	}
	return out
}

// Open locks the journal at path (creating it if needed) and returns the
// lines already in it, for replay. If the file has a header, it wins over
// h. Bad records are set aside and reported by Damage; a journal another
// process holds gives a *LockedError.
func Open(path string, h Header) (*Journal, []meeting.Line, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, err
	}
	lock, err := acquire(path)
	if err != nil {
		return nil, nil, err
	}
	j, lines, err := open(path, h)
	if err != nil {
		lock.Close()
		return nil, nil, err
	}
	j.lock = lock
	return j, lines, nil
}

func open(path string, h Header) (*Journal, []meeting.Line, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, err
	}
	p, err := parse(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("journal %s: %w", path, err)
	}
	j := &Journal{f: f, path: path, header: h, off: p.size}
	if p.header != nil {
		j.header = *p.header
	} else {
		j.header.Journal = 1
	}
	if p.tornGood {
		j.prefix = []byte{'\n'}
	}
	switch {
	case len(p.bad) > 0 || (p.header == nil && p.size > 0):
		j.heal(p)
	case p.header == nil:
		j.prefix = j.headerLine()
	}
	// Best effort now; a full disk leaves the prefix for the next Append,
	// which writes it first.
	j.write(nil)
	return j, p.lines, nil
}

func (j *Journal) headerLine() []byte {
	b, _ := json.Marshal(j.header)
	return append(b, '\n')
}

// heal sets bad records aside and leaves a journal of good records only.
// When it cannot (a full disk), the bad bytes stay where they are —
// readers skip them — and the next record still starts on a fresh line.
func (j *Journal) heal(p *parsed) {
	d := &j.damage
	d.Aside = j.path + ".corrupt"
	for _, b := range p.bad {
		d.Records += b.lines
		d.Bytes += b.n
		if len(d.Offsets) < 5 {
			d.Offsets = append(d.Offsets, b.off)
		}
	}
	if len(p.bad) > 0 {
		if err := setAside(j.f, j.path, p.bad); err != nil {
			d.Err = fmt.Errorf("could not be set aside: %w", err)
		}
	}
	if d.Err == nil {
		if len(p.bad) == 1 && p.bad[0].off+p.bad[0].n == p.size && p.header != nil {
			// Just a torn tail: cut it off.
			if d.Err = j.f.Truncate(p.bad[0].off); d.Err == nil {
				j.off = p.bad[0].off
				return
			}
		} else if d.Err = j.rewrite(p); d.Err == nil {
			return
		}
		d.Err = fmt.Errorf("set aside, but the journal could not be cleaned: %w", d.Err)
	}
	if len(p.bad) > 0 {
		if last := p.bad[len(p.bad)-1]; last.off+last.n == p.size && !last.newline {
			j.prefix = []byte{'\n'}
		}
	}
}

// rewrite replaces the journal with its good records (and a header when it
// had none), through a temporary file renamed over it.
func (j *Journal) rewrite(p *parsed) error {
	tmp := j.path + ".heal"
	nf, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		nf.Close()
		os.Remove(tmp)
		return err
	}
	var out []io.Reader
	if p.header == nil {
		out = append(out, bytes.NewReader(j.headerLine()))
	}
	var at int64
	for _, b := range append(p.bad, span{off: p.size}) {
		out = append(out, io.NewSectionReader(j.f, at, b.off-at))
		at = b.off + b.n
	}
	if p.tornGood {
		out = append(out, bytes.NewReader([]byte{'\n'}))
	}
	off, err := io.Copy(nf, io.MultiReader(out...))
	if err != nil {
		return fail(err)
	}
	if err := nf.Sync(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, j.path); err != nil {
		return fail(err)
	}
	syncDir(filepath.Dir(j.path))
	j.f.Close()
	j.f, j.off, j.prefix = nf, off, nil
	return nil
}

// setAside appends each bad record, verbatim, to <path>.corrupt after a
// line that gives its offset.
func setAside(f *os.File, path string, bad []span) error {
	a, err := os.OpenFile(path+".corrupt", os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	for _, b := range bad {
		fmt.Fprintf(&out, "--- gavel: %s byte %d, %d bytes (%s):\n", filepath.Base(path), b.off, b.n, b.reason)
		if _, err := io.Copy(&out, io.NewSectionReader(f, b.off, b.n)); err != nil {
			a.Close()
			return err
		}
		if !b.newline {
			out.WriteByte('\n')
		}
	}
	if _, err := a.Write(out.Bytes()); err != nil {
		a.Close()
		return err
	}
	if err := a.Sync(); err != nil {
		a.Close()
		return err
	}
	return a.Close()
}

// Header returns the journal's header.
func (j *Journal) Header() Header { return j.header }

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Damage reports the bad records found by Open.
func (j *Journal) Damage() Damage { return j.damage }

// Append writes lines and fsyncs them; when it returns nil they are on
// disk. Several lines in one call share one fsync. When it fails nothing
// of the batch stays in the file, so the caller can retry the same lines.
func (j *Journal) Append(lines ...meeting.Line) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return errors.New("journal is closed")
	}
	j.buf.Reset()
	for _, l := range lines {
		if err := encode(&j.buf, l); err != nil {
			return err
		}
	}
	return j.write(j.buf.Bytes())
}

// write puts the pending prefix and data at off and fsyncs; on failure it
// cuts the file back to off.
func (j *Journal) write(data []byte) error {
	if len(j.prefix) > 0 {
		data = append(append([]byte(nil), j.prefix...), data...)
	}
	if len(data) == 0 {
		return nil
	}
	_, err := j.f.WriteAt(data, j.off)
	if err == nil {
		err = j.f.Sync()
	}
	if err != nil {
		j.cutTail = j.f.Truncate(j.off) != nil
		return err
	}
	j.off += int64(len(data))
	j.prefix = nil
	if j.cutTail {
		j.cutTail = j.f.Truncate(j.off) != nil
	}
	return nil
}

func encode(b *bytes.Buffer, l meeting.Line) error {
	r := record{T: l.Time.UTC(), N: l.Nick, A: l.Account, K: l.Kind.String(), X: l.Text, ID: l.MsgID, R: l.Recovered}
	if !l.From.IsZero() {
		f := l.From.UTC()
		r.F = &f
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	b.Write(data)
	b.WriteByte('\n')
	return nil
}

// Close closes the file and releases the lock.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	if j.lock != nil {
		j.lock.Close()
		j.lock = nil
	}
	return err
}

// ReadFile reads a journal's header and lines. Bad records are skipped;
// a file without a valid header gives a zero Header.
func ReadFile(path string) (Header, []meeting.Line, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, nil, err
	}
	defer f.Close()
	p, err := parse(f)
	if err != nil {
		return Header{}, nil, fmt.Errorf("journal %s: %w", path, err)
	}
	if p.header == nil {
		return Header{}, p.lines, nil
	}
	return *p.header, p.lines, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
