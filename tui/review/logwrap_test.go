package review

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/tui/palette"
)

// TestLogLinesWrap: a long line in the log pane wraps under its text,
// nothing is cut, no row is wider than the pane, and the cursor's line
// shows whole even at the bottom.
func TestLogLinesWrap(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 15, 0, 0, 0, time.UTC)
	long := strings.Repeat("the zeppelin hangar needs a new roof ", 6) + "END"
	var log []archive.LogLine
	for i := 1; i <= 12; i++ {
		text := "short line"
		if i%4 == 0 {
			text = long
		}
		log = append(log, archive.LogLine{N: i, Time: t0.Add(time.Duration(i) * time.Minute), Nick: "bob", Text: text})
	}
	log = append(log, archive.LogLine{N: 13, Time: t0, Nick: strings.Repeat("n", 50), Text: "a nick longer than half the pane"})
	st := NewStyles(palette.For(true, false))
	for _, w := range []int{40, 80} {
		p := &meetPane{m: &archive.Meeting{}, log: log, logc: cursor{n: len(log), h: 8}, focusLog: true}
		var all []string
		for cur := 0; cur < len(log); cur++ {
			p.logc.set(cur)
			out := p.renderLog(st, w)
			rows := strings.Split(out, "\n")
			if len(rows) > 8 {
				t.Fatalf("w=%d cur=%d: %d rows in an 8-row pane", w, cur, len(rows))
			}
			for _, r := range rows {
				if ansi.StringWidth(r) > w {
					t.Fatalf("w=%d: row wider than the pane: %q", w, ansi.Strip(r))
				}
			}
			plain := ansi.Strip(out)
			if n := log[cur].N; !strings.Contains(plain, log[cur].Time.Format("15:04:05")) && n != 13 {
				t.Fatalf("w=%d: the cursor's line %d is not shown:\n%s", w, n, plain)
			}
			all = append(all, plain)
		}
		// The long line's words all show, to its END.
		joined := strings.Join(strings.Fields(strings.Join(all, " ")), " ")
		if !strings.Contains(joined, "roof END") || !strings.Contains(joined, "longer than half the pane") {
			t.Fatalf("w=%d: text cut:\n%s", w, all[len(all)-1])
		}
	}
}
