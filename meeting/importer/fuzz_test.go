package importer

import (
	"bytes"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
)

// FuzzImport feeds arbitrary bytes to the reader, detecting the format or
// forcing one (format % 5). Nothing may panic; every line must have a
// valid kind, a non-empty nick, valid UTF-8 text and a UTC time; and
// reading one byte at a time must give the same lines.
func FuzzImport(f *testing.F) {
	f.Add([]byte("meeting\nLOGS\n21:00:11 <funzo> #startmeeting\n21:00:12 * a b\n23:59:59 <a> x\n00:00:01 <@a> y"), uint8(0))
	f.Add([]byte("<pre><a name=\"l-1\"></a><span class=\"tm\">21:00:11</span><span class=\"nk\"> &lt;a&gt;</span> &amp;&#233;\n"), uint8(2))
	f.Add([]byte("--- Log opened Mon Apr 02 21:00:00 2012\n21:00 -!- a [u@h] has left #c [r]\n21:01 -!- b was kicked from #c by a [x]\n--- Day changed Tue Apr 03 2012\n"), uint8(3))
	f.Add([]byte("2012-04-02 21:00:00\t-->\ta (u@h) has joined #c\n2012-04-02 21:00:01\t--\ta has changed topic for #c from \"x\" to \"y\"\n"), uint8(4))
	f.Add([]byte("\xef\xbb\xbf21:00:00 <j\xf6rg> \xe9\r\n"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		opts := Options{Format: Format(format % 5), Date: time.Date(2012, 4, 2, 0, 0, 0, 0, time.UTC)}
		_ = Detect(data)
		r := New(bytes.NewReader(data), opts)
		var lines []meeting.Line
		for r.Next() {
			l := r.Line()
			if int(l.Kind) > int(meeting.Notice) {
				t.Fatalf("bad kind %d", l.Kind)
			}
			if l.Nick == "" {
				t.Fatalf("empty nick in %+v", l)
			}
			if !utf8.ValidString(l.Text) || !utf8.ValidString(l.Nick) {
				t.Fatalf("invalid UTF-8 in %+v", l)
			}
			if l.Time.Location() != time.UTC {
				t.Fatalf("time not UTC: %v", l.Time)
			}
			lines = append(lines, l)
			if len(lines) > len(data) {
				t.Fatalf("more lines than bytes")
			}
		}
		if r.Err() != nil && r.Err() != ErrUnknownFormat {
			t.Fatalf("error %v", r.Err())
		}
		r2 := New(iotest.OneByteReader(bytes.NewReader(data)), opts)
		i := 0
		for r2.Next() {
			if i >= len(lines) || r2.Line() != lines[i] {
				t.Fatalf("byte-at-a-time line %d differs", i)
			}
			i++
		}
		if i != len(lines) || r2.Err() != r.Err() {
			t.Fatalf("byte-at-a-time: %d lines, err %v; want %d, %v", i, r2.Err(), len(lines), r.Err())
		}
	})
}
