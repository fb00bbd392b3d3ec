package review

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The Actions view holds the newest actionsShown items and its title
// says of how many.
func TestActionsViewCut(t *testing.T) {
	logs := t.TempDir()
	var b strings.Builder
	for i, l := range []string{"<alice> #startmeeting", "<bob> hi", "<alice> #action bob item0",
		"<alice> #action bob item1", "<alice> #action bob item2", "<alice> #endmeeting"} {
		fmt.Fprintf(&b, "15:%02d:00 %s\n", i, l)
	}
	os.WriteFile(filepath.Join(logs, "team.2026-01-05-15.00.log.txt"), []byte(b.String()), 0o644)
	a := importLogs(t, logs)
	defer func(n int) { actionsShown = n }(actionsShown)
	for _, tc := range []struct {
		shown      int
		title      string
		has, hasnt string
	}{
		{2, "Action items (newest 2 of 3, all)", "item2", "item0"},
		{3, "Action items (3, all)", "item0", "newest"},
		{5, "Action items (3, all)", "item1", "newest"},
	} {
		actionsShown = tc.shown
		m := New(Options{Archive: a, Dark: true, User: "tester", Now: func() time.Time { return time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC) }})
		m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		drive(m, m.loadMeetings())
		press(m, "a")
		s := screenText(m)
		if !strings.Contains(s, tc.title) || !strings.Contains(s, tc.has) || strings.Contains(s, tc.hasnt) {
			t.Fatalf("%d shown: want %q, %q and no %q:\n%s", tc.shown, tc.title, tc.has, tc.hasnt, s)
		}
		// More is offered, and works, only when the list was cut.
		if cut := tc.shown < 3; strings.Contains(s, "more items") != cut {
			t.Fatalf("%d shown: help offers more items: %v, want %v:\n%s", tc.shown, !cut, cut, s)
		}
		press(m, "+")
		if s := screenText(m); !strings.Contains(s, "Action items (3, all)") || !strings.Contains(s, "item0") || strings.Contains(s, "more items") {
			t.Fatalf("%d shown, then +: want all 3 items and no more to offer:\n%s", tc.shown, s)
		}
	}
}
