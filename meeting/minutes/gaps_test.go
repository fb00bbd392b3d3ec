package minutes

import (
	"bytes"
	"encoding/json"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

// gapMinutes folds a meeting with one gap at 12:00:05–12:00:30 in which
// the server replayed one line; filled says whether its history overlapped
// what we had.
func gapMinutes(filled bool) *meeting.Minutes {
	t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	lines := []meeting.Line{
		{Time: at(0), Nick: "alice", Text: "#startmeeting gaps"},
		{Time: at(5), Nick: "bob", Text: "before"},
		{Time: at(30), Kind: meeting.Gap, From: at(5)},
	}
	if filled {
		lines = append(lines, meeting.Line{Time: at(5), Kind: meeting.GapFilled})
	}
	lines = append(lines,
		meeting.Line{Time: at(10), Nick: "bob", Text: "while away", Recovered: true},
		meeting.Line{Time: at(31), Nick: "alice", Text: "#endmeeting"})
	s := meeting.NewSession(meeting.Config{Channel: "#c"})
	for _, l := range lines {
		s.Apply(l)
	}
	return s.Meetings()[0].Minutes()
}

// TestGapsInEveryFormat: a gap is noted in every minutes format, in the
// logs between the last line before it and its recovered lines; a gap the
// server's history covered says nothing is missing instead.
func TestGapsInEveryFormat(t *testing.T) {
	missing := "not connected from 12:00:05 to 12:00:30; lines said then may be missing (1 recovered from the server's history)"
	covered := "not connected from 12:00:05 to 12:00:30; the server replayed what was said then (1 line recovered), nothing is missing"
	for _, tc := range []struct {
		filled bool
		want   string
	}{{false, missing}, {true, covered}} {
		m := gapMinutes(tc.filled)
		for _, f := range AllFormats {
			var b bytes.Buffer
			if err := Render(&b, f, m); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			want := tc.want
			switch f { // each format escapes in its own way
			case FormatHTML, FormatLogHTML:
				out = html.UnescapeString(out)
			case FormatMarkdown:
				out = strings.ReplaceAll(out, `\`, "")
			}
			if f != FormatText && !strings.Contains(out, want) {
				t.Errorf("%s (filled=%v) lacks the gap note %q:\n%s", f, tc.filled, want, out)
			}
			if f == FormatText && !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
				t.Errorf("txt (filled=%v) lacks the gap note:\n%s", tc.filled, out)
			}
		}
		var logTxt bytes.Buffer
		LogText(&logTxt, m)
		wantLog := strings.Join([]string{
			"12:00:00 <alice> #startmeeting gaps",
			"12:00:05 <bob> before",
			"12:00:05 -!- " + tc.want,
			"12:00:10 <bob> while away",
			"12:00:31 <alice> #endmeeting"}, "\n")
		if logTxt.String() != wantLog {
			t.Errorf(".log.txt:\n%s\nwant\n%s", logTxt.String(), wantLog)
		}
		var logHTML bytes.Buffer
		LogHTML(&logHTML, m)
		if !strings.Contains(logHTML.String(), `title="`+recoveredTitle+`"`) || strings.Count(logHTML.String(), recoveredTitle) != 1 {
			t.Errorf(".log.html does not mark the one recovered line:\n%s", logHTML.String())
		}
		var js bytes.Buffer
		JSON(&js, m)
		var doc struct{ Gaps []meeting.GapNote }
		if err := json.Unmarshal(js.Bytes(), &doc); err != nil || len(doc.Gaps) != 1 || doc.Gaps[0].Filled != tc.filled ||
			doc.Gaps[0].Recovered != 1 || doc.Gaps[0].Line != 2 || doc.Gaps[0].Note != tc.want {
			t.Errorf("JSON gaps %+v %v", doc.Gaps, err)
		}
	}
}

// TestNoGapNoNote: minutes without a gap say nothing about gaps.
func TestNoGapNoNote(t *testing.T) {
	m := gapMinutes(false)
	m.Gaps = nil
	for _, f := range AllFormats {
		var b bytes.Buffer
		Render(&b, f, m)
		if out := b.String(); strings.Contains(out, "-!- not connected") || strings.Contains(out, "Gap in the record") || strings.Contains(out, `"gaps":`) {
			t.Errorf("%s mentions a gap:\n%s", f, b.String())
		}
	}
}

// TestGapsReadBack: minutes regenerated from a .log.txt that gavel wrote
// keep its gaps (where, when, whether covered; not which lines were
// recovered, which the .log.txt does not say).
func TestGapsReadBack(t *testing.T) {
	for _, filled := range []bool{false, true} {
		m := gapMinutes(filled)
		var logTxt bytes.Buffer
		LogText(&logTxt, m)
		s := meeting.NewSession(meeting.Config{Channel: "#c"})
		in := importer.New(bytes.NewReader(logTxt.Bytes()), importer.Options{Format: importer.MeetBotText, Date: m.Started})
		for in.Next() {
			s.Apply(in.Line())
		}
		if err := in.Err(); err != nil {
			t.Fatal(err)
		}
		got := s.Meetings()[0].Minutes()
		if len(got.Gaps) != 1 {
			t.Fatalf("filled=%v: gaps %+v", filled, got.Gaps)
		}
		g, w := got.Gaps[0], m.Gaps[0]
		if !g.From.Equal(w.From) || !g.To.Equal(w.To) || g.Line != w.Line || g.Filled != w.Filled || got.Log.Len() != m.Log.Len() {
			t.Fatalf("filled=%v: read back %+v, want %+v", filled, g, w)
		}
	}
}
