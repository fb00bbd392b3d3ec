package review

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// A chair amends an item and redacts a log line from the meeting view; the
// regenerated minutes show both, and the reason is required.
func TestAmendFromReview(t *testing.T) {
	a := fixture(t)
	m := New(Options{Archive: a, Dark: true, User: "tester", Now: func() time.Time { return time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC) }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(m, m.loadMeetings())
	press(m, "f")
	m.input.SetValue("#team")
	press(m, "enter", "enter")

	press(m, "e")
	if !strings.Contains(m.err+m.status, "select an item first") {
		t.Fatalf("e without a selected item: %q %q", m.err, m.status)
	}
	press(m, "n", "n", "e")
	if m.mode != inputAmend || m.input.Value() != "bob write the release notes" {
		t.Fatalf("amend prompt: mode %d value %q", m.mode, m.input.Value())
	}
	m.input.SetValue("bob writes the release notes")
	press(m, "enter")
	if m.mode != inputWhy {
		t.Fatalf("no reason asked: %q", m.err)
	}
	press(m, "enter") // no reason given
	if !strings.Contains(m.err, "needs a reason") {
		t.Fatalf("an amendment without a reason: %q", m.err)
	}
	press(m, "e")
	m.input.SetValue("bob writes the release notes")
	press(m, "enter")
	m.input.SetValue("grammar")
	press(m, "enter")
	s := screenText(m)
	if !strings.Contains(s, "bob writes the release notes") ||
		!strings.Contains(s, "amended by tester on 2026-02-01: grammar") {
		t.Fatalf("after the amendment:\n%s\nerr %q", s, m.err)
	}

	// Redact the line above the action from the log.
	press(m, "tab", "k", "e")
	if m.mode != inputWhy || !strings.Contains(m.input.Prompt, "redact line 5") {
		t.Fatalf("redact prompt: %q", m.input.Prompt)
	}
	m.input.SetValue("personal data")
	press(m, "enter")
	s = screenText(m)
	if strings.Contains(s, "zeppelin hangar") || !strings.Contains(s, "[redacted by tester on 2026-02-01: personal data]") {
		t.Fatalf("after the redaction:\n%s\nerr %q", s, m.err)
	}
	if hits, err := a.Search(t.Context(), "hangar", 10); err != nil || len(hits) != 0 {
		t.Fatalf("search still finds the redacted line: %+v %v", hits, err)
	}
}

func TestReadOnlyCannotAmend(t *testing.T) {
	a := fixture(t)
	m := New(Options{Archive: a, Dark: true, ReadOnly: true})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(m, m.loadMeetings())
	press(m, "enter", "n", "e")
	if m.mode != inputNone || strings.Contains(screenText(m), "amend") {
		t.Fatalf("a read-only reader can amend:\n%s", screenText(m))
	}
}
