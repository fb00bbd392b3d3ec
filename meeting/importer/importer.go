// Package importer turns existing IRC logs into meeting.Lines.
//
// It reads MeetBot .log.txt and .log.html logs (Darst, Fedora zodbot,
// OpenStack and hcoop flavours), irssi logs and WeeChat logs. Readers are
// streaming: they hold one line at a time, take an io.Reader (the caller
// opens files, see OpenFile), never read the clock and never panic on
// hostile input; text is kept as data for the renderers to escape.
//
//	r := importer.New(f, importer.Options{Name: "heat-2012-04-02.log.txt"})
//	for r.Next() {
//		l := r.Line()
//		...
//	}
//	if err := r.Err(); err != nil { ... }
//
// The format is detected from the first lines unless Options.Format forces
// one. Lines that are not log lines (download headers, mode changes, server
// messages) are skipped. Input that is not valid UTF-8 is decoded as
// Latin-1, one line at a time. All times are UTC.
package importer

import (
	"context"
	"errors"
	"io"
	"iter"
	"time"
	"unsafe"

	"github.com/gavel-irc/gavel/meeting"
)

// Format is a log format the importer reads.
type Format uint8

const (
	// Auto detects the format from the first non-empty lines.
	Auto Format = iota
	// MeetBotText is MeetBot's raw .log.txt: "HH:MM:SS <nick> text" and
	// "HH:MM:SS * nick text" (also "[HH:MM]" and mode-prefixed nicks).
	MeetBotText
	// MeetBotHTML is MeetBot's .log.html: a <pre> with one anchored,
	// span-marked line per message.
	MeetBotHTML
	// Irssi is an irssi channel log with "--- Log opened" / "--- Day changed"
	// lines and "-!-" events.
	Irssi
	// WeeChat is a WeeChat log: "YYYY-MM-DD HH:MM:SS<TAB>prefix<TAB>text".
	WeeChat
)

var formatNames = [...]string{"auto", "meetbot-txt", "meetbot-html", "irssi", "weechat"}

// String returns the format's name as ParseFormat accepts it.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "unknown"
}

// ParseFormat is the inverse of Format.String. It also accepts a few
// aliases: "txt", "log.txt", "meetbot", "html", "log.html".
func ParseFormat(s string) (Format, bool) {
	for i, n := range formatNames {
		if n == s {
			return Format(i), true
		}
	}
	switch s {
	case "", "detect":
		return Auto, true
	case "txt", "log.txt", "meetbot", "text":
		return MeetBotText, true
	case "html", "log.html":
		return MeetBotHTML, true
	}
	return Auto, false
}

// ErrUnknownFormat is returned by Reader.Err when Options.Format is Auto and
// the first lines of a non-empty input match none of the formats.
var ErrUnknownFormat = errors.New("importer: unrecognised log format")

// Options configure a Reader. The zero value detects the format and dates
// undated logs 1970-01-01 unless the log itself says otherwise.
type Options struct {
	// Format forces a format; Auto (zero) detects it.
	Format Format
	// Date is the day of the meeting for formats whose lines carry only a
	// time of day (MeetBot logs, irssi logs before their first "Log opened"
	// line). Only its year, month and day are used. Zero means unknown.
	Date time.Time
	// Name is the log's file name (a path is fine). When Date is zero, a
	// date in it ("heat-2012-04-02.log.txt",
	// "chan.2012-04-02-21.00.log.txt", "x.20210413.0206.log.html") is used.
	// Failing both, a MeetBot log is dated by its bot's "Meeting started
	// Mon Apr  2 21:00:11 2012 UTC." line if one is among its first 256
	// lines; else 1970-01-01 (see Reader.DateKnown).
	Name string
	// Context, when set, stops the reading: once it is done the next read
	// fails with its error (Reader.Err), also in the middle of a line of
	// any length (/dev/zero).
	Context context.Context
}

// Read-ahead bounds: detectLines lines settle the format; MeetBot logs of
// unknown date are searched for the bot's "Meeting started" line up to
// dateLines lines (an HTML log's stylesheet comes first); never more than
// detectBytes bytes are held.
const (
	detectLines = 64
	dateLines   = 256
	detectBytes = 1 << 20
)

// Reader reads meeting.Lines from a log. Create one with New.
type Reader struct {
	lr     lineReader
	format Format
	forced bool

	detected bool
	err      error

	// queued holds lines read ahead during detection, replayed first.
	queued [][]byte
	qpos   int

	// Day handling: day is the Unix time of the current day's midnight
	// (UTC); last is the previous time of day in seconds, -1 if none.
	day       int64
	dateKnown bool
	last      int

	// WeeChat's per-line dates: the last date seen and its midnight.
	lastDate [10]byte
	lastDay  int64

	line       meeting.Line
	lineNo     int
	filledNext bool // a GapFilled record comes next (gap.go)

	// Lines neither read as log lines nor knowingly ignored (Unparsed);
	// pending ones wait for a log line after them to count.
	unparsed Unparsed
	pending  Unparsed
	anyLine  bool

	nicks     map[string]string
	nickCache [256]string
	scratch   []byte // Latin-1 decoding / HTML tag stripping
	scratch2  []byte
	slab      []byte // where line texts are copied (see text)
}

// New returns a Reader over rd. Nothing is read until the first call to
// Next (or Format).
func New(rd io.Reader, opts Options) *Reader {
	r := &Reader{
		format: opts.Format,
		forced: opts.Format != Auto,
		last:   -1,
		nicks:  make(map[string]string, 64),
	}
	if opts.Context != nil {
		rd = ctxReader{opts.Context, rd}
	}
	r.lr.init(rd)
	if !opts.Date.IsZero() {
		y, m, d := opts.Date.Date()
		r.day = time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
		r.dateKnown = true
	} else if t, ok := DateFromName(opts.Name); ok {
		r.day = t.Unix()
		r.dateKnown = true
	}
	return r
}

// Format returns the log's format, detecting it (reading ahead) if needed.
// It is Auto when the input is empty or unrecognised.
func (r *Reader) Format() Format {
	r.detect()
	return r.format
}

// DateKnown reports whether the date of the lines came from somewhere
// (Options.Date, Options.Name, or the log itself) rather than the
// 1970-01-01 fallback. Before the first Next it reflects the options and a
// MeetBot log's "Meeting started" line; irssi and WeeChat logs make it
// true once a dated line ("Log opened", "Day changed", any WeeChat line)
// has been read.
func (r *Reader) DateKnown() bool {
	r.detect()
	return r.dateKnown
}

// Line returns the line read by the last successful call to Next.
func (r *Reader) Line() meeting.Line { return r.line }

// LineNo returns the 1-based number, in the input, of the line returned by
// Line.
func (r *Reader) LineNo() int { return r.lineNo }

// Err returns the first error met: a read error from the underlying
// reader, or ErrUnknownFormat. It is nil at a clean end of input.
func (r *Reader) Err() error { return r.err }

// Next advances to the next log line, skipping input lines that are not
// log lines. It returns false at the end of input or on error.
func (r *Reader) Next() bool {
	r.detect()
	if r.format == Auto {
		return false
	}
	if r.takeFilled() {
		return true
	}
	for {
		b, ok := r.nextRaw()
		if !ok {
			return false
		}
		b = r.toUTF8(b)
		var got bool
		switch r.format {
		case MeetBotText:
			got = r.parseText(b, false)
		case Irssi:
			got = r.parseText(b, true)
		case MeetBotHTML:
			got = r.parseHTML(b)
		case WeeChat:
			got = r.parseWeeChat(b)
		}
		if got {
			r.anyLine = true
			r.unparsed.add(r.pending)
			r.pending = Unparsed{}
			return true
		}
		if r.anyLine && r.unreadable(b) {
			r.pending.note(r.lineNo)
		}
	}
}

// nextRaw returns the next input line (without its line ending), from the
// detection queue first.
func (r *Reader) nextRaw() ([]byte, bool) {
	if r.qpos < len(r.queued) {
		b := r.queued[r.qpos]
		r.queued[r.qpos] = nil
		r.qpos++
		r.lineNo++
		if r.qpos == len(r.queued) {
			r.queued = nil
			r.qpos = 0
		}
		return b, true
	}
	if r.err != nil {
		return nil, false
	}
	b, err := r.lr.next()
	if err != nil {
		if err != io.EOF {
			r.err = err
		}
		return nil, false
	}
	r.lineNo++
	return b, true
}

// detect reads ahead up to detectLines lines to find the format (when not
// forced) and, for MeetBot logs of unknown date, the date in the bot's
// "Meeting started" line.
func (r *Reader) detect() {
	if r.detected {
		return
	}
	r.detected = true
	needFormat := !r.forced
	needDate := !r.dateKnown && (r.format == Auto || r.format == MeetBotText || r.format == MeetBotHTML)
	if !needFormat && !needDate {
		return
	}
	var d detector
	size := 0
	for len(r.queued) < dateLines && size < detectBytes {
		b, err := r.lr.next()
		if err != nil {
			if err != io.EOF {
				r.err = err
			}
			break
		}
		cp := make([]byte, len(b))
		copy(cp, b)
		r.queued = append(r.queued, cp)
		size += len(b)
		if needFormat {
			d.add(cp)
			if d.decided() || len(r.queued) >= detectLines {
				needFormat = false
				r.format = d.result()
				needDate = needDate && (r.format == MeetBotText || r.format == MeetBotHTML)
			}
		}
		if needDate && r.findStartDate(cp) {
			needDate = false
		}
		if !needFormat && !needDate {
			break
		}
	}
	if needFormat {
		r.format = d.result()
	}
	if r.format == Auto && d.nonEmpty && r.err == nil {
		r.err = ErrUnknownFormat
	}
}

// findStartDate looks for MeetBot's "Meeting started Mon Apr  2 21:00:11
// 2012 UTC." in a (raw) line and, if found, sets the day from it.
func (r *Reader) findStartDate(b []byte) bool {
	const marker = "Meeting started "
	i := indexString(b, marker)
	if i < 0 {
		return false
	}
	t, ok := parseCtime(b[i+len(marker):])
	if !ok {
		return false
	}
	r.day = t
	r.dateKnown = true
	return true
}

// All returns the lines of the log read from rd, as a sequence. A read
// error (or ErrUnknownFormat) is yielded once, last, with a zero Line.
func All(rd io.Reader, opts Options) iter.Seq2[meeting.Line, error] {
	return func(yield func(meeting.Line, error) bool) {
		r := New(rd, opts)
		for r.Next() {
			if !yield(r.Line(), nil) {
				return
			}
		}
		if err := r.Err(); err != nil {
			yield(meeting.Line{}, err)
		}
	}
}

// intern returns a string equal to b, shared between lines with the same
// nick: a small direct-mapped cache in front of a map.
func (r *Reader) intern(b []byte) string {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	e := &r.nickCache[h%uint32(len(r.nickCache))]
	if *e == string(b) && len(b) > 0 {
		return *e
	}
	s, ok := r.nicks[string(b)]
	if !ok {
		s = string(b)
		if len(r.nicks) < 8192 {
			r.nicks[s] = s
		}
	}
	*e = s
	return s
}

// textSlab is how many bytes of line text share one allocation.
const textSlab = 32 << 10

// text returns b as a string of its own (callers keep lines): copied into
// a slab shared with the texts of the lines around it, one allocation for
// hundreds of lines instead of one each — a long log's lines are most of
// what reading it allocates. A slab is only ever appended to, so the
// bytes under a string never change; a line kept alone keeps its slab
// alive, at most textSlab bytes.
func (r *Reader) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > textSlab/8 {
		return string(b)
	}
	if cap(r.slab)-len(r.slab) < len(b) {
		r.slab = make([]byte, 0, textSlab)
	}
	start := len(r.slab)
	r.slab = append(r.slab, b...)
	return unsafe.String(&r.slab[start], len(b))
}

// emit fills r.line for a line at seconds-of-day secs on the current day,
// advancing the day when the time goes back by more than 12 hours.
func (r *Reader) emit(secs int, kind meeting.Kind, nick []byte, txt []byte) {
	if r.last >= 0 && secs < r.last-12*3600 {
		r.day += 86400
	}
	r.last = secs
	r.line = meeting.Line{
		Time: time.Unix(r.day+int64(secs), 0).UTC(),
		Nick: r.intern(nick),
		Kind: kind,
		Text: r.text(txt),
	}
}
