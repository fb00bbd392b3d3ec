// Package journal is a meeting's write-ahead log: every channel line is
// appended here, and fsync'd, before anything else sees it. A meeting is
// its journal — replaying the file through the engine rebuilds the state,
// which is how gavel resumes after a crash.
//
// The format is JSON lines, one meeting.Line per line, after one header
// line. A torn last line (a crash mid-write) is dropped on open; every
// line before it was fsync'd and survives.
package journal

import (
	"bufio"
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
	path   string
	header Header
	buf    bytes.Buffer
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

// Open opens (creating if needed) the journal at path and returns the lines
// already in it, for replay. A torn last line is cut off. If the file
// exists, its header wins over h.
func Open(path string, h Header) (*Journal, []meeting.Line, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, err
	}
	j := &Journal{f: f, path: path, header: h}
	lines, good, hdr, err := read(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("journal %s: %w", path, err)
	}
	if hdr != nil {
		j.header = *hdr
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, nil, err
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	if hdr == nil {
		j.header.Journal = 1
		b, _ := json.Marshal(j.header)
		if _, err := f.Write(append(b, '\n')); err != nil {
			f.Close()
			return nil, nil, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, nil, err
		}
		syncDir(filepath.Dir(path))
	}
	return j, lines, nil
}

// Header returns the journal's header.
func (j *Journal) Header() Header { return j.header }

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Append writes lines and fsyncs them; when it returns nil they are on
// disk. Several lines in one call share one fsync.
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
	if _, err := j.f.Write(j.buf.Bytes()); err != nil {
		return err
	}
	return j.f.Sync()
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

// Rotate closes the journal and moves it to done (creating its directory),
// then starts a fresh, empty journal at the old path. A finished meeting's
// journal is kept beside its minutes so they can be regenerated.
func (j *Journal) Rotate(done string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.f.Close(); err != nil {
		return err
	}
	j.f = nil
	if err := os.MkdirAll(filepath.Dir(done), 0o755); err != nil {
		return err
	}
	if err := os.Rename(j.path, done); err != nil {
		return err
	}
	syncDir(filepath.Dir(done))
	f, err := os.OpenFile(j.path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	j.f = f
	b, _ := json.Marshal(j.header)
	if _, err := f.Write(append(b, '\n')); err != nil {
		return err
	}
	return f.Sync()
}

// Close closes the file.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}

// ReadFile reads a journal's header and lines.
func ReadFile(path string) (Header, []meeting.Line, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, nil, err
	}
	defer f.Close()
	lines, _, hdr, err := read(f)
	if err != nil {
		return Header{}, nil, fmt.Errorf("journal %s: %w", path, err)
	}
	if hdr == nil {
		return Header{}, nil, fmt.Errorf("journal %s: empty", path)
	}
	return *hdr, lines, nil
}

// read parses a journal from the start and reports the offset just after
// the last complete, valid line.
func read(r io.Reader) (lines []meeting.Line, good int64, hdr *Header, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	for {
		raw, rerr := br.ReadBytes('\n')
		if rerr == io.EOF {
			return lines, off, hdr, nil // a torn last line, if any, is dropped
		}
		if rerr != nil {
			return nil, 0, nil, rerr
		}
		if hdr == nil {
			var h Header
			if json.Unmarshal(raw, &h) != nil || h.Journal == 0 {
				return nil, 0, nil, errors.New("not a gavel journal (bad header)")
			}
			hdr = &h
			off += int64(len(raw))
			continue
		}
		var rec record
		if json.Unmarshal(raw, &rec) != nil {
			// Only the last line can be torn; a bad line with more after
			// it is damage we refuse to guess about.
			if _, perr := br.Peek(1); perr == io.EOF {
				return lines, off, hdr, nil
			}
			return nil, 0, nil, fmt.Errorf("corrupt line at byte %d", off)
		}
		k, ok := meeting.ParseKind(rec.K)
		if !ok {
			return nil, 0, nil, fmt.Errorf("unknown line kind %q at byte %d", rec.K, off)
		}
		l := meeting.Line{Time: rec.T, Nick: rec.N, Account: rec.A, Kind: k, Text: rec.X, MsgID: rec.ID, Recovered: rec.R}
		if rec.F != nil {
			l.From = *rec.F
		}
		lines = append(lines, l)
		off += int64(len(raw))
	}
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
