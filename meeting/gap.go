package meeting

import (
	"fmt"
	"time"
)

// GapNote is a stretch of the meeting the recorder did not see live: it was
// down or disconnected from From to To. Lines said then were replayed by the
// server or are missing:
//
//   - Filled: the server's history reached back past From (it replayed a
//     line we already had, or an older one), so every line said in the gap
//     was recovered; minutes note "recovered N lines" and nothing is missing.
//   - otherwise: "not connected from HH:MM:SS to HH:MM:SS; lines said then
//     may be missing", with Recovered lines (if any) the server still had.
//
// How "in place by time" works in an append-only fold: the recorder journals
// the Gap record when it has the channel again (at its JOIN), then the
// replayed lines it did not have, in the server's (time) order, marked
// Recovered. They are all newer than the last line recorded before the gap
// (older replayed lines are already in the journal or belong to no gap), and
// older than every live line after it, so the log stays in time order: the
// gap sits after the last line we had, its recovered lines follow it, then
// the live lines.
type GapNote struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Line is how many log lines come before the gap (0: before the first).
	Line int `json:"line"`
	// Recovered counts the lines said in the gap that the server replayed.
	Recovered int  `json:"recovered"`
	Filled    bool `json:"filled"`
	// Note is Text(), for readers of the JSON minutes.
	Note string `json:"note"`
}

// noteGap folds Gap and GapFilled records; it reports whether l was one.
// While no meeting runs only the latest gap is kept: a #startmeeting
// recovered from it starts a meeting that begins inside the gap.
func (m *Meeting) noteGap(l *Line) bool {
	switch l.Kind {
	case Gap:
		g := GapNote{From: l.From, To: l.Time, Line: m.log.n}
		if m.phase == idle {
			m.gaps = m.gaps[:0]
		}
		m.gaps = append(m.gaps, g)
		return true
	case GapFilled:
		if n := len(m.gaps); n > 0 {
			m.gaps[n-1].Filled = true
		}
		return true
	}
	return false
}

// countRecovered counts a recovered line said into the latest gap.
func (m *Meeting) countRecovered(l *Line) {
	if n := len(m.gaps); l.Recovered && n > 0 {
		m.gaps[n-1].Recovered++
	}
}

// Gaps lists the meeting's gaps in order; a gap that closed before the
// meeting started is not the meeting's.
func (m *Meeting) Gaps() []GapNote {
	var out []GapNote
	for _, g := range m.gaps {
		if m.phase == idle || g.To.Before(m.started) {
			continue
		}
		g.Note = g.Text()
		out = append(out, g)
	}
	return out
}

// Text is how every minutes format and view words a gap (times UTC).
func (g GapNote) Text() string {
	from, to := g.From.UTC().Format("15:04:05"), g.To.UTC().Format("15:04:05")
	if g.Filled {
		return fmt.Sprintf("not connected from %s to %s; the server replayed what was said then (%d %s recovered), nothing is missing",
			from, to, g.Recovered, plural(g.Recovered, "line", "lines"))
	}
	s := fmt.Sprintf("not connected from %s to %s; lines said then may be missing", from, to)
	if g.Recovered > 0 {
		s += fmt.Sprintf(" (%d recovered from the server's history)", g.Recovered)
	}
	return s
}

// FilledText is how a view words a GapFilled record.
const FilledText = "the server's history covered the gap: nothing is missing"

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
