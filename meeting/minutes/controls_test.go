package minutes

import (
	"bytes"
	"strings"
	"testing"
)

// TestLogsShowControls: the .log.txt and .log.html show a participant's
// control characters visibly (ESC as ^[ and so on, see plaintext.Show)
// and never carry them raw; mIRC codes stay in the .log.txt as MeetBot
// kept them and are dropped in the .log.html, as before.
func TestLogsShowControls(t *testing.T) {
	said := "\x1b[31mred\x07 \x00nul \u0085c1 del\x7f \x02bold\x02 tab\there \u202eltr"
	m := fold(t0, []string{"alice #startmeeting", "bob " + said, "alice #endmeeting"})
	tests := []struct {
		format Format
		want   string
		raw    []string // never in the file
	}{
		{FormatLogText, "<bob> ^[[31mred^G ^@nul \uFFFDc1 del^? \x02bold\x02 tab\there \u202eltr", []string{"\x1b", "\x07", "\x00", "\x7f", "\u0085"}},
		{FormatLogHTML, "^[[31mred^G ^@nul \uFFFDc1 del^? bold tab here \uFFFDltr", []string{"\x1b", "\x07", "\x00", "\x7f", "\u0085", "\x02", "\u202e"}},
	}
	for _, tc := range tests {
		var b bytes.Buffer
		if err := Render(&b, tc.format, m); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%s lacks %q:\n%q", tc.format, tc.want, b.String())
		}
		for _, r := range tc.raw {
			if strings.Contains(b.String(), r) {
				t.Errorf("%s carries %q raw", tc.format, r)
			}
		}
	}
}

func TestOneLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a\r\nb\rc\nd", "a b c d"},
		{"\x1b[2J\x1b]0;t\x07", "^[[2J^[]0;t^G"},
		{"\x03" + "04red\x0f \x1d\x1e\x1f\x11\x16\x04", "\x03" + "04red\x0f \x1d\x1e\x1f\x11\x16\x04"},
		{"bad \xff\xfe utf8", "bad \xff\xfe utf8"},
		{"c1 \u009b end", "c1 \uFFFD end"},
		{"é€😀", "é€😀"},
	} {
		if got := oneLine(tc.in); got != tc.want {
			t.Errorf("oneLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
