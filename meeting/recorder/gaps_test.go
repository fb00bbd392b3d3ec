package recorder

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/journal"
)

// withID gives a line a msgid, as InspIRCd sends them.
func withID(l meeting.Line, id string) meeting.Line { l.MsgID = id; return l }

// replayed is l as the server replays it: same msgid, time cut to the
// second, marked Recovered by ircconn.
func replayed(l meeting.Line) meeting.Line {
	l.Time = l.Time.Truncate(time.Second)
	l.Recovered = true
	return l
}

func texts(ls []meeting.Line) string {
	var b []string
	for _, l := range ls {
		s := l.Kind.String() + ":" + l.Text
		if l.Recovered {
			s += "(r)"
		}
		b = append(b, s)
	}
	return strings.Join(b, "|")
}

// TestReplayAfterRestart: a recorder restarted on its journal records the
// gap, keeps only the replayed lines it did not have, in order and marked
// recovered, never re-applies a replayed command, and says whether the
// history covered the whole gap.
func TestReplayAfterRestart(t *testing.T) {
	ms := time.Millisecond
	live := []meeting.Line{
		withID(msg(0, "alice", "#startmeeting gaps"), "m0"),
		withID(msg(1, "alice", "#topic one"), "m1"),
		withID(msg(2, "bob", "+1"), "m2"),
	}
	live[2].Time = live[2].Time.Add(700 * ms) // live times have milliseconds
	missed := []meeting.Line{
		withID(msg(4, "bob", "said while down"), "m3"),
		withID(msg(5, "alice", "#topic two"), "m4"),
	}
	// Without echo-message our line is stamped when sent, by our clock;
	// the server replays it with its msgid and its own (later) second.
	ownSent := msg(2, "gavel", "Meeting started")
	ownSent.Time = ownSent.Time.Add(990 * ms)
	ownReplayed := withID(msg(3, "gavel", "Meeting started"), "b1")
	noID := func(ls ...meeting.Line) []meeting.Line {
		out := make([]meeting.Line, len(ls))
		for i, l := range ls {
			l.MsgID = ""
			out[i] = l
		}
		return out
	}
	cases := []struct {
		name     string
		before   []meeting.Line // journaled live before the restart
		history  []meeting.Line // what the server replays on JOIN (before replayed())
		want     string         // journal lines after the restart (JOIN excluded)
		filled   bool
		recov    int
		wantGaps int
		topics   int
	}{
		{"history covers the gap", live, append(append([]meeting.Line{}, live...), missed...),
			"gap:|gapfilled:|message:said while down(r)|message:#topic two(r)", true, 2, 1, 2},
		{"history starts inside the gap", live, missed,
			"gap:|message:said while down(r)|message:#topic two(r)", false, 2, 1, 2},
		{"nothing replayed", live, nil, "gap:", false, 0, 1, 1},
		{"no msgids: second+nick+text", noID(live...), noID(append(append([]meeting.Line{}, live...), missed...)...),
			"gap:|gapfilled:|message:said while down(r)|message:#topic two(r)", true, 2, 1, 2},
		{"same words twice in a second, one missed", noID(live[0], msg(3, "bob", "+1")),
			noID(live[0], msg(3, "bob", "+1"), msg(3, "bob", "+1")),
			"gap:|gapfilled:|message:+1(r)", true, 1, 1, 0},
		{"empty journal: history is not ours", nil, live, "", false, 0, 0, 0},
		{"our line without echo, stamped by our clock a second behind", append(live[:1:1], ownSent),
			[]meeting.Line{ownReplayed, missed[0]},
			"gap:|gapfilled:|message:said while down(r)", true, 1, 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, w := &fakeSender{}, &writes{}
			r := open(t, dir, s, w, false)
			if _, err := r.Record(tc.before...); err != nil {
				t.Fatal(err)
			}
			r.Close() // kill -9: nothing more

			s2 := &fakeSender{}
			r2 := open(t, dir, s2, w, false)
			defer r2.Close()
			n0 := len(mustHistory(t, r2))
			join := msg(20, "gavel", "")
			join.Kind = meeting.Join
			if _, err := r2.Joined(join.Time); err != nil {
				t.Fatal(err)
			}
			var hist []meeting.Line
			for _, l := range tc.history {
				hist = append(hist, replayed(l))
			}
			if _, err := r2.Record(hist...); err != nil {
				t.Fatal(err)
			}
			got := mustHistory(t, r2)[n0:]
			if g := texts(got); g != tc.want {
				t.Fatalf("journaled after restart:\n%s\nwant\n%s", g, tc.want)
			}
			if len(s2.said) != 0 || len(s2.topics) != 0 {
				t.Fatalf("replayed commands acted on: %q %q", s2.said, s2.topics)
			}
			m := r2.Minutes()
			if len(m.Gaps) != tc.wantGaps {
				t.Fatalf("gaps %+v", m.Gaps)
			}
			if tc.wantGaps == 0 {
				return
			}
			g := m.Gaps[0]
			if g.Filled != tc.filled || g.Recovered != tc.recov || !g.To.Equal(join.Time) || !g.From.Equal(tc.before[len(tc.before)-1].Time) {
				t.Fatalf("gap %+v", g)
			}
			if !m.Started.Equal(live[0].Time) {
				t.Fatalf("meeting restarted at %v", m.Started)
			}
			if len(m.Topics) != tc.topics {
				t.Fatalf("topics %+v", m.Topics)
			}
		})
	}
}

func mustHistory(t *testing.T, r *Recorder) []meeting.Line {
	t.Helper()
	h, err := r.History()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestGapAfterLostConnection: a reconnect records the gap from the moment
// the connection was lost; a second replay of the same history after
// another reconnect records nothing twice; a missed #endmeeting applies and
// writes the minutes without announcing them late.
func TestGapAfterLostConnection(t *testing.T) {
	dir := t.TempDir()
	s, w := &fakeSender{}, &writes{}
	r := open(t, dir, s, w, false)
	defer r.Close()
	r.Record(withID(msg(0, "alice", "#startmeeting"), "a"), withID(msg(1, "bob", "hello"), "b"))
	r.Lost(t0.Add(30 * time.Second))
	ups, err := r.Joined(t0.Add(60 * time.Second))
	if err != nil || len(ups) != 1 || ups[0].Line.Kind != meeting.Gap || !ups[0].Line.From.Equal(t0.Add(30*time.Second)) {
		t.Fatalf("gap update %+v %v", ups, err)
	}
	history := []meeting.Line{replayed(withID(msg(1, "bob", "hello"), "b")), replayed(withID(msg(40, "bob", "missed"), "c"))}
	r.Record(history...)
	r.Lost(t0.Add(70 * time.Second))
	r.Joined(t0.Add(80 * time.Second))
	history = append(history, replayed(withID(msg(75, "alice", "#endmeeting"), "d")))
	said := len(s.said)
	if _, err := r.Record(history...); err != nil {
		t.Fatal(err)
	}
	done, _ := filepath.Glob(filepath.Join(dir, "done", "*.jsonl"))
	if len(done) != 1 {
		t.Fatalf("finished journals %v", done)
	}
	_, lines, err := journal.ReadFile(done[0])
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		got = append(got, fmt.Sprintf("%s:%s", l.Kind, l.Text))
	}
	want := "message:#startmeeting|message:hello|gap:|gapfilled:|message:missed|gap:|gapfilled:|message:#endmeeting"
	if strings.Join(got, "|") != want {
		t.Fatalf("journal\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if len(w.got) != 1 || !w.got[0].Finished || len(w.got[0].Gaps) != 2 {
		t.Fatalf("minutes written %+v", w.got)
	}
	if len(s.said) != said {
		t.Fatalf("late announcement: %q", s.said[said:])
	}
}

// TestHistorySince: the history is wanted from a second before the last
// line said we have (so the answer overlaps it), not at all on an empty
// journal.
func TestHistorySince(t *testing.T) {
	r := open(t, t.TempDir(), &fakeSender{}, &writes{}, false)
	defer r.Close()
	if got := r.HistorySince(); !got.IsZero() {
		t.Fatalf("empty journal: %v", got)
	}
	join := msg(9, "gavel", "")
	join.Kind = meeting.Join
	r.Record(msg(3, "alice", "hi"), join)
	if got := r.HistorySince(); !got.Equal(t0.Add(2 * time.Second)) {
		t.Fatalf("since %v, want a second before the last line said", got)
	}
}

// TestReplayAfterFinishedMeeting: after #endmeeting the live journal starts
// afresh; a restart's replay of the finished meeting, whose last lines fall
// in the second of the fresh journal's first line, records nothing again.
func TestReplayAfterFinishedMeeting(t *testing.T) {
	dir := t.TempDir()
	w := &writes{}
	r := open(t, dir, &fakeSender{}, w, false)
	end := withID(msg(2, "alice", "#endmeeting"), "e")
	end.Time = end.Time.Add(100 * time.Millisecond)
	after := withID(msg(2, "gavel", "Log: x.log.html"), "l")
	after.Time = after.Time.Add(900 * time.Millisecond) // same second as #endmeeting
	meetingLines := []meeting.Line{withID(msg(0, "alice", "#startmeeting"), "s"), withID(msg(1, "bob", "hi"), "h"), end}
	if _, err := r.Record(meetingLines...); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Record(after); err != nil {
		t.Fatal(err)
	}
	r.Close()

	r2 := open(t, dir, &fakeSender{}, w, false)
	defer r2.Close()
	r2.Joined(t0.Add(10 * time.Second))
	var hist []meeting.Line
	for _, l := range append(meetingLines, after) {
		hist = append(hist, replayed(l))
	}
	if _, err := r2.Record(hist...); err != nil {
		t.Fatal(err)
	}
	for _, l := range mustHistory(t, r2) {
		if l.Recovered {
			t.Fatalf("finished meeting recorded again: %+v", l)
		}
	}
	if len(w.got) != 1 {
		t.Fatalf("minutes written %d times", len(w.got))
	}
}
