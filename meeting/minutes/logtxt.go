package minutes

import (
	"bufio"
	"io"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// LogText writes the .log.txt: MeetBot's raw log, "HH:MM:SS <nick> text"
// for a message and "HH:MM:SS * nick text" for an action, one line each,
// with no newline after the last (as MeetBot writes it). CR and LF become
// spaces and NUL is dropped, so one said line is one file line; every other
// byte is kept, so the file reads back through meeting/importer as said.
func LogText(w io.Writer, m *meeting.Minutes) error {
	b := bufio.NewWriterSize(w, 64<<10)
	var tm [8]byte
	for n, l := range m.Log.All() {
		if n > 1 {
			b.WriteByte('\n')
		}
		b.Write(appendClock(tm[:0], l.Time))
		if l.Kind == meeting.Action {
			b.WriteString(" * ")
			b.WriteString(oneLine(l.Nick))
			b.WriteByte(' ')
		} else {
			b.WriteString(" <")
			b.WriteString(oneLine(l.Nick))
			b.WriteString("> ")
		}
		b.WriteString(oneLine(l.Text))
	}
	return b.Flush()
}

var oneLiner = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\x00", "")

// oneLine keeps s on one line: CR, LF and CRLF become a space, NUL goes.
func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\r' || c == '\n' || c == 0 {
			return oneLiner.Replace(s)
		}
	}
	return s
}

// appendClock appends t's UTC time of day as HH:MM:SS.
func appendClock(b []byte, t time.Time) []byte {
	h, m, s := t.UTC().Clock()
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
}
