package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting"
)

// TestInlineMinutesShowEscapedCharacters: the minutes Markdown escapes
// '&' and friends; the chair's inline minutes show the characters said.
func TestInlineMinutesShowEscapedCharacters(t *testing.T) {
	s := meeting.NewSession(meeting.Config{Channel: "#c"})
	for _, l := range lines("alice #startmeeting R&D", "alice #info Q&A <b> *x* [y] &amp;", "alice #endmeeting") {
		s.Apply(l)
	}
	for _, dark := range []bool{true, false} {
		msg := renderMinutes(s.Meetings()[0].Minutes(), 80, dark, false, true)()
		out := ansi.Strip(msg.(minutesRenderedMsg).text)
		if !strings.Contains(out, "Q&A <b> *x* [y] &amp;") || strings.Contains(out, `\&`) {
			t.Fatalf("dark=%v:\n%s", dark, out)
		}
	}
}
