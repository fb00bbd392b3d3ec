package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting"
)

// TestChairViewShowsGaps: the chair sees where the recorder was not
// connected, which lines the server replayed, and when the replay covered
// the gap.
func TestChairViewShowsGaps(t *testing.T) {
	m, _ := liveModel(t, "alice #startmeeting", "bob before")
	gap := meeting.Line{Time: t0.Add(30 * time.Second), Kind: meeting.Gap, From: t0.Add(2 * time.Second)}
	rec := meeting.Line{Time: t0.Add(10 * time.Second), Nick: "bob", Text: "while away", Recovered: true}
	m.Update(LineMsg{Line: gap})
	m.Update(LineMsg{Line: rec})
	// one space between words, whatever the pane wrapped
	flat := func() string { return strings.Join(strings.Fields(ansi.Strip(m.channel.View())), " ") }
	view := flat()
	for _, want := range []string{"not connected from 15:00:02 to 15:00:30; lines said then may be missing", "↺ <bob> while away"} {
		if !strings.Contains(view, want) {
			t.Fatalf("channel pane lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "nothing is missing") {
		t.Fatalf("gap shown as filled before it was:\n%s", view)
	}
	m.Update(LineMsg{Line: meeting.Line{Time: t0.Add(30 * time.Second), Kind: meeting.GapFilled}})
	if view := flat(); !strings.Contains(view, "nothing is missing") {
		t.Fatalf("filled gap not shown:\n%s", view)
	}
	if g := m.Meeting().Minutes().Gaps; len(g) != 1 || !g[0].Filled || g[0].Recovered != 1 {
		t.Fatalf("replica's gaps %+v", g)
	}
}
