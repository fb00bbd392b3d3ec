package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"

	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// RenderIRC draws text from IRC safely, by the one display rule
// (meeting/plaintext, shared with the review and the minutes): mIRC bold,
// italic, underline, strike, reverse and colours become styles; every
// other control character — ESC above all, so no escape sequence, OSC 52
// clipboard write or cursor move from the network reaches the terminal —
// is drawn inert in reverse video as the minutes show it: ^X for a C0
// control (irssi's and WeeChat's way), U+FFFD for a C1 control, a bidi
// override, an invisible character or invalid UTF-8.
func RenderIRC(s string, base lipgloss.Style, st *Styles) string {
	var out []byte
	cur := base
	var bold, italic, under, strike, rev bool
	var fg, bg color.Color
	restyle := func() {
		cur = base.Bold(bold).Italic(italic).Underline(under).Strikethrough(strike).Reverse(rev)
		if fg != nil {
			cur = cur.Foreground(fg)
		}
		if bg != nil {
			cur = cur.Background(bg)
		}
	}
	// Adjacent text tokens (a TAB's space after a word) are drawn as one
	// segment, so a line renders as it did before the rule was shared.
	var seg []byte
	flush := func() {
		if len(seg) > 0 {
			out = append(out, cur.Render(string(seg))...)
			seg = seg[:0]
		}
	}
	plaintext.Scan(s, func(t plaintext.Token) {
		switch t.Kind {
		case plaintext.Text:
			seg = append(seg, t.Text...)
			return
		case plaintext.Shown:
			flush()
			out = append(out, st.Inert.Render(t.Text)...)
			return
		case plaintext.HexColour, plaintext.Monospace:
			return // drawn plain: no style to give them
		}
		flush()
		switch t.Kind {
		case plaintext.Bold:
			bold = !bold
		case plaintext.Italic:
			italic = !italic
		case plaintext.Underline:
			under = !under
		case plaintext.Strike:
			strike = !strike
		case plaintext.Reverse:
			rev = !rev
		case plaintext.Reset:
			bold, italic, under, strike, rev, fg, bg = false, false, false, false, false, nil, nil
		case plaintext.Colour:
			// MIRC is nil for none (-1) or past the classic 16 (99 is
			// mIRC's "default"): the text keeps its base colour.
			fg, bg = st.Palette.MIRC(t.FG), st.Palette.MIRC(t.BG)
		}
		restyle()
	})
	flush()
	return string(out)
}
