package tui

import (
	"charm.land/bubbles/v2/key"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting"
)

// TestHelpFitsAndScrolls: at 120, 80 and 60 columns every help line fits
// the width, and scrolling down shows every key the keymap has; any other
// key closes the help.
func TestHelpFitsAndScrolls(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := paneModel(t, size[0], size[1], nil)
			press(m, "f1")
			seen := ""
			for i := 0; i < 200; i++ {
				s := ansi.Strip(m.View().Content)
				for n, l := range strings.Split(s, "\n") {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Fatalf("line %d is %d columns wide:\n%s", n, w, s)
					}
				}
				seen += s
				if !strings.Contains(s, "↓ more") {
					break
				}
				press(m, "j")
			}
			for _, group := range m.c.Keys.FullHelp() {
				for _, b := range group {
					if b.Enabled() && !strings.Contains(seen, b.Help().Desc) {
						t.Errorf("the help never shows %q", b.Help().Desc)
					}
				}
			}
			for _, name := range meeting.CommandNames() {
				if u := meeting.CommandUsage(strings.TrimPrefix(name, "#")); !strings.Contains(seen, u[:min(len(u), 30)]) {
					t.Errorf("the help never shows %q", u)
				}
			}
			if !strings.Contains(strings.Join(strings.Fields(seen), " "), "any other key closes this help") { // wrapped anywhere
				t.Error("the help never says how to close it")
			}
			press(m, "x")
			if m.mode != modeLive {
				t.Fatal("x did not close the help")
			}
		})
	}
}

// TestCommandKeysNameEngineCommands: every key that prefills or sends a
// meeting command names a command of the engine's table.
func TestCommandKeysNameEngineCommands(t *testing.T) {
	known := map[string]bool{}
	for _, n := range meeting.CommandNames() {
		known[n] = true
	}
	for _, ck := range DefaultKeyMap().commandKeys() {
		name, _, _ := strings.Cut(strings.TrimSpace(ck.text), " ")
		if !known[name] {
			t.Errorf("key %q sends %q: no such command", ck.binding.Help().Key, name)
		}
	}
}

// TestHintsComeFromTheKeymap: the leader's status line and the focused
// channel's and the replay's footers are written from the keymap, so a
// rebound key shows up in every hint.
func TestHintsComeFromTheKeymap(t *testing.T) {
	m := paneModel(t, 200, 30, nil)
	m.c.Keys.Topic.SetHelp("T", "#topic-rebound")
	m.c.Keys.Close.SetHelp("Q", "quit-rebound")
	press(m, "ctrl+x")
	if !strings.Contains(m.status, "T #topic-rebound") {
		t.Fatalf("leader hint: %q", m.status)
	}
	press(m, "esc", "esc")
	if s := ansi.Strip(m.View().Content); !strings.Contains(s, "T #topic-rebound") || !strings.Contains(s, "Q quit-rebound") {
		t.Fatalf("channel footer:\n%s", s)
	}
}

// TestHelpNoteFollowsTheKeymap: the help's closing note names the keys the
// keymap binds, not keys typed into a string.
func TestHelpNoteFollowsTheKeymap(t *testing.T) {
	m := paneModel(t, 120, 40, nil)
	m.c.Keys.Leader = key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("^G", "meeting command…"))
	if note := m.helpNote(); !strings.Contains(note, "^G then the letter") || strings.Contains(note, "^X") {
		t.Fatalf("help note %q does not follow the rebound leader", note)
	}
}
