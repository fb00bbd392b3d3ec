package meeting

import (
	"testing"
	"time"
)

// TestGapFold: gaps belong to the meeting they overlap, sit after the log
// lines before them, count the recovered lines said after them, and are
// marked filled by GapFilled.
func TestGapFold(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	gap := func(from, to int) Line { return Line{Time: at(to), Kind: Gap, From: at(from)} }
	said := func(s int, text string, recovered bool) Line {
		return Line{Time: at(s), Nick: "alice", Text: text, Recovered: recovered}
	}
	cases := []struct {
		name  string
		lines []Line
		want  []GapNote
	}{
		{"gap inside the meeting, filled",
			[]Line{said(0, "#startmeeting", false), said(1, "a", false), gap(1, 9), {Time: at(9), Kind: GapFilled}, said(5, "b", true), said(10, "c", false)},
			[]GapNote{{From: at(1), To: at(9), Line: 2, Recovered: 1, Filled: true}}},
		{"gap inside the meeting, not covered",
			[]Line{said(0, "#startmeeting", false), gap(0, 9), said(5, "b", true), said(6, "c", true)},
			[]GapNote{{From: at(0), To: at(9), Line: 1, Recovered: 2}}},
		{"a recovered #startmeeting starts a meeting inside the gap",
			[]Line{gap(0, 9), said(5, "#startmeeting", true), said(6, "b", true), said(10, "c", false)},
			[]GapNote{{From: at(0), To: at(9), Line: 0, Recovered: 2}}},
		{"a gap closed before the meeting is not the meeting's",
			[]Line{gap(0, 9), said(10, "#startmeeting", false)},
			nil},
		{"of two gaps before a meeting, the one it starts in counts",
			[]Line{gap(0, 9), gap(20, 30), said(25, "#startmeeting", true)},
			[]GapNote{{From: at(20), To: at(30), Line: 0, Recovered: 1}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSession(Config{Channel: "#c"})
			for _, l := range tc.lines {
				if eff := s.Apply(l); (l.Kind == Gap || l.Kind == GapFilled) && eff != nil {
					t.Fatalf("a gap record had effects: %v", eff)
				}
			}
			got := s.Current().Minutes().Gaps
			if len(got) != len(tc.want) {
				t.Fatalf("gaps %+v, want %+v", got, tc.want)
			}
			for i := range got {
				got[i].Note = ""
				if got[i] != tc.want[i] {
					t.Fatalf("gap %d: %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}
