package review

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/gavel-irc/gavel/meeting/archive"
)

func fixture(t testing.TB) *archive.Archive {
	t.Helper()
	logs := t.TempDir()
	write := func(name string, lines ...string) {
		var b strings.Builder
		for i, l := range lines {
			fmt.Fprintf(&b, "15:%02d:00 %s\n", i, l)
		}
		os.WriteFile(filepath.Join(logs, name), []byte(b.String()), 0o644)
	}
	write("team.2026-01-05-15.00.log.txt", "<alice> #startmeeting", "<alice> #meetingname infra", "<bob> hello",
		"<alice> #topic Zeppelin budget", "<bob> the zeppelin hangar needs a new roof",
		"<alice> #action bob write the release notes", "<eve> \x1b[2J\x1b]8;;http://x\x07click", "<alice> #endmeeting")
	write("ops.2026-01-06-10.00.log.txt", "<carol> #startmeeting", "<carol> #topic Pager rota", "<dave> fine", "<carol> #endmeeting")
	return importLogs(t, logs)
}

// importLogs is a new archive of the logs in a directory.
func importLogs(t testing.TB, logs string) *archive.Archive {
	t.Helper()
	a, err := archive.Open(filepath.Join(t.TempDir(), "a"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Import(t.Context(), []string{logs}, archive.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return a
}

// drive runs a command chain synchronously (what the program would do),
// feeding every resulting message back into Update.
func drive(m *Model, cmd tea.Cmd) {
	for cmd != nil {
		msg := cmd()
		switch msg := msg.(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				drive(m, c)
			}
			return
		case nil:
			return
		default:
			// Only this package's messages (archive results); cursor
			// blinks and terminal queries are not followed.
			if !strings.HasPrefix(fmt.Sprintf("%T", msg), "review.") {
				return
			}
			_, cmd = m.Update(msg)
		}
	}
}

func press(m *Model, keys ...string) {
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		if m.mode != inputNone {
			continue // the command only blinks the cursor
		}
		drive(m, cmd)
	}
}

func screenText(m *Model) string { return ansi.Strip(m.View().Content) }

func TestReviewFlow(t *testing.T) {
	a := fixture(t)
	m := New(Options{Archive: a, Dark: true, User: "tester", Now: func() time.Time { return time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC) }})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	drive(m, m.loadMeetings())
	s := screenText(m)
	if !strings.Contains(s, "Meetings (2)") || strings.Index(s, "#ops") > strings.Index(s, "#team") {
		t.Fatalf("list (newest first):\n%s", s)
	}
	// Filter by channel.
	press(m, "f")
	m.input.SetValue("#team")
	press(m, "enter")
	if s = screenText(m); !strings.Contains(s, "Meetings (1)") || strings.Contains(s, "#ops") {
		t.Fatalf("filter:\n%s", s)
	}
	// Open, minutes, items, jump to the log.
	press(m, "enter")
	if s = screenText(m); !strings.Contains(s, "Zeppelin budget") || !strings.Contains(s, "Meeting summary") {
		t.Fatalf("minutes:\n%s", s)
	}
	press(m, "n", "n")
	if s = screenText(m); !strings.Contains(s, "▸ ACTION bob write the release notes") {
		t.Fatalf("item selection:\n%s", s)
	}
	press(m, "enter")
	if s = screenText(m); !strings.Contains(s, "line 6 of 8") || !strings.Contains(s, "<bob> the zeppelin hangar") {
		t.Fatalf("jump to log:\n%s", s)
	}
	if v := m.View().Content; strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\x1b]8") {
		t.Fatal("raw escape from the log in the view")
	}
	// Search with a syntax error falls back to a literal search.
	press(m, "esc", "/")
	m.input.SetValue(`"zeppelin`)
	press(m, "enter")
	if s = screenText(m); !strings.Contains(s, "searched literally") || !strings.Contains(s, "hits") {
		t.Fatalf("literal fallback:\n%s", s)
	}
	// Actions: mark the item done.
	press(m, "esc", "a")
	if s = screenText(m); !strings.Contains(s, "Action items (1, all)") || !strings.Contains(s, "open") {
		t.Fatalf("actions:\n%s", s)
	}
	press(m, "d")
	if s = screenText(m); !strings.Contains(s, "closed ") || !strings.Contains(s, "done") {
		t.Fatalf("mark done:\n%s", s)
	}
	acts, _ := a.Actions(t.Context(), archive.ActionFilter{Open: true})
	if len(acts) != 0 {
		t.Fatalf("still open: %+v", acts)
	}
	// u undoes it.
	press(m, "u")
	if s = screenText(m); !strings.Contains(s, "reopened ") {
		t.Fatalf("undo done:\n%s", s)
	}
	if acts, _ = a.Actions(t.Context(), archive.ActionFilter{Open: true}); len(acts) != 1 {
		t.Fatalf("not open again: %+v", acts)
	}
	// Light background: styles rebuilt, still renders.
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	if m.st.Dark {
		t.Fatal("white background not taken as light")
	}
}

func TestParseFilter(t *testing.T) {
	f, err := parseFilter("#fedora name:council who:nirik from:2024-01-01 to:2024-01-31")
	if err != nil || f.Channel != "#fedora" || f.Name != "council" || f.Person != "nirik" ||
		f.From.Format(time.DateOnly) != "2024-01-01" || f.To.Format(time.DateOnly) != "2024-02-01" {
		t.Fatalf("%+v %v", f, err)
	}
	if _, err := parseFilter("from:yesterday"); err == nil {
		t.Fatal("bad date accepted")
	}
}

// BenchmarkFirstFrame measures gavel review's start: opening the archive,
// the first meeting-list query and drawing it. With GAVEL_BENCH_DIR it
// uses the archive meeting/archive's BenchmarkScale left there (e.g. 20,000
// meetings); otherwise a small fixture.
func BenchmarkFirstFrame(b *testing.B) {
	dir := ""
	if root := os.Getenv("GAVEL_BENCH_DIR"); root != "" {
		dir = filepath.Join(root, "archive")
	} else {
		dir = fixture(b).Dir
	}
	var lat []time.Duration
	for b.Loop() {
		t0 := time.Now()
		a, err := archive.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		m := New(Options{Archive: a, Dark: true})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		drive(m, m.loadMeetings())
		v := m.View().Content
		lat = append(lat, time.Since(t0))
		if !strings.Contains(v, "Meetings (") {
			b.Fatal("no list in the first frame")
		}
		a.Close()
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "first-frame-p95-ms")
}
