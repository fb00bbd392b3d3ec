package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestJournalBanner: while the journal cannot be written a banner sits
// over the panes (the screen keeps its height); recovery removes it and
// says so in the footer.
func TestJournalBanner(t *testing.T) {
	m, _ := liveModel(t, "alice #startmeeting", "bob hello")
	screen := func() []string { return strings.Split(ansi.Strip(m.render()), "\n") }
	before := screen()
	m.Update(JournalMsg{Trouble: "journal NOT writable (no space left on device): 3 lines held in memory, retrying"})
	during := screen()
	if len(during) != len(before) || !strings.Contains(during[1], "journal NOT writable") {
		t.Fatalf("banner: %d lines (was %d), second line %q", len(during), len(before), during[1])
	}
	m.Update(JournalMsg{Status: "journal writable again: 3 held lines recorded"})
	after := screen()
	if len(after) != len(before) || strings.Contains(strings.Join(after, "\n"), "NOT writable") ||
		!strings.Contains(after[len(after)-1], "writable again") {
		t.Fatalf("after recovery:\n%s", strings.Join(after, "\n"))
	}
}
