package tui

import (
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

// TestViewFollowsRecorderStyle: the view's replica of the meeting names
// it as the recorder's flavour does, so the chair sees the name its files
// get.
func TestViewFollowsRecorderStyle(t *testing.T) {
	tests := []struct {
		flavour meeting.Flavour
		want    string
	}{
		{meeting.FlavourZodbot, "big_sync"},
		{meeting.FlavourDarst, "c"},
		{meeting.FlavourOpenStack, "big_sync"},
	}
	for _, tc := range tests {
		m := New(Options{Channel: "#c", Nick: "alice", Send: &fakeSender{}, Dark: true, Style: meeting.Config{Flavour: tc.flavour}})
		m.Update(LineMsg{Line: meeting.Line{Time: t0, Nick: "alice", Text: "#startmeeting Big Sync"}})
		if got := m.Meeting().Name(); got != tc.want {
			t.Errorf("%s: name %q, want %q", tc.flavour, got, tc.want)
		}
		if got := m.Meeting().Minutes().Flavour; got != tc.flavour {
			t.Errorf("%s: minutes flavour %q", tc.flavour, got)
		}
	}
}
