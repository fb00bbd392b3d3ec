package irctext

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"", ""},
		{"a\r\nb", "a b"},
		{"a\n\n\rb", "a b"},
		{"a\n\x07\nb", "a b"},
		{"a\x00b", "ab"},
		{"hi\r\nQUIT :bye\r\nPRIVMSG #x :evil", "hi QUIT :bye PRIVMSG #x :evil"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"\x1b[31mevil\x07", "[31mevil"},
		{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "]8;;http://x\\link]8;;\\"},
		{"\x01ACTION hi\x01", "ACTION hi"},
		{"tab\there", "tab here"},
		{"del\x7f", "del"},
		{"c1 \u0085next\u009bline\u0080", "c1 nextline"},
		{"\x02bold\x02 \x0304,01red\x03 \x0freset \x11mono\x11 \x16rev\x16 \x1dit\x1d \x1estrike\x1e \x1funder\x1f",
			"\x02bold\x02 \x0304,01red\x03 \x0freset \x11mono\x11 \x16rev\x16 \x1dit\x1d \x1estrike\x1e \x1funder\x1f"},
		{"all C0 \x00\x01\x04\x05\x06\x07\x08\x0b\x0c\x0e\x10\x12\x13\x14\x15\x17\x18\x19\x1a\x1b\x1c end", "all C0  end"},
		{"é ü ¡ « \u00a0 ok", "é ü ¡ « \u00a0 ok"},
	} {
		got := Clean(tc.in)
		if got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if Clean(got) != got {
			t.Errorf("Clean(%q) is not stable", got)
		}
	}
}

// FuzzClean: whatever comes in, what goes out has no control character
// but the mIRC codes, and is valid UTF-8.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"a\r\nb", "\x1b[31m\x07", "\xc2\x85", "\x02b\x02", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Clean(in)
		for _, r := range out {
			if isControl(r) && !isMIRCFormat(r) {
				t.Fatalf("Clean(%q) = %q keeps %U", in, out, r)
			}
		}
		if strings.ToValidUTF8(out, "") != out || Clean(out) != out {
			t.Fatalf("Clean(%q) = %q", in, out)
		}
	})
}

// BenchmarkClean: a typical reply (printable, the fast path) and a hostile
// one (controls everywhere, the slow path).
func BenchmarkClean(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"plain", "Meeting started Tue Dec  1 14:00:00 2026 UTC.  The chair is alice. Information about MeetBot at http://wiki.debian.org/MeetBot."},
		{"mirc", "\x02AGREED\x02: \x0303ship on Friday\x03 (+1: 5, 0: 1, -1: 0) — résumé ✓"},
		{"hostile", strings.Repeat("\x1b[31mevil\x07\r\n\u009b", 12)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				Clean(bc.text)
			}
		})
	}
}
