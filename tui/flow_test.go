package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

// demoLines imports the bundled demo meeting.
func demoLines(t testing.TB) []meeting.Line {
	d, _ := time.Parse(time.DateOnly, DemoDate)
	r := importer.New(bytes.NewReader(DemoLog), importer.Options{Date: d})
	var out []meeting.Line
	for r.Next() {
		out = append(out, r.Line())
	}
	if r.Err() != nil || len(out) < 50 {
		t.Fatalf("demo log: %v, %d lines", r.Err(), len(out))
	}
	return out
}

// TestReplayFlow plays the demo meeting through a real Bubble Tea program
// and checks the panes along the way and the minutes at the end.
func TestReplayFlow(t *testing.T) {
	m := New(Options{Channel: "#gavel-demo", Replay: NewReplay(demoLines(t), 100000, time.Millisecond), Dark: true})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithFPS(10)))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Meeting summary"))
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(50*time.Millisecond))
	final := ansi.Strip(m.View().Content)
	for _, want := range []string{"Minutes", "Gavel release sync", "AGREED", "release on Friday", "+1: 5",
		"Which codename?", "otter: 4", "REJECTED"} {
		if !strings.Contains(final, want) {
			t.Errorf("minutes view lacks %q:\n%s", want, final)
		}
	}
	// back to the live panes: the final state of the meeting
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	mt := fm.Meeting()
	if !mt.Ended() || len(mt.Actions()) != 5 || len(mt.Chairs()) != 3 {
		t.Fatalf("final meeting: ended=%v actions=%d chairs=%v", mt.Ended(), len(mt.Actions()), mt.Chairs())
	}
	fm.mode, fm.quitting = modeLive, false
	panes := ansi.Strip(fm.render())
	for _, want := range []string{"Chairs", "● alice", "Actions", "frank", "This topic", "next meeting in two weeks"} {
		if !strings.Contains(panes, want) {
			t.Errorf("final panes lack %q:\n%s", want, panes)
		}
	}
}
