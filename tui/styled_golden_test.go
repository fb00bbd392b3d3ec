package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestStyledScreenGoldens keeps the screen's colours: the goldens hold
// the view with its ANSI styling, dark and light, so a style change fails
// here (go test ./tui -update refreshes them). The plain goldens
// (screen-*.golden) hold the text.
func TestStyledScreenGoldens(t *testing.T) {
	demo := []string{
		"alice #startmeeting Release", "alice #chair bob carol", "alice #topic Dates", "bob #info beta is ready",
		"erin I propose Friday", "bob +1", "carol +1 sure", "alice #agreed Friday",
		"bob #action carol writes notes", "alice #startvote Codename? fox, owl", "bob #vote fox",
	}
	for _, dark := range []bool{true, false} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			m := New(Options{Network: "net", Channel: "#c", Nick: "alice", Send: &fakeSender{}, Dark: dark})
			m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			for _, l := range lines(demo...) {
				m.Update(LineMsg{Line: l})
			}
			got := m.View().Content
			if !strings.Contains(got, "\x1b[") {
				t.Fatal("the view has no styling to keep")
			}
			variant := map[bool]string{true: "dark", false: "light"}[dark]
			golden(t, fmt.Sprintf("screen-styled-%dx%d-%s", size[0], size[1], variant), got)
		}
	}
}
