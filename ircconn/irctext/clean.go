// Package irctext holds the one rule for text gavel sends to IRC. ircconn
// applies it to every parameter on the way out; the recorder uses it to
// know how its replies look on the wire (to recognise another gavel's).
package irctext

import (
	"strings"
	"unicode/utf8"
)

// Clean is the one rule for what gavel sends: ircconn passes every
// parameter of every line it sends (messages, notices, topics, actions,
// CTCP replies, part and quit reasons, nicks) through it, so participant
// text quoted in a reply or a topic cannot reach other people's terminals
// or clients as control sequences, nor smuggle a second IRC command.
//
//   - each run of CR and LF becomes one space (no command injection), a TAB
//     becomes a space;
//   - the mIRC formatting codes stay: \x02 bold, \x03 colour, \x0f reset,
//     \x11 monospace, \x16 reverse, \x1d italic, \x1e strike, \x1f
//     underline;
//   - every other C0 control (NUL, \x01 CTCP, BEL, ESC ...), DEL and every
//     C1 control (U+0080–U+009F) is removed: an ESC sequence loses its ESC
//     and becomes harmless text ("\x1b[31m" is sent as "[31m");
//   - invalid UTF-8 becomes U+FFFD.
//
// This is the OUTGOING rule, different from the display rule
// (meeting/plaintext) by design: IRC must get the mIRC codes a chair types
// and nothing else that could act on a client, while a person's screen
// gets every control shown (^[), never removed, so nothing said is hidden.
func Clean(text string) string {
	if cleanAlready(text) {
		return text
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	var b strings.Builder
	b.Grow(len(text))
	inBreak := false
	for _, r := range text {
		switch {
		case r == '\r' || r == '\n':
			if !inBreak {
				b.WriteByte(' ')
			}
			inBreak = true
			continue
		case r == '\t':
			b.WriteByte(' ')
		case isMIRCFormat(r):
			b.WriteRune(r)
		case isControl(r):
			// dropped; a line break around it still counts as one
			continue
		default:
			b.WriteRune(r)
		}
		inBreak = false
	}
	return b.String()
}

// cleanAlready is Clean's fast path: valid UTF-8 with nothing to change.
func cleanAlready(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < 0x20 && !isMIRCFormat(rune(c)) || c == 0x7f || c == 0xc2 {
			// 0xc2 leads U+0080–U+00BF: let the slow path look
			return false
		}
	}
	return utf8.ValidString(text)
}

// isMIRCFormat reports the formatting codes IRC clients render (and gavel
// may send).
func isMIRCFormat(r rune) bool {
	switch r {
	case 0x02, 0x03, 0x0f, 0x11, 0x16, 0x1d, 0x1e, 0x1f:
		return true
	}
	return false
}

// isControl reports C0, DEL and C1 controls.
func isControl(r rune) bool { return r < 0x20 || r >= 0x7f && r <= 0x9f }
