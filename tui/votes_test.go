package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting"
)

// TestDemoVotesPane plays the bundled demo up to a line and checks the
// Votes and topic panes there: the rejected proposal's votes stay with the
// rejection and never reappear on the decision that follows it.
func TestDemoVotesPane(t *testing.T) {
	tests := []struct {
		name      string
		upTo      string // the demo line to stop after ("<nick> text", in part)
		votes     []string
		votesNot  []string
		topicNot  []string
		topicWant []string
	}{
		{"proposal being voted on", "<erin> 0", []string{"proposal: post the announcement", "-1", "dave +1, bob -1, grace -1, erin 0"}, nil, nil, nil},
		{"just rejected: late votes would still count for it", "#rejected announce only",
			[]string{"(closed)", "dave +1, bob -1, grace -1, erin 0"}, nil, nil, []string{"(+1:1 0:1 -1:2)"}},
		{"the next decision", "#agreed announce on the blog, the mailing list and social media",
			[]string{"no open tally"}, []string{"post the announcement", "grace -1"},
			[]string{"social media (+1"}, []string{"REJECTED announce only on the blog and the mailing list (+1:1 0:1 -1:2)"}},
	}
	all := demoLines(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := New(Options{Network: "net", Channel: "#gavel-demo", Nick: "alice", Send: &fakeSender{}, Dark: true})
			n := -1
			for i, l := range all {
				if strings.Contains("<"+l.Nick+"> "+l.Text, tc.upTo) {
					n = i
				}
			}
			if n < 0 {
				t.Fatalf("no demo line %q", tc.upTo)
			}
			for _, l := range all[:n+1] {
				m.Update(LineMsg{Line: l})
			}
			mt := m.Meeting()
			m.votes.SetSize(120, 8)
			m.topic.SetSize(120, 12)
			check(t, "votes", ansi.Strip(m.votes.View(mt)), tc.votes, tc.votesNot)
			check(t, "topic", ansi.Strip(m.topic.View(mt)), tc.topicWant, tc.topicNot)
		})
	}
	// and in the minutes: the agreed item after the rejection has no tally
	var mt = meeting.New(meeting.Config{Channel: "#gavel-demo"})
	for _, l := range all {
		mt.Apply(l)
	}
	for _, it := range mt.Items() {
		if strings.HasPrefix(it.Text, "announce on the blog, the mailing list and social media") && it.Tally != nil {
			t.Errorf("the decision after the rejection carries the rejection's votes: %+v", it.Tally)
		}
	}
}

func check(t *testing.T, pane, got string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s pane lacks %q:\n%s", pane, w, got)
		}
	}
	for _, w := range not {
		if strings.Contains(got, w) {
			t.Errorf("%s pane has %q:\n%s", pane, w, got)
		}
	}
}
