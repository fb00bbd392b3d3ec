// Package minutes renders a meeting.Minutes into the files people read:
// Markdown and JSON, and MeetBot's text, HTML and log formats. Renderers are
// pure: they write to an io.Writer and never touch the disk.
package minutes

import (
	"strings"
	"unicode/utf8"
)

// Plain makes participant text safe to print anywhere: mIRC formatting
// codes (bold, colour with its digits, reverse, italic, underline, strike,
// monospace, reset) are dropped, invalid UTF-8 becomes U+FFFD, and every
// other control character — ESC above all — is shown visibly (see
// showControl), so nothing a participant types can drive a terminal.
func Plain(s string) string {
	if printableASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x03: // colour: ^C[fg[,bg]] with up to two digits each
			i = skipColour(s, i, isDigit, 2)
		case r == 0x04: // hex colour: ^D[RRGGBB[,RRGGBB]]
			i = skipColour(s, i, isHex, 6)
		case isFormatCode(r):
			// formatting toggles carry no text
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r):
			showControl(&b, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// printableASCII reports whether s is only printable ASCII (0x20-0x7e),
// which Plain leaves alone. It tests eight bytes at a time: the minutes of
// a long meeting run every line through here, several times.
func printableASCII(s string) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A byte >= 0x80, a byte < 0x20 (w - 0x20 borrows into its high
		// bit while its own high bit is clear), or 0x7f (w + 1 carries
		// into the high bit).
		if (w|(w-0x20*ones)|(w+ones))&highs != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func skipColour(s string, i int, ok func(byte) bool, n int) int {
	j := i
	for j < len(s) && j-i < n && ok(s[j]) {
		j++
	}
	if j == i {
		return i
	}
	if j+1 < len(s) && s[j] == ',' && ok(s[j+1]) {
		k := j + 1
		for k < len(s) && k-(j+1) < n && ok(s[k]) {
			k++
		}
		j = k
	}
	return j
}

// showControl writes how a control character is shown in the minutes
// and logs (the journal keeps the raw byte): a C0 control or DEL in caret
// notation, as `cat -v` and the chair view show them — ESC as ^[, BEL as
// ^G, NUL as ^@, DEL as ^? — and a C1 or bidi control, which has none, as
// U+FFFD.
func showControl(b *strings.Builder, r rune) {
	if r < 0x20 || r == 0x7f {
		b.WriteByte('^')
		b.WriteByte(byte(r ^ 0x40))
		return
	}
	b.WriteRune(utf8.RuneError)
}

// isBidiControl catches the Unicode directional overrides and isolates
// that can make text display in an order other than it reads.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}
