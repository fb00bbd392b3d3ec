package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestPaneWidthsNeverJump: the channel's width follows the screen alone,
// a column of resize moves it at most a column, and the side panes keep
// between 30 and 44 columns; below 80 the channel has the whole width.
func TestPaneWidthsNeverJump(t *testing.T) {
	prevSide, prevChan := paneWidths(narrowWidth)
	for w := narrowWidth + 1; w <= 300; w++ {
		side, ch := paneWidths(w)
		if side < 30 || side > 44 || side+ch+1 != w {
			t.Fatalf("width %d: side %d channel %d", w, side, ch)
		}
		if d := ch - prevChan; d < 0 || d > 1 || side < prevSide {
			t.Fatalf("width %d: channel %d after %d, side %d after %d (a jump)", w, ch, prevChan, side, prevSide)
		}
		prevSide, prevChan = side, ch
	}
	for _, w := range []int{20, 60, 79} {
		if side, ch := paneWidths(w); side != 0 || ch != w {
			t.Fatalf("width %d: side %d channel %d, want 0 and %d", w, side, ch, w)
		}
	}
	// Lines of any length leave the channel's width alone.
	m := paneModel(t, 100, 30, []string{"alice hi"})
	before := m.channel.w
	m.Update(LineMsg{Line: lines("bob " + strings.Repeat("long ", 80))[0]})
	if m.channel.w != before {
		t.Fatalf("a long line moved the channel pane from %d to %d columns", before, m.channel.w)
	}
}

// TestNarrowScreenSwapsPanes: at 60 columns the votes and actions are one
// key (F2) away, and the footer says which.
func TestNarrowScreenSwapsPanes(t *testing.T) {
	m := paneModel(t, 60, 20, []string{"alice #startmeeting Release", "alice #action carol writes notes",
		"alice #startvote Codename? fox, owl", "bob #vote fox"})
	screen := func() string { return ansi.Strip(m.View().Content) }
	s := screen()
	if strings.Contains(s, "Votes") || !strings.Contains(s, "f2 votes/actions") {
		t.Fatalf("60 columns, channel shown, the footer names F2:\n%s", s)
	}
	press(m, "f2")
	s = screen()
	for _, want := range []string{"Votes", "Codename?", "Actions", "carol writes notes"} {
		if !strings.Contains(s, want) {
			t.Fatalf("after F2 the panes lack %q:\n%s", want, s)
		}
	}
	for i, l := range strings.Split(s, "\n") {
		if w := ansi.StringWidth(l); w > 60 {
			t.Fatalf("line %d is %d columns wide at 60:\n%s", i, w, s)
		}
	}
	press(m, "f2")
	if s = screen(); strings.Contains(s, "Votes") || !strings.Contains(s, "#startvote") {
		t.Fatalf("F2 again shows the channel:\n%s", s)
	}
	// Wide again: both side by side, F2 not offered.
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if s = screen(); !strings.Contains(s, "Votes") || strings.Contains(s, "f2 votes/actions") {
		t.Fatalf("120 columns:\n%s", s)
	}
}
