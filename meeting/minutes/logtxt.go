package minutes

import (
	"bufio"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// LogText writes the .log.txt: MeetBot's raw log, "HH:MM:SS <nick> text"
// for a message and "HH:MM:SS * nick text" for an action, one line each,
// with no newline after the last (as MeetBot writes it). CR and LF become
// spaces, so one said line is one file line; other control characters but
// TAB and the mIRC formatting codes are shown visibly (plaintext.Show:
// ESC as ^[), so reading the file cannot drive a terminal. Every other byte
// is kept, so the file reads back through meeting/importer as said.
// A gap in the record is a line of its own, "HH:MM:SS -!- not connected
// from …" (gaps.go), which meeting/importer reads back as the gap.
func LogText(w io.Writer, m *meeting.Minutes) error {
	b := bufio.NewWriterSize(w, 64<<10)
	gaps := gapCursor(m.Gaps)
	first := true
	newLine := func() {
		if !first {
			b.WriteByte('\n')
		}
		first = false
	}
	out, buf := newLogOut(b, m.Log.Len()*64) // "HH:MM:SS <nick> text" runs about 60 bytes
	for n, l := range m.Log.All() {
		if g := gaps.before(n); len(g) > 0 {
			buf = out.flush(buf)
			for _, g := range g {
				newLine()
				b.WriteString(gapMark(g))
			}
		}
		if !first {
			buf = append(buf, '\n')
		}
		first = false
		buf = appendClock(buf, l.Time)
		if l.Kind == meeting.Action {
			buf = append(buf, " * "...)
			buf = append(buf, oneLine(l.Nick)...)
			buf = append(buf, ' ')
		} else {
			buf = append(buf, " <"...)
			buf = append(buf, oneLine(l.Nick)...)
			buf = append(buf, "> "...)
		}
		buf = append(buf, oneLine(l.Text)...)
		buf = out.next(buf)
	}
	out.flush(buf)
	for _, g := range gaps.before(m.Log.Len() + 1) {
		newLine()
		b.WriteString(gapMark(g))
	}
	return b.Flush()
}

// oneLine keeps s on one line and shows its control characters: CR, LF
// and CRLF become a space; TAB and mIRC codes stay; other C0 controls,
// DEL and C1 controls are shown (plaintext.Show).
func oneLine(s string) string {
	if !needsOneLine(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			b.WriteByte(' ')
			size = 2
		case r == '\r' || r == '\n':
			b.WriteByte(' ')
		case r == utf8.RuneError && size <= 1:
			b.WriteByte(s[i]) // not UTF-8: kept as said
		case r < 0x20 && r != '\t' && !plaintext.IsFormat(r) || r >= 0x7f && r < 0xa0:
			b.WriteString(plaintext.Show(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsOneLine reports whether oneLine would change s: a control byte
// other than TAB and the mIRC codes, DEL, or a C1 control (UTF-8 0xc2
// 0x80-0x9f).
func needsOneLine(s string) bool {
	if plaintext.PrintableASCII(s) { // most lines: eight bytes at a time
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && !plaintext.IsFormat(rune(c)), c == 0x7f:
			return true
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] < 0xa0:
			return true
		}
	}
	return false
}

// logOut gathers a log's lines in one buffer and hands them to the
// bufio.Writer in pieces larger than its own buffer, which it passes to
// the file as they are: each byte of a long log is copied once on its
// way out, not twice.
type logOut struct{ w *bufio.Writer }

// logOutPiece is how much logOut gathers before writing: well over the
// 64 KiB buffer of the bufio.Writer the renderers are handed, and big
// enough that a long log leaves in a few dozen writes (measured: 1 MiB
// pieces beat 128 KiB ones by 3–5 % of a 200,000-line run).
const logOutPiece = 1 << 20

// newLogOut starts a logOut for a log of about size bytes, and the buffer
// to gather its lines in: sized for the log when it is short (most
// meetings' logs are tens of KiB, and an import renders many at once),
// for a piece when it is long.
func newLogOut(w *bufio.Writer, size int) (logOut, []byte) {
	return logOut{w}, make([]byte, 0, min(size, logOutPiece)+4096)
}

// next takes buf, the lines gathered so far, and returns what to append
// the next line to: buf, or buf emptied once a piece is written.
func (o logOut) next(buf []byte) []byte {
	if len(buf) < logOutPiece {
		return buf
	}
	return o.flush(buf)
}

// flush writes what buf gathered, so something else can be written after
// it, and returns buf emptied.
func (o logOut) flush(buf []byte) []byte {
	if len(buf) > 0 {
		o.w.Write(buf)
	}
	return buf[:0]
}

// appendClock appends t's UTC time of day as HH:MM:SS.
func appendClock(b []byte, t time.Time) []byte {
	h, m, s := t.UTC().Clock()
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
}
