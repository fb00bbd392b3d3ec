package minutes

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
)

func TestBase(t *testing.T) {
	at := time.Date(2020, 6, 10, 12, 2, 59, 0, time.FixedZone("X", 3600))
	long := strings.Repeat("é", 80) // 160 bytes
	cases := []struct{ channel, name, want string }{
		{"#fedora-meeting", "magazine", "fedora-meeting/2020-06-10/magazine.2020-06-10-11.02"},
		{"#Fedora-Meeting", "", "fedora-meeting/2020-06-10/meeting.2020-06-10-11.02"},
		{"&local", "x", "local/2020-06-10/x.2020-06-10-11.02"},
		{"##java", "x", "java/2020-06-10/x.2020-06-10-11.02"},
		{"#../../etc", "passwd", "etc/2020-06-10/passwd.2020-06-10-11.02"},
		{"#a/b", "c\\d", "ab/2020-06-10/c_d.2020-06-10-11.02"},
		{"#c", "big_team_/_weekly!", "c/2020-06-10/big_team__weekly!.2020-06-10-11.02"},
		{"#..", "..", "meeting/2020-06-10/meeting.2020-06-10-11.02"},
		{"#c", "../../x", "c/2020-06-10/x.2020-06-10-11.02"},
		{"#c", "a\x00b\x1b[1m", "c/2020-06-10/a_b_[1m.2020-06-10-11.02"},
		{"#c", "trailing.", "c/2020-06-10/trailing.2020-06-10-11.02"},
		{"#c", "q?#%&<>\"' `x", "c/2020-06-10/q__________x.2020-06-10-11.02"},
		{"#日本語", "会議", "日本語/2020-06-10/会議.2020-06-10-11.02"},
		{"#c", "bad\xffutf8", "c/2020-06-10/bad_utf8.2020-06-10-11.02"},
		{"#c", long, "c/2020-06-10/" + strings.Repeat("é", 50) + ".2020-06-10-11.02"},
	}
	for _, c := range cases {
		m := &meeting.Minutes{Channel: c.channel, Name: c.name, Started: at}
		if got := Base(m); got != c.want {
			t.Errorf("Base(%q, %q) = %q, want %q", c.channel, c.name, got, c.want)
		}
	}
	huge := strings.Repeat("ab\u00e9", 2000)
	for _, s := range []string{huge, "x" + huge, strings.Repeat(".", 5000), strings.Repeat("/..", 3000)} {
		p := PathComponent(s)
		if len(p) > maxComponent || !utf8.ValidString(p) || strings.Contains(p, "..") || strings.HasPrefix(p, ".") || strings.ContainsAny(p, "/\\") {
			t.Errorf("PathComponent(%.20q…) = %q", s, p)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range AllFormats {
		if g, err := ParseFormat(string(f)); g != f || err != nil {
			t.Errorf("ParseFormat(%q) = %q, %v", f, g, err)
		}
		if g, err := ParseFormat(strings.ToUpper(f.Ext())); g != f || err != nil {
			t.Errorf("ParseFormat(%q) = %q, %v", f.Ext(), g, err)
		}
	}
	for s, want := range map[string]Format{"markdown": FormatMarkdown, "text": FormatText, "log": FormatLogText} {
		if g, err := ParseFormat(s); g != want || err != nil {
			t.Errorf("ParseFormat(%q) = %q, %v", s, g, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("pdf accepted")
	}
	if len(AllFormats) != 6 {
		t.Errorf("%d formats", len(AllFormats))
	}
	if err := Render(&bytes.Buffer{}, "pdf", fullMeeting()); err == nil {
		t.Error("Render pdf")
	}
}

// TestWrap checks the 72-column wrapping against what Python's
// textwrap.fill(width=72, break_long_words=False) gives.
func TestWrap(t *testing.T) {
	cases := []struct {
		in     string
		indent int
		want   string
	}{
		{"* short  (a, 01:02:03)", 2, "  * short  (a, 01:02:03)\n"},
		{"* " + strings.Repeat("word ", 20) + " (a, 01:02:03)", 0,
			"* word word word word word word word word word word word word word word\n  word word word word word word  (a, 01:02:03)\n"},
		{"* " + strings.Repeat("x", 100) + " tail", 2, "  *\n    " + strings.Repeat("x", 100) + "\n    tail\n"},
		{"* ééééé " + strings.Repeat("é", 62) + " z", 0, "* ééééé " + strings.Repeat("é", 62) + " z\n"}, // 72 runes fit
		{"* ééééé " + strings.Repeat("é", 63) + " z", 0, "* ééééé " + strings.Repeat("é", 63) + "\n  z\n"},
	}
	for _, c := range cases {
		var b bytes.Buffer
		w := bufioWriter(&b)
		wrapTo(w, c.in, c.indent, c.indent+2)
		w.WriteByte('\n')
		w.Flush()
		if b.String() != c.want {
			t.Errorf("wrap(%q, %d) =\n%q\nwant\n%q", c.in, c.indent, b.String(), c.want)
		}
	}
}

func bufioWriter(b *bytes.Buffer) *bufio.Writer { return bufio.NewWriter(b) }

// TestASCIILineEnd holds the shortcut for ASCII lines to the run-by-run
// walk, on lines of words and spaces of every length around the width:
// long words, leading spaces, spaces across the width, an exact fit.
func TestASCIILineEnd(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	for range 20000 {
		var b strings.Builder
		for b.Len() < 120 && (b.Len() == 0 || rng.IntN(12) > 0) {
			c := "x"
			if rng.IntN(3) == 0 {
				c = " "
			}
			b.WriteString(strings.Repeat(c, 1+rng.IntN(rng.IntN(90)+1)))
		}
		s, width := b.String(), rng.IntN(80)
		if got, want := asciiLineEnd(s, width), lineEnd(s, width); got != want {
			t.Fatalf("asciiLineEnd(%q, %d) = %d, lineEnd says %d", s, width, got, want)
		}
	}
}
