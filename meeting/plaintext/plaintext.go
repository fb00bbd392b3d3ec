// Package plaintext is the one display rule for remote text: how a line a
// participant typed is shown to a person — in the chair, in the review and
// in the plain minutes. It is pure (strings in, strings out) and never
// panics on any input.
//
// The rule: mIRC formatting (bold, colour with its digits, hex colour,
// reverse, italic, underline, strike, monospace, reset) carries no text; a
// C0 control or DEL is shown in caret notation as `cat -v`, the logs and
// the chair show it (ESC as ^[, BEL as ^G, NUL as ^@, DEL as ^?); a C1
// control, a bidi override or isolate, an invisible separator or
// zero-width character, and invalid UTF-8 (byte by byte) are shown as
// U+FFFD; TAB becomes one space. Nothing a participant types can then
// drive a terminal or hide or reorder what is shown.
//
// This is not the rule for text going OUT to IRC: ircconn/irctext.Clean
// decides what gavel sends (it must keep mIRC codes a chair types and drop
// line breaks that would split a command), and is kept separate by design.
package plaintext

import (
	"strings"
	"unicode/utf8"
)

// Kind says what a Token is.
type Kind uint8

const (
	Text      Kind = iota // printable text, shown as it is (Token.Text)
	Shown                 // a control shown inert (Token.Text: ^X or U+FFFD)
	Bold                  // toggles
	Italic                // toggles
	Underline             // toggles
	Strike                // toggles
	Reverse               // toggles
	Monospace             // toggles
	Reset                 // ends every format and colour
	Colour                // ^C: Token.FG/BG are 0-99, or -1 when absent (both -1: colours off)
	HexColour             // ^D: an RGB colour, which the displays leave plain
)

// Token is one piece of a line: a run of text, a control shown inert, or a
// formatting code.
type Token struct {
	Kind   Kind
	Text   string
	FG, BG int
}

// Scan splits s into tokens, in order, calling yield for each; the Text
// of the Text and Shown tokens, joined, is Plain(s).
func Scan(s string, yield func(Token)) {
	start := 0 // start of the pending run of text
	flush := func(end int) {
		if end > start {
			yield(Token{Kind: Text, Text: s[start:end]})
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0xa0 && !hidden(r) && !(r == utf8.RuneError && size <= 1) {
			i += size
			continue
		}
		flush(i)
		next := i + size
		switch {
		case r == utf8.RuneError && size <= 1:
			yield(Token{Kind: Shown, Text: replacement})
		case r == 0x03:
			t := Token{Kind: Colour, FG: -1, BG: -1}
			t.FG, next = number(s, next)
			if t.FG >= 0 && next+1 < len(s) && s[next] == ',' && isDigit(s[next+1]) {
				t.BG, next = number(s, next+1)
			}
			yield(t)
		case r == 0x04:
			next = skipHex(s, next)
			yield(Token{Kind: HexColour})
		case r == '\t':
			yield(Token{Kind: Text, Text: " "})
		default:
			if k, ok := formats[r]; ok {
				yield(Token{Kind: k})
			} else {
				yield(Token{Kind: Shown, Text: Show(r)})
			}
		}
		i, start = next, next
	}
	flush(len(s))
}

// replacement is how a control with no caret form, or a byte that is not
// UTF-8, is shown.
const replacement = "\uFFFD"

var formats = map[rune]Kind{
	0x02: Bold, 0x1d: Italic, 0x1f: Underline, 0x1e: Strike,
	0x16: Reverse, 0x11: Monospace, 0x0f: Reset,
}

// IsFormat reports the mIRC formatting codes: bold, colour, hex colour,
// reset, monospace, reverse, italic, strike, underline.
func IsFormat(r rune) bool {
	_, ok := formats[r]
	return ok || r == 0x03 || r == 0x04
}

// Plain is s as a person may see it anywhere: formatting dropped, every
// control shown inert (see the package comment). Printable ASCII comes
// back unchanged and unallocated.
func Plain(s string) string {
	if PrintableASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	Scan(s, func(t Token) {
		if t.Kind == Text || t.Kind == Shown {
			b.WriteString(t.Text)
		}
	})
	return b.String()
}

// Show is how the control r is shown: a C0 control or DEL in caret
// notation (^[ for ESC), anything else — a C1 or bidi control, which has
// no caret form — as U+FFFD. The MeetBot-style log, which keeps mIRC codes
// and odd bytes as said, uses it for the controls it shows.
func Show(r rune) string {
	if r < 0x20 || r == 0x7f {
		return "^" + string(rune(r^0x40))
	}
	return replacement
}

// hidden reports a character at or above U+00A0 that is shown as U+FFFD
// because it reorders or hides text without being seen: directional
// overrides, embeddings and isolates, line and paragraph separators,
// zero-width characters and the byte-order mark. (The C1 controls,
// U+0080-U+009F, are caught before this is asked.)
func hidden(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c ||
		r == 0x2028 || r == 0x2029 || (r >= 0x200b && r <= 0x200d) || (r >= 0x2060 && r <= 0x2064) || r == 0xfeff
}

// number reads up to two decimal digits of a colour at s[i:]: the value,
// or -1 when there is none, and where the digits end.
func number(s string, i int) (n, next int) {
	j := i
	for j < len(s) && j-i < 2 && isDigit(s[j]) {
		n = n*10 + int(s[j]-'0')
		j++
	}
	if j == i {
		return -1, i
	}
	return n, j
}

// skipHex skips a hex colour's RRGGBB[,RRGGBB] (up to six digits each).
func skipHex(s string, i int) int {
	j := i
	for j < len(s) && j-i < 6 && isHex(s[j]) {
		j++
	}
	if j == i {
		return i
	}
	if j+1 < len(s) && s[j] == ',' && isHex(s[j+1]) {
		k := j + 1
		for k < len(s) && k-(j+1) < 6 && isHex(s[k]) {
			k++
		}
		j = k
	}
	return j
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// PrintableASCII reports whether s is only printable ASCII (0x20-0x7e),
// which Plain leaves alone. It tests eight bytes at a time: the minutes of
// a long meeting run every line through here, several times.
func PrintableASCII(s string) bool {
	if len(s) < 8 {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c >= 0x7f {
				return false
			}
		}
		return true
	}
	// The last eight bytes are tested at once too, overlapping the words
	// before them, instead of one at a time.
	for i := 0; ; i += 8 {
		if i > len(s)-8 {
			i = len(s) - 8
		}
		if !printable8(s[i : i+8]) {
			return false
		}
		if i == len(s)-8 {
			return true
		}
	}
}

// ASCII reports whether s has no byte >= 0x80, eight bytes at a time:
// the importer asks it of raw lines ([]byte), the renderers of texts.
func ASCII[T ~string | ~[]byte](s T) bool {
	var acc uint64
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		acc |= uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	}
	for ; i < len(s); i++ {
		acc |= uint64(s[i])
	}
	return acc&0x8080808080808080 == 0
}

// Word8 is the first eight bytes of s (which must hold eight) as one
// little-endian word, for tests of eight bytes at a time: the compiler
// makes it one load, the hint sparing a bounds check per byte.
func Word8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// printable8 reports whether the eight bytes of s are printable ASCII.
func printable8(s string) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	w := Word8(s)
	// A byte >= 0x80, a byte < 0x20 (w - 0x20 borrows into its high bit
	// while its own high bit is clear), or 0x7f (w + 1 carries into the
	// high bit).
	return (w|(w-0x20*ones)|(w+ones))&highs == 0
}
