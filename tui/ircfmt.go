package tui

import (
	"image/color"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
)

// RenderIRC draws text from IRC safely: mIRC bold, italic, underline,
// strike, reverse and colours become styles; every other control
// character — ESC above all, so no escape sequence, OSC 52 clipboard write
// or cursor move from the network reaches the terminal — is drawn inert as
// a reverse-video ^X (irssi's and WeeChat's way); C1 controls, bidi
// overrides and invalid UTF-8 become a reverse-video '?'.
func RenderIRC(s string, base lipgloss.Style, st *Styles) string {
	var out strings.Builder
	var seg strings.Builder
	cur := base
	var bold, italic, under, strike, rev bool
	var fg, bg color.Color
	flush := func() {
		if seg.Len() > 0 {
			out.WriteString(cur.Render(seg.String()))
			seg.Reset()
		}
	}
	restyle := func() {
		flush()
		cur = base.Bold(bold).Italic(italic).Underline(under).Strikethrough(strike).Reverse(rev)
		if fg != nil {
			cur = cur.Foreground(fg)
		}
		if bg != nil {
			cur = cur.Background(bg)
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == 0x02:
			bold = !bold
			restyle()
		case r == 0x1d:
			italic = !italic
			restyle()
		case r == 0x1f:
			under = !under
			restyle()
		case r == 0x1e:
			strike = !strike
			restyle()
		case r == 0x16:
			rev = !rev
			restyle()
		case r == 0x0f:
			bold, italic, under, strike, rev, fg, bg = false, false, false, false, false, nil, nil
			restyle()
		case r == 0x03:
			var f, b int
			var okF, okB bool
			f, i, okF = mircNumber(s, i)
			if okF && i+1 < len(s) && s[i] == ',' && isDigit(s[i+1]) {
				b, i, okB = mircNumber(s, i+1)
			}
			fg, bg = nil, nil
			if okF {
				fg = st.Palette.MIRC(f)
			}
			if okB {
				bg = st.Palette.MIRC(b)
			}
			restyle()
		case r == 0x04: // hex colour: skip the digits, keep the text plain
			for n := 0; n < 6 && i < len(s) && isHex(s[i]); n++ {
				i++
			}
		case r == '\t':
			seg.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
			flush()
			out.WriteString(st.Inert.Render("^" + string(rune(r^0x40))))
		case (r == utf8.RuneError && size == 1) || (r >= 0x80 && r < 0xa0) || isBidi(r):
			flush()
			out.WriteString(st.Inert.Render("?"))
		default:
			seg.WriteRune(r)
		}
	}
	flush()
	return out.String()
}

func mircNumber(s string, i int) (n, next int, ok bool) {
	j := i
	for j < len(s) && j-i < 2 && isDigit(s[j]) {
		n = n*10 + int(s[j]-'0')
		j++
	}
	return n, j, j > i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') }

// isBidi catches what reorders or hides text without being seen:
// directional overrides and isolates, line/paragraph separators, and
// zero-width characters.
func isBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c ||
		r == 0x2028 || r == 0x2029 || (r >= 0x200b && r <= 0x200d) || (r >= 0x2060 && r <= 0x2064) || r == 0xfeff
}

// plainIRC is RenderIRC without styles, for places that style whole cells
// (side panes): formatting codes vanish, control characters show as ^X.
func plainIRC(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == 0x02 || r == 0x1d || r == 0x1f || r == 0x1e || r == 0x16 || r == 0x0f:
		case r == 0x03:
			_, i, _ = mircNumber(s, i)
			if i+1 < len(s) && s[i] == ',' && isDigit(s[i+1]) {
				_, i, _ = mircNumber(s, i+1)
			}
		case r == 0x04:
			for n := 0; n < 6 && i < len(s) && isHex(s[i]); n++ {
				i++
			}
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
			b.WriteString("^" + string(rune(r^0x40)))
		case (r == utf8.RuneError && size == 1) || (r >= 0x80 && r < 0xa0) || isBidi(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
