package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestHeaderShowsSpeaker: the header says who speaks for the meeting when
// several gavels record the channel, and control codes in a nick do not
// reach the terminal.
func TestHeaderShowsSpeaker(t *testing.T) {
	for _, tc := range []struct{ msg, want string }{
		{"me", "speaking: me"},
		{"gavelbot (gavel bot)", "speaking: gavelbot (gavel bot)"},
		{"evil\x1b[2J (gavel chair)", "speaking: evil^[[2J (gavel chair)"},
	} {
		m, _ := liveModel(t, "alice #startmeeting")
		if strings.Contains(ansi.Strip(m.View().Content), "speaking:") {
			t.Fatal("speaker shown before any SpeakerMsg")
		}
		m.Update(SpeakerMsg(tc.msg))
		got := m.View().Content
		if !strings.Contains(ansi.Strip(got), tc.want) || strings.Contains(got, "\x1b[2J") {
			t.Errorf("header for %q:\n%s", tc.msg, strings.SplitN(ansi.Strip(got), "\n", 2)[0])
		}
	}
}
