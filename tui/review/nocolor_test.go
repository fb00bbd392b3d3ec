package review

import (
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/gavel-irc/gavel/internal/sgr"
)

// reviewScreens walks every screen of the review (list, filter prompt,
// minutes, log jumped to, search hits, actions), on a dark and then a
// light background, and returns each frame.
func reviewScreens(t *testing.T, plain bool) []string {
	a := fixture(t)
	m := New(Options{Archive: a, Dark: true, User: "tester", Plain: plain,
		Now: func() time.Time { return time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC) }})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	drive(m, m.loadMeetings())
	var frames []string
	shot := func(what string) {
		v := m.View().Content
		if !strings.Contains(v, "\x1b[") {
			t.Fatalf("%s: no styling at all, nothing to check", what)
		}
		frames = append(frames, v)
	}
	for _, bg := range []color.Color{color.Black, color.White} {
		_, cmd := m.Update(tea.BackgroundColorMsg{Color: bg})
		drive(m, cmd)
		shot("list")
		press(m, "f")
		shot("filter prompt")
		m.input.SetValue("#team")
		press(m, "enter", "enter")
		shot("minutes")
		press(m, "n", "n", "enter")
		shot("log")
		press(m, "esc", "/")
		m.input.SetValue("zeppelin")
		press(m, "enter")
		shot("search")
		press(m, "esc", "a")
		shot("actions")
		press(m, "esc", "esc")
	}
	return frames
}

// TestReviewNoColor: with NO_COLOR (Options.Plain) no frame of any screen
// carries a colour, on either background, and selections still show in
// reverse video; without it the same walk is coloured, so the check can
// see colours when they are there.
func TestReviewNoColor(t *testing.T) {
	for _, tc := range []struct {
		name       string
		plain      bool
		wantColour bool
	}{
		{"NO_COLOR", true, false},
		{"colour", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			coloured, reversed := 0, 0
			for i, f := range reviewScreens(t, tc.plain) {
				st := sgr.Scan(f)
				if c := st.Colour; c != "" {
					coloured++
					if !tc.wantColour {
						t.Errorf("frame %d has a colour sequence %s:\n%s", i, c, f)
					}
				}
				if st.Has(7) {
					reversed++
				}
			}
			if tc.wantColour && coloured == 0 {
				t.Error("no frame is coloured")
			}
			if reversed == 0 {
				t.Error("no frame shows a selection in reverse video")
			}
		})
	}
}
