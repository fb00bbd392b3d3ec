package plaintext

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func TestPlain(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"ascii", "plain text", "plain text"},
		{"empty", "", ""},
		{"escape", "\x1b[2J\x1b]52;c;aGk=\x07", "^[[2J^[]52;c;aGk=^G"},
		{"nul del", "a\x00b\x7fc", "a^@b^?c"},
		{"line breaks", "a\r\nb", "a^M^Jb"},
		{"tab", "a\tb", "a b"},
		{"formats", "\x02b\x02 \x1di\x1d \x1fu\x1f \x1es\x1e \x16r\x16 \x11m\x11 \x0fx", "b i u s r m x"},
		{"colour", "\x0304red\x03 \x034,12both\x03 \x0399x", "red both x"},
		{"colour three digits", "\x03123", "3"},
		{"colour comma without fg", "\x03,5x", ",5x"},
		{"colour comma without bg", "\x034,x", ",x"},
		{"hex colour", "\x04FF0000,00ff00green\x04 \x04abc", "green "},
		{"c1", "a\u0085b\u009bc", "a\uFFFDb\uFFFDc"},
		{"bidi", "x\u202eevil\u2066y", "x\uFFFDevil\uFFFDy"},
		{"zero width and separators", "a\u200bb\u2028c\ufeffd", "a\uFFFDb\uFFFDc\uFFFDd"},
		{"invalid utf8", "bad \xff\xfe!", "bad \uFFFD\uFFFD!"},
		{"truncated rune", "e\xc3", "e\uFFFD"},
		{"unicode kept", "é€😀 日本", "é€😀 日本"},
		{"replacement char kept", "\uFFFD", "\uFFFD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Plain(tc.in); got != tc.want {
				t.Errorf("Plain(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestScanTokens: the chair styles from the tokens, so their kinds and
// colours are part of the rule.
func TestScanTokens(t *testing.T) {
	var got []Token
	Scan("a\x02b\x034,12c\x03\x1b", func(tk Token) { got = append(got, tk) })
	want := []Token{
		{Kind: Text, Text: "a"}, {Kind: Bold}, {Kind: Text, Text: "b"},
		{Kind: Colour, FG: 4, BG: 12}, {Kind: Text, Text: "c"},
		{Kind: Colour, FG: -1, BG: -1}, {Kind: Shown, Text: "^["},
	}
	if len(got) != len(want) {
		t.Fatalf("tokens %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestPrintableASCII checks the eight-bytes-at-a-time test against the
// plain definition for every byte value at every position of a word and
// its tail, and next to other bytes that could borrow or carry.
func TestPrintableASCII(t *testing.T) {
	for _, fill := range []byte{'a', ' ', '~', 0x21} {
		for n := 1; n <= 19; n++ {
			for pos := range n {
				for c := range 256 {
					s := bytes.Repeat([]byte{fill}, n)
					s[pos] = byte(c)
					want := c >= 0x20 && c < 0x7f
					if got := PrintableASCII(string(s)); got != want {
						t.Fatalf("PrintableASCII(%q) = %v", s, got)
					}
				}
			}
		}
	}
	if !PrintableASCII("") {
		t.Error("empty string")
	}
}

// TestASCII checks the eight-bytes-at-a-time test, on strings and byte
// slices alike, for every byte value at every position of a word and its
// tail.
func TestASCII(t *testing.T) {
	for n := 0; n <= 19; n++ {
		for pos := range max(n, 1) {
			for c := range 256 {
				s := bytes.Repeat([]byte{0x7f}, n)
				want := true
				if n > 0 {
					s[pos] = byte(c)
					want = c < 0x80
				}
				if got := ASCII(s); got != want {
					t.Fatalf("ASCII(%q) = %v", s, got)
				}
				if got := ASCII(string(s)); got != want {
					t.Fatalf("ASCII(string %q) = %v", s, got)
				}
			}
		}
	}
}

// FuzzPlain: whatever arrives, Plain's output is valid UTF-8 with no
// control character, no bidi or invisible character, and a printable
// ASCII line is untouched.
func FuzzPlain(f *testing.F) {
	for _, s := range []string{"", "hi", "\x1b[31m", "\x03" + "4,5x", "\x04ff", "\xff", "\u202e", "\u0085", "a\tb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Plain(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Plain(%q) = %q: not UTF-8", s, got)
		}
		for _, r := range got {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) || hidden(r) {
				t.Fatalf("Plain(%q) = %q carries %U", s, got, r)
			}
		}
		if PrintableASCII(s) && got != s {
			t.Fatalf("Plain(%q) = %q changed printable ASCII", s, got)
		}
	})
}
