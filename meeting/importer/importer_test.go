package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer/synth"
)

// show renders a line compactly for comparisons:
// "2012-04-02 21:00:11 message funzo|text".
func show(l meeting.Line) string {
	return l.Time.Format("2006-01-02 15:04:05") + " " + l.Kind.String() + " " + l.Nick + "|" + l.Text
}

func readAll(t *testing.T, rd io.Reader, opts Options) ([]string, *Reader) {
	t.Helper()
	r := New(rd, opts)
	var got []string
	for r.Next() {
		l := r.Line()
		if l.Time.Location() != time.UTC {
			t.Errorf("line %d: time %v not UTC", r.LineNo(), l.Time)
		}
		got = append(got, show(l))
	}
	return got, r
}

func diff(t *testing.T, got, want []string) {
	t.Helper()
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("line %d:\n got %q\nwant %q", i, g, w)
		}
	}
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		file      string
		opts      Options
		format    Format
		dateKnown bool
		want      []string
	}{
		{
			file: "meetbot.log.txt", format: MeetBotText, dateKnown: true,
			want: []string{
				"2012-04-02 21:00:11 message funzo|#startmeeting heat",
				"2012-04-02 21:00:11 message mheat-bot|Meeting started Mon Apr  2 21:00:11 2012 UTC.  The chair is funzo. Information about MeetBot at http://wiki.debian.org/MeetBot.",
				"2012-04-02 21:00:33 message funzo|#chair sdake",
				"2012-04-02 21:01:09 message sdake|#topic Review   agenda  ",
				"2012-04-02 21:01:00 message Slower|+1",
				"2012-04-02 21:02:07 action shadower|can launch",
				"2012-04-02 21:02:08 action Slower|  ",
				"2012-04-02 21:02:10 message funzo| leading space kept",
				"2012-04-02 21:02:11 message funzo|",
				"2012-04-02 23:59:59 message sdake|nearly midnight",
				"2012-04-03 00:00:01 message sdake|#endmeeting",
			},
		},
		{
			// The date given wins over the "Meeting started" line.
			file: "meetbot.log.txt", opts: Options{Date: time.Date(2020, 5, 6, 13, 0, 0, 0, time.Local)},
			format: MeetBotText, dateKnown: true,
			want: []string{"2020-05-06 21:00:11 message funzo|#startmeeting heat"},
		},
		{
			file: "darst.log.html", format: MeetBotHTML, dateKnown: true,
			want: []string{
				"2017-05-08 13:00:44 message mvollmer|#startmeeting meeting",
				"2017-05-08 13:00:44 message zodbot|Meeting started Mon May  8 13:00:44 2017 UTC.  The chair is mvollmer. Information about MeetBot at http://wiki.debian.org/MeetBot.",
				"2017-05-08 13:01:20 message mvollmer|#topic Agenda & <news>",
				"2017-05-08 13:01:30 message dperpeet|mvollmer: x < y && y > z, \"quoted\" 'single' été",
				"2017-05-08 13:25:58 action mvollmer|pokes the <robot>",
				"2017-05-08 13:26:00 message dperpeet|#info see <a href=\"x\">",
				"2017-05-08 13:30:02 message mvollmer|#endmeeting",
			},
		},
		{
			file: "openstack.log.html", format: MeetBotHTML, dateKnown: true,
			want: []string{
				"2017-02-21 16:00:03 message ttx|#startmeeting tc",
				"2017-02-21 16:00:04 message openstack|Meeting started Tue Feb 21 16:00:03 2017 UTC and is due to finish in 60 minutes.  The chair is ttx. Information about MeetBot at http://wiki.debian.org/MeetBot.",
				"2017-02-21 16:01:00 message ttx|#topic Review \"specs\" & blueprints",
				"2017-02-21 16:01:30 action dhellmann|waves",
				"2017-02-21 16:02:00 message dims|#link https://review.example.org/?a=1&b=2",
				"2017-02-21 16:59:59 message ttx|#endmeeting",
			},
		},
		{
			file: "irssi.log", format: Irssi, dateKnown: true,
			want: []string{
				"2012-04-02 21:00:00 join funzo|",
				"2012-04-02 21:00:00 message funzo|#startmeeting heat",
				"2012-04-02 21:01:00 message sdake|hello all",
				"2012-04-02 21:01:00 message Slower|voiced hello",
				"2012-04-02 21:02:00 action shadower|can launch",
				"2012-04-02 21:04:00 nick sdake|sdake_away",
				"2012-04-02 21:05:00 topic funzo|Heat weekly: agenda at http://x/?a=1&b=2",
				"2012-04-02 21:06:00 join troll|",
				"2012-04-02 21:06:00 kick funzo|troll",
				"2012-04-02 21:07:00 part Slower|see you",
				"2012-04-02 21:08:00 quit shadower|Quit: Leaving.",
				"2012-04-02 21:08:00 part jpeeler|",
				"2012-04-02 21:09:00 notice funzo|a notice",
				"2012-04-02 21:10:00 topic funzo|",
				"2012-04-02 23:59:30 message funzo|still here",
				"2012-04-03 00:00:10 message funzo|#endmeeting",
			},
		},
		{
			file: "weechat.log", format: WeeChat, dateKnown: true,
			want: []string{
				"2012-04-02 21:00:00 join funzo|",
				"2012-04-02 21:00:05 message funzo|#startmeeting heat",
				"2012-04-02 21:00:06 message sdake|hello\twith\ttabs",
				"2012-04-02 21:00:07 message Slower|voiced",
				"2012-04-02 21:00:08 action shadower|can launch",
				"2012-04-02 21:00:09 nick sdake|sdake_away",
				"2012-04-02 21:00:10 topic funzo|Heat weekly: \\\"agenda\\\"",
				"2012-04-02 21:00:11 topic funzo|fresh",
				"2012-04-02 21:00:12 topic funzo|",
				"2012-04-02 21:00:13 kick funzo|troll",
				"2012-04-02 21:00:14 part Slower|see you",
				"2012-04-02 21:00:15 quit shadower|Quit: Leaving.",
				"2012-04-02 21:00:16 notice funzo|a notice",
				"2012-04-03 00:00:10 message funzo|#endmeeting",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if f := Detect(data); f != tt.format {
				t.Errorf("Detect = %v, want %v", f, tt.format)
			}
			got, r := readAll(t, bytes.NewReader(data), tt.opts)
			if r.Err() != nil {
				t.Fatal(r.Err())
			}
			if r.Format() != tt.format {
				t.Errorf("Format = %v, want %v", r.Format(), tt.format)
			}
			if r.DateKnown() != tt.dateKnown {
				t.Errorf("DateKnown = %v, want %v", r.DateKnown(), tt.dateKnown)
			}
			if len(tt.want) == 1 {
				got = got[:1]
			}
			diff(t, got, tt.want)
		})
	}
}

// TestLines covers edge cases line by line, as inline inputs.
func TestLines(t *testing.T) {
	day := time.Date(2012, 4, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		opts Options
		in   string
		want []string
	}{
		{
			name: "undated falls back to 1970",
			in:   "10:00:00 <a> hi\n",
			want: []string{"1970-01-01 10:00:00 message a|hi"},
		},
		{
			name: "CRLF and BOM",
			opts: Options{Date: day},
			in:   "\ufeff21:00:00 <a> one\r\n21:00:01 * b two\r\n\r\n21:00:02 <c> three",
			want: []string{
				"2012-04-02 21:00:00 message a|one",
				"2012-04-02 21:00:01 action b|two",
				"2012-04-02 21:00:02 message c|three",
			},
		},
		{
			name: "Latin-1 line among UTF-8 ones",
			opts: Options{Date: day},
			in:   "21:00:00 <a> caf\xe9 cr\xe8me \xa9\n21:00:01 <b> café\n21:00:02 <j\xf6rg> hall\xf6",
			want: []string{
				"2012-04-02 21:00:00 message a|café crème ©",
				"2012-04-02 21:00:01 message b|café",
				"2012-04-02 21:00:02 message jörg|hallö",
			},
		},
		{
			name: "bracketed and short times, mode prefixes",
			opts: Options{Date: day},
			in:   "[21:00:00] <@a> x\n[21:01] <~b> y\n21:02 <%c> z\n21:03:04 <&d> w\n8:05 <e> early",
			want: []string{
				"2012-04-02 21:00:00 message a|x",
				"2012-04-02 21:01:00 message b|y",
				"2012-04-02 21:02:00 message c|z",
				"2012-04-02 21:03:04 message d|w",
				"2012-04-03 08:05:00 message e|early",
			},
		},
		{
			name: "midnight rollover twice, small backsteps kept",
			opts: Options{Date: day},
			in:   "23:00:00 <a> 1\n22:59:00 <a> 2\n01:00:00 <a> 3\n23:30:00 <a> 4\n00:10:00 <a> 5",
			want: []string{
				"2012-04-02 23:00:00 message a|1",
				"2012-04-02 22:59:00 message a|2",
				"2012-04-03 01:00:00 message a|3",
				"2012-04-03 23:30:00 message a|4",
				"2012-04-04 00:10:00 message a|5",
			},
		},
		{
			name: "date from name",
			opts: Options{Name: "/srv/logs/fedora-meeting/2020-06-10/magazine.2020-06-10-12.02.log.txt"},
			in:   "12:02:00 <a> hi",
			want: []string{"2020-06-10 12:02:00 message a|hi"},
		},
		{
			name: "stray lines, bad times and bad nicks skipped",
			opts: Options{Format: MeetBotText, Date: day},
			in: "meeting\nLOGS\n<a> no time\n25:00:00 <a> bad hour\n21:60 <a> bad min\n21:00:00:00 <a> too long\n" +
				"21:00:00 <> empty\n21:00:00 <a no close\n21:00:00 *nospace\n21:00:00 * \n21:00:00 -!- a has joined #c\n21:00:01 <a> ok",
			want: []string{"2012-04-02 21:00:01 message a|ok"},
		},
		{
			name: "hostile text is data",
			opts: Options{Date: day},
			in:   "21:00:00 <a> <script>alert(1)</script> \x1b[31mred\x00 \x01ACTION x\x01",
			want: []string{"2012-04-02 21:00:00 message a|<script>alert(1)</script> \x1b[31mred\x00 \x01ACTION x\x01"},
		},
		{
			name: "irssi forced, events before Log opened use the option date",
			opts: Options{Format: Irssi, Date: day},
			in:   "21:00 -!- a [u@h] has joined #c\n--- Log opened Fri Apr 06 10:00:00 2012\n10:01 <a> later",
			want: []string{"2012-04-02 21:00:00 join a|", "2012-04-06 10:01:00 message a|later"},
		},
		{
			name: "irssi day changed without rollover double count",
			opts: Options{Format: Irssi},
			in:   "--- Log opened Mon Apr 02 23:50:00 2012\n23:55 <a> x\n--- Day changed Tue Apr 03 2012\n00:05 <a> y\n13:00 <a> z\n00:01 <a> w",
			want: []string{
				"2012-04-02 23:55:00 message a|x",
				"2012-04-03 00:05:00 message a|y",
				"2012-04-03 13:00:00 message a|z",
				"2012-04-04 00:01:00 message a|w",
			},
		},
		{
			name: "weechat Latin-1 and CRLF",
			in:   "2012-04-02 21:00:00\t@a\tna\xefve\r\n2012-13-02 21:00:00\ta\tbad month\n2012-04-02 21:00:01\t<b>\tangle prefix",
			want: []string{"2012-04-02 21:00:00 message a|naïve", "2012-04-02 21:00:01 message b|angle prefix"},
		},
		{
			name: "hcoop log.html",
			opts: Options{Date: day},
			in:   "<?xml version=\"1.0\"?>\n<pre>\n<a name=\"5b8e1f0c\"/><span class=\"tm\">02:06:11</span> <span class=\"nk\">&lt;pronovic&gt;</span> #startmeeting\n</pre>",
			want: []string{"2012-04-02 02:06:11 message pronovic|#startmeeting"},
		},
		{
			name: "html unterminated tag and bad entity",
			opts: Options{Format: MeetBotHTML, Date: day},
			in:   "<pre><a name=\"l-1\"></a><span class=\"tm\">21:00:00</span><span class=\"nk\"> &lt;a&gt;</span> x &bogus; &#xD800; &#0; y <span\n<span class=\"tm\">21:00:01</span> &lt;b&gt; &lt;not a tag&gt;",
			want: []string{"2012-04-02 21:00:00 message a|x &bogus; \ufffd \ufffd y ", "2012-04-02 21:00:01 message b|<not a tag>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, r := readAll(t, strings.NewReader(tt.in), tt.opts)
			if r.Err() != nil {
				t.Fatal(r.Err())
			}
			diff(t, got, tt.want)
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Format
	}{
		{"empty", "", Auto},
		{"blank", "\n\n  \n", Auto},
		{"garbage", "hello\nworld\n", Auto},
		{"meetbot", "21:00:11 <funzo> #startmeeting\n", MeetBotText},
		{"meetbot after headers", "meeting\nLOGS\n\n13:00:44 <mvollmer> #startmeeting meeting\n", MeetBotText},
		{"meetbot action only", "21:33:39 * shadower can launch\n", MeetBotText},
		{"meetingology short times", "[15:36] <ubottu> Meeting started\n", MeetBotText},
		{"html doctype", "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html>", MeetBotHTML},
		{"html fragment", "<a name=\"l-1\"></a><span class=\"tm\">21:00:11</span>", MeetBotHTML},
		{"html pre", "\n<PRE>\n", MeetBotHTML},
		{"hcoop xhtml", "<?xml version=\"1.0\"?>\n", MeetBotHTML},
		{"irssi opened", "--- Log opened Mon Apr 02 21:00:00 2012\n", Irssi},
		{"irssi day changed", "--- Day changed Tue Apr 03 2012\n", Irssi},
		{"irssi event", "21:00 -!- a [u@h] has joined #c\n", Irssi},
		{"mode nick is not irssi", "21:00 <@funzo> hi\n", MeetBotText},
		{"irssi spaced nick", "21:00:00 < sdake> hi\n", Irssi},
		{"irssi action", "21:02  * shadower can launch\n", Irssi},
		{"irssi after meetbot-like lines", "21:00 <a> x\n21:00 <@b> y\n21:01 -!- c is now known as d\n", Irssi},
		{"weechat", "2012-04-02 21:00:05\t@funzo\t#startmeeting heat\n", WeeChat},
		{"weechat join", "\ufeff2012-04-02 21:00:00\t-->\tfunzo (~f@h) has joined #c\r\n", WeeChat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect([]byte(tt.in)); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
			r := New(strings.NewReader(tt.in), Options{})
			if got := r.Format(); got != tt.want {
				t.Errorf("Reader.Format = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	r := New(strings.NewReader("just some\ntext\n"), Options{})
	if r.Next() {
		t.Fatal("Next on garbage")
	}
	if !errors.Is(r.Err(), ErrUnknownFormat) {
		t.Fatalf("Err = %v", r.Err())
	}
	r = New(strings.NewReader(""), Options{})
	if r.Next() || r.Err() != nil {
		t.Fatalf("empty input: err %v", r.Err())
	}
	// Forced, garbage is just skipped.
	r = New(strings.NewReader("just some\ntext\n"), Options{Format: MeetBotText})
	if r.Next() || r.Err() != nil {
		t.Fatalf("forced: err %v", r.Err())
	}
}

func TestFormatNames(t *testing.T) {
	for f := Auto; f <= WeeChat; f++ {
		g, ok := ParseFormat(f.String())
		if !ok || g != f {
			t.Errorf("ParseFormat(%q) = %v, %v", f.String(), g, ok)
		}
	}
	if Format(99).String() != "unknown" {
		t.Error("Format(99).String()")
	}
	if _, ok := ParseFormat("bogus"); ok {
		t.Error("ParseFormat(bogus) ok")
	}
	if f, _ := ParseFormat("log.html"); f != MeetBotHTML {
		t.Error("alias log.html")
	}
}

func TestDateFromName(t *testing.T) {
	tests := []struct {
		name string
		want string // "" for none
	}{
		{"heat-2012-04-02.log.txt", "2012-04-02"},
		{"cockpit.2017-05-08-13.00.log.txt", "2017-05-08"},
		{"/x/2019-01-01/magazine.2020-06-10-12.02.log.html", "2020-06-10"},
		{"hcoop.20210413.0206.log.html", "2021-04-13"},
		{"x-2012-02-30.log.txt", ""},
		{"x-12012-04-02.log.txt", ""},
		{"x-2012-13-01.log.txt", ""},
		{"meeting.log.txt", ""},
		{"", ""},
		{`C:\logs\heat-2012-04-02.log.txt`, "2012-04-02"},
	}
	for _, tt := range tests {
		d, ok := DateFromName(tt.name)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
		}
		if got != tt.want {
			t.Errorf("DateFromName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestLongLines checks that lines far bigger than the read buffer work.
func TestLongLines(t *testing.T) {
	long := strings.Repeat("x", 300_000)
	in := "21:00:00 <a> " + long + "\n21:00:01 <b> short\n21:00:02 <c> " + long
	got, r := readAll(t, iotest.OneByteReader(strings.NewReader(in)), Options{Date: time.Date(2012, 4, 2, 0, 0, 0, 0, time.UTC)})
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	want := []string{
		"2012-04-02 21:00:00 message a|" + long,
		"2012-04-02 21:00:01 message b|short",
		"2012-04-02 21:00:02 message c|" + long,
	}
	if len(got) != len(want) {
		t.Fatalf("%d lines", len(got))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d differs (len %d vs %d)", i, len(got[i]), len(want[i]))
		}
	}
}

// TestHugeLine checks that a line longer than MaxLine is cut, at a
// character boundary, and the next line is still read.
func TestHugeLine(t *testing.T) {
	huge := strings.Repeat("é", MaxLine) // 2 bytes each
	// An odd-length prefix: the cut falls inside a character.
	in := "21:00:00 <a> xy" + huge + "\n21:00:01 <b> next\n"
	got, r := readAll(t, strings.NewReader(in), Options{Format: MeetBotText})
	if r.Err() != nil || len(got) != 2 {
		t.Fatalf("%d lines, err %v, last %.60q", len(got), r.Err(), got[len(got)-1])
	}
	text := strings.SplitN(got[0], "|", 2)[1]
	if len(text) > MaxLine || !strings.HasPrefix(text, "xyéé") || !strings.HasSuffix(text, "é") {
		t.Errorf("cut line: %d bytes, ends %q", len(text), text[len(text)-4:])
	}
	if got[1] != "1970-01-01 21:00:01 message b|next" {
		t.Errorf("next line %q", got[1])
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	rd := io.MultiReader(strings.NewReader("21:00:00 <a> x\n"), iotest.ErrReader(boom))
	var n int
	var last error
	for _, err := range All(rd, Options{}) {
		if err != nil {
			last = err
			continue
		}
		n++
	}
	if n != 1 || !errors.Is(last, boom) {
		t.Fatalf("n=%d err=%v", n, last)
	}
}

// TestLinesRetained checks that lines stay intact after later lines are
// read (Text must not alias the read buffer) and that nicks are shared.
func TestLinesRetained(t *testing.T) {
	var buf bytes.Buffer
	if err := synth.MeetBotLog(&buf, 3000, 7); err != nil {
		t.Fatal(err)
	}
	var lines []meeting.Line
	for l, err := range All(bytes.NewReader(buf.Bytes()), Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	raw := strings.Split(buf.String(), "\n")
	if len(lines) != len(raw) {
		t.Fatalf("%d lines, %d raw", len(lines), len(raw))
	}
	for i, l := range lines {
		if !strings.HasSuffix(raw[i], l.Text) || !strings.Contains(raw[i], l.Nick) {
			t.Fatalf("line %d: %q does not match %q", i, show(l), raw[i])
		}
	}
}

// TestAllStops checks that breaking out of All stops reading.
func TestAllStops(t *testing.T) {
	n := 0
	for range All(strings.NewReader("21:00:00 <a> 1\n21:00:01 <a> 2\n21:00:02 <a> 3"), Options{}) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Fatal(n)
	}
}

func TestOpenFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "heat-2012-04-02.log.txt")
	if err := os.WriteFile(p, []byte("21:00:00 <a> x"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := OpenFile(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !f.Next() || show(f.Line()) != "2012-04-02 21:00:00 message a|x" {
		t.Fatalf("got %q err %v", show(f.Line()), f.Err())
	}
	if _, err := OpenFile(filepath.Join(dir, "missing"), Options{}); err == nil {
		t.Fatal("no error for a missing file")
	}
}

func TestNickWithAngleBrackets(t *testing.T) {
	r := New(strings.NewReader("10:00:00 <<script>> hi > there\n10:00:01 <bob>no space\n10:00:02 <@carol> a>b c\n"), Options{Format: MeetBotText})
	var got []string
	for r.Next() {
		got = append(got, r.Line().Nick+"|"+r.Line().Text)
	}
	want := []string{"<script>|hi > there", "bob|no space", "carol|a>b c"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %q", got)
	}
}
