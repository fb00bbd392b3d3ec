package tui

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// updating reports -update, the flag of charmbracelet/x/exp/golden (which
// teatest pulls into this test binary): one flag refreshes every golden.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// golden compares got with testdata/<name>.golden.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name+".golden")
	if updating() {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, p, got, want)
	}
}

// hostile lines: terminal escapes, OSC 52 clipboard writes, bidi
// overrides, C1 controls, invalid UTF-8, mIRC formatting.
var hostileFeed = []string{
	"alice #startmeeting Hostile \x1b[2J\x1b[H",
	"alice #chair bob x[m]",
	"alice #topic \u202eevil\u202c topic \x1b]52;c;cHduZWQ=\x07",
	"mallory \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ \x9b31m C1 and \xff\xfe bad bytes",
	"x[m] \x02bold\x02 \x0304red\x03 \x1funder\x1f \x16rev\x16 \x0fplain",
	"bob I propose \x1b[31mred\x1b[0m text",
	"carol +1",
	"mallory -1",
	"alice #agreed \u2066isolated\u2069 decision",
	"bob #action x[m] and carol fix the \x1b[5mblink",
	"bob #startvote Pick one? a, b",
	"carol #vote a",
	"bob #link https://example.org/\x1b]52;c;x\x07\u202e?q=\"><script>",
}

func paneModel(t *testing.T, w, h int, feed []string) *Model {
	t.Helper()
	m := New(Options{Network: "net", Channel: "#c", Nick: "alice", Send: &fakeSender{}, Dark: true})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for _, l := range lines(feed...) {
		m.Update(LineMsg{Line: l})
	}
	return m
}

func TestPaneGoldens(t *testing.T) {
	demo := []string{
		"alice #startmeeting Release", "alice #chair bob carol", "alice #topic Dates", "bob #info beta is ready",
		"erin I propose Friday", "bob +1", "carol +1 sure", "dave 0", "alice #agreed Friday",
		"bob #action carol writes notes", "alice #action dave and erin test", "alice #action someone books a room",
		"alice #startvote Codename? fox, owl", "bob #vote fox", "carol #vote owl", "dave #vote fox",
		"*frank waves", "bob https://example.org/notes",
	}
	for _, w := range []int{30, 40} {
		m := paneModel(t, 120, 40, demo)
		mt := m.Meeting()
		for name, p := range map[string]interface {
			SetSize(int, int)
		}{"chairs": &m.chairs, "votes": &m.votes, "actions": &m.actions, "topic": &m.topic} {
			p.SetSize(w, 8)
			var got string
			switch name {
			case "chairs":
				got = m.chairs.View(mt, m.present)
			case "votes":
				got = m.votes.View(mt)
			case "actions":
				got = m.actions.View(mt)
			case "topic":
				got = m.topic.View(mt)
			}
			golden(t, name+"-"+itoa(w), ansi.Strip(got))
		}
		m.channel.SetSize(w+30, 12)
		golden(t, "channel-"+itoa(w+30), ansi.Strip(m.channel.View()))
	}
	m := paneModel(t, 80, 24, demo)
	golden(t, "screen-80x24", ansi.Strip(m.View().Content))
	m = paneModel(t, 120, 40, demo)
	golden(t, "screen-120x40", ansi.Strip(m.View().Content))
	// the informal tally pane before the decision
	m = paneModel(t, 120, 40, demo[:8])
	m.votes.SetSize(34, 8)
	golden(t, "votes-tally-34", ansi.Strip(m.votes.View(m.Meeting())))
	// a formal vote just ended: its result, not zeros
	m = paneModel(t, 120, 40, append(demo[:16:16], "alice #endvote"))
	m.votes.SetSize(34, 8)
	golden(t, "votes-ended-34", ansi.Strip(m.votes.View(m.Meeting())))
}

// sgr matches the view's own colour sequences, and the OSC 8 hyperlinks
// glamour makes of (sanitised) links: those, and only those, may reach
// the terminal.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m|\x1b\[[0-9]*[XCGK]|\x1b\]8;[^\x00-\x1f\x7f]*(\x07|\x1b\\)`)

// TestHostileTextIsInert: whatever participants send, the screen gets only
// the view's own colour sequences — no other escape, no OSC, no C1, no
// bidi override — and the goldens show the control characters as ^X.
func TestHostileTextIsInert(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := paneModel(t, size[0], size[1], hostileFeed)
		out := m.View().Content
		rest := sgr.ReplaceAllString(out, "")
		for _, bad := range []string{"\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\xff"} {
			if strings.Contains(rest, bad) {
				t.Fatalf("%dx%d: %q reached the screen:\n%q", size[0], size[1], bad, rest)
			}
		}
		golden(t, "hostile-"+itoa(size[0])+"x"+itoa(size[1]), ansi.Strip(out))
		// the minutes view renders the same text through glamour
		cmd := press(m, "ctrl+x", "m")
		m.Update(run(cmd))
		rest = sgr.ReplaceAllString(m.View().Content, "")
		for _, bad := range []string{"\x1b", "\x07", "\x9b", "\u202e", "\u2066"} {
			if strings.Contains(rest, bad) {
				t.Fatalf("minutes view: %q reached the screen:\n%q", bad, rest)
			}
		}
		// ...and shows the minutes, with the hostile items made inert, not
		// an empty or error screen.
		plain := strings.Join(strings.Fields(ansi.Strip(m.View().Content)), " ")
		for _, want := range []string{"Meeting summary", "decision", "fix the", "blink", "Pick one?"} {
			if !strings.Contains(plain, want) {
				t.Fatalf("%dx%d: the minutes view lacks %q:\n%s", size[0], size[1], want, plain)
			}
		}
	}
	if got := plaintext.Plain("a\x1b[31mb\x07c\u202ed"); got != "a^[[31mb^Gc\uFFFDd" {
		t.Fatalf("plaintext.Plain: %q", got)
	}
}
