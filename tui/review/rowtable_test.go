package review

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/tui/palette"
)

// keyMsg is the key press named k: a key name or the one character typed.
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

func meetings(n int) []archive.Meeting {
	ms := make([]archive.Meeting, n)
	for i := range ms {
		ms[i] = archive.Meeting{ID: int64(i), Channel: "#team", Name: fmt.Sprintf("m%03d", i),
			Started: time.Date(2026, 1, 1, 15, 0, 0, 0, time.UTC).AddDate(0, 0, -i), Topics: []string{"budget"}}
	}
	return ms
}

// listOf is a meeting list pane w×h (table header included).
func listOf(ms []archive.Meeting, w, h int) (*listPane, *Styles) {
	st := NewStyles(palette.For(true, false))
	p := &listPane{t: newListTable(DefaultKeyMap())}
	p.t.setStyles(st)
	p.t.setSize(w, h, listFlex)
	p.set(st, ms, 0)
	return p, st
}

// selectedLine is the one line drawn reversed, as text. It is reversed
// whole: no cell's own colour (and its reset) inside.
func selectedLine(t *testing.T, view string) string {
	t.Helper()
	var sel []string
	for _, l := range strings.Split(view, "\n") {
		if strings.HasPrefix(l, "\x1b[7m") {
			if inner := strings.TrimSuffix(strings.TrimPrefix(l, "\x1b[7m"), "\x1b[m"); strings.Contains(inner, "\x1b") {
				t.Fatalf("the selected line is not reversed whole: %q", l)
			}
			sel = append(sel, ansi.Strip(l))
		}
	}
	if len(sel) != 1 {
		t.Fatalf("%d selected lines, want 1:\n%s", len(sel), ansi.Strip(view))
	}
	return sel[0]
}

// The list moves with the review's keys and only those (d, u, f, b are
// other screens' keys, which the table's defaults would take), and the
// selected row is always on screen, drawn reversed.
func TestListTableKeys(t *testing.T) {
	const n, h = 50, 10 // 9 rows under the header
	for _, tc := range []struct {
		start int // where a reload put the cursor
		keys  []string
		want  int
	}{
		{30, nil, 30},
		{30, []string{"j"}, 31},
		{n + 5, []string{"k"}, n - 2},
		{0, []string{"j", "j", "down"}, 3},
		{0, []string{"j", "k", "up"}, 0},
		{0, []string{"G"}, n - 1},
		{0, []string{"G", "g"}, 0},
		{0, []string{"pgdown"}, 9},
		{0, []string{"pgdown", " "}, 18},
		{0, []string{"G", "k"}, n - 2},
		{0, []string{"G", "pgup"}, n - 1 - 9},
		{0, []string{"d", "f", "enter"}, 0},
		{0, []string{"G", "u"}, n - 1},
		{0, []string{"G", "b"}, n - 1},
	} {
		p, st := listOf(meetings(n), 100, h)
		p.set(st, p.rows, tc.start)
		for _, k := range tc.keys {
			p.t.update(keyMsg(k))
		}
		if got := p.t.cursor(); got != tc.want {
			t.Errorf("from %d, %q: cursor %d, want %d", tc.start, tc.keys, got, tc.want)
		}
		if l := selectedLine(t, p.t.view()); !strings.Contains(l, fmt.Sprintf("m%03d", tc.want)) {
			t.Errorf("from %d, %q: selected line %q, want m%03d", tc.start, tc.keys, l, tc.want)
		}
	}
}

// A long random walk over the keys: the cursor goes where the keys say and
// the table's scrolling never leaves it off screen.
func TestListTableWalk(t *testing.T) {
	const n, h = 137, 12
	keys := []string{"j", "k", "pgdown", "pgup", "g", "G", "j", "j", "k"}
	r := rand.New(rand.NewPCG(1, 2))
	ms := meetings(n)
	p, st := listOf(ms, 90, h)
	want := 0
	for i := range 400 {
		switch i % 97 {
		case 0: // a reload or a style change keeps the cursor
			p.set(st, ms, p.t.cursor())
		case 50: // so does a resize
			p.t.setSize(80+i%7, h, listFlex)
		}
		k := keys[r.IntN(len(keys))]
		switch k {
		case "j":
			want++
		case "k":
			want--
		case "pgdown":
			want += h - 1
		case "pgup":
			want -= h - 1
		case "g":
			want = 0
		case "G":
			want = n - 1
		}
		want = min(max(want, 0), n-1)
		p.t.update(keyMsg(k))
		if got := p.t.cursor(); got != want {
			t.Fatalf("step %d (%s): cursor %d, want %d", i, k, got, want)
		}
		v := p.t.view()
		if l := selectedLine(t, v); !strings.Contains(l, fmt.Sprintf("m%03d", want)) {
			t.Fatalf("step %d (%s): selected line %q, want m%03d:\n%s", i, k, l, want, ansi.Strip(v))
		}
		// the rows around it are in colour (drawn lazily, row by row)
		for _, l := range strings.Split(v, "\n")[1:] {
			if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "\x1b[7m") && !strings.Contains(l, "\x1b[38;5;") {
				t.Fatalf("step %d (%s): a row without its colours: %q", i, k, l)
			}
		}
		if got := strings.Count(v, "\n") + 1; got > h {
			t.Fatalf("step %d: %d lines, want at most %d", i, got, h)
		}
	}
}

// hostile is archive text with control sequences: a screen clear, an OSC
// hyperlink, a bell, a colour.
const hostile = "a\x1b[2Jb\x1b]8;;http://x\x07c\x1b[31md"

// Every cell of every list goes through clean(): no control sequence from
// the archive reaches the terminal, it is shown in caret notation, and no
// line is wider than the window.
func TestListTablesCleanAndFit(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 15, 0, 0, 0, time.UTC)
	ms := []archive.Meeting{{Channel: "#x" + hostile, Name: "n" + hostile, Started: t0,
		Topics: []string{"t" + hostile}, People: []string{"p" + hostile}}}
	hits := []archive.Hit{{Kind: "item", Channel: "#x" + hostile, Name: "n" + hostile, Started: t0, Time: t0,
		Nick: "p" + hostile, Type: "ACTION" + hostile, Marked: "s" + archive.MarkStart + hostile + archive.MarkEnd}}
	acts := []archive.Action{{ID: "i" + hostile, Channel: "#x" + hostile, Name: "n" + hostile, Text: "t" + hostile,
		Owners: []string{"o" + hostile}, Last: t0}, {ID: "open1", Text: "second"}}
	for _, w := range []int{30, 40, 70, 120} {
		st, k := NewStyles(palette.For(false, false)), DefaultKeyMap()
		l := &listPane{t: newListTable(k)}
		s := &searchPane{q: "x", t: newSearchTable(k)}
		a := &actionsPane{t: newActionsTable(k)}
		for _, t := range []*rowTable{&l.t, &s.t, &a.t} {
			t.setStyles(st)
		}
		l.t.setSize(w, 8, listFlex)
		s.t.setSize(w, 8, searchFlex)
		a.t.setWidth(actMeetings, actMeetingsWidth(w))
		a.t.setSize(w, 8, actText)
		l.set(st, ms, 0)
		s.set(st, hits, 0)
		a.set(st, acts, 1) // the hostile row drawn styled, not selected
		for name, v := range map[string]string{"list": l.render(st, w, 8), "search": s.render(st, w, 8),
			"actions": a.render(st, w, 8), "actions, hostile row selected": func() string {
				a.t.update(keyMsg("k"))
				return a.render(st, w, 8)
			}()} {
			for _, bad := range []string{"\x1b[2J", "\x1b]8", "\x07", "\x1b[31m"} {
				if strings.Contains(v, bad) {
					t.Errorf("%s at %d: %q reached the view:\n%q", name, w, bad, v)
				}
			}
			if w == 120 && !strings.Contains(v, "^[[2J") {
				t.Errorf("%s at %d: the cleaned text is not shown:\n%s", name, w, ansi.Strip(v))
			}
			for _, line := range strings.Split(v, "\n") {
				if lw := ansi.StringWidth(line); lw > w {
					t.Errorf("%s: a %d-cell line in a %d-cell window: %q", name, lw, w, ansi.Strip(line))
				}
			}
		}
	}
}
