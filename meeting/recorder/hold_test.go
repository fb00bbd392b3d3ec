package recorder

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/tmpfs"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/journal"
)

// events collects what the recorder tells its caller.
type events struct {
	mu     sync.Mutex
	states []JournalState
	late   []Update
}

func (e *events) onJournal(s JournalState) {
	e.mu.Lock()
	e.states = append(e.states, s)
	e.mu.Unlock()
}
func (e *events) onLate(u []Update) { e.mu.Lock(); e.late = append(e.late, u...); e.mu.Unlock() }

// record records a line and keeps its updates in the same list as the
// late ones, in the order the caller gets them.
func (e *events) record(t *testing.T, r *Recorder, l meeting.Line) {
	t.Helper()
	ups, err := r.Record(l)
	if err != nil {
		t.Fatal(err)
	}
	e.onLate(ups)
}

func holdRecorder(t *testing.T, dir string, ev *events, maxHeld int) *Recorder {
	t.Helper()
	r, err := Open(Config{Network: "test", Channel: "#c", BotNick: "gavel", Self: "gavel", JournalDir: dir,
		MaxHeld: maxHeld, RetryEvery: 20 * time.Millisecond, OnJournal: ev.onJournal, OnLate: ev.onLate}, &fakeSender{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func numbered(i int) meeting.Line {
	return msg(i, fmt.Sprintf("p%d", i%7), fmt.Sprintf("line %04d %s", i, strings.Repeat("·", 40)))
}

// TestFullDiskHoldsAndCatchesUp: 1,500 lines, the disk fills after 700
// and is freed after 1,200. Every line ends up in the journal once, in
// order, and is folded once, in order; the caller hears of the outage once
// and of the recovery once.
func TestFullDiskHoldsAndCatchesUp(t *testing.T) {
	for _, tc := range []struct {
		name string
		// recover: how the held lines get written after the disk is freed
		byRecord bool
	}{{"retried by the timer", false}, {"retried on the next line", true}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tmpfs.Mount(t, "512k")
			ev := &events{}
			r := holdRecorder(t, dir, ev, 0)
			defer r.Close()
			free := func() {}
			for i := range 1500 {
				switch i {
				case 700:
					free = tmpfs.Fill(t, dir)
				case 1200:
					free()
					if !tc.byRecord {
						waitFor(t, func() bool { return r.HeldState().Err == nil })
					}
				}
				ev.record(t, r, numbered(i))
			}
			ev.mu.Lock()
			folded := ev.late
			var states []JournalState
			for _, st := range ev.states {
				if st.Again {
					if st.Err == nil || st.Held <= 1 {
						t.Fatalf("a later report that tells nothing new: %+v", st)
					}
					continue
				}
				states = append(states, st)
			}
			ev.mu.Unlock()
			if len(states) != 2 || !errors.Is(states[0].Err, syscall.ENOSPC) || states[1].Err != nil || states[1].Written < 400 {
				t.Fatalf("journal states %+v", states)
			}
			_, lines, err := journal.ReadFile(r.JournalPath())
			if err != nil {
				t.Fatal(err)
			}
			inOrderOnce(t, "journal", lines, 1500)
			got := make([]meeting.Line, len(folded))
			for i, u := range folded {
				got[i] = u.Line
			}
			inOrderOnce(t, "folded", got, 1500)
		})
	}
}

// inOrderOnce asserts lines are exactly numbered(0..n-1).
func inOrderOnce(t *testing.T, what string, lines []meeting.Line, n int) {
	t.Helper()
	if len(lines) != n {
		t.Fatalf("%s: %d lines, want %d", what, len(lines), n)
	}
	for i, l := range lines {
		if l.Text != numbered(i).Text {
			t.Fatalf("%s: line %d is %q", what, i, l.Text)
		}
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatal("condition never became true")
}

// TestPastTheBoundIsAMarkedGap: with room for 100 held lines, 300 said on
// a full disk leave 100 recorded and a marker for the 200 others, in
// their place (a Gap record, so the minutes say so) — never a silent hole.
func TestPastTheBoundIsAMarkedGap(t *testing.T) {
	dir := tmpfs.Mount(t, "256k")
	ev := &events{}
	r := holdRecorder(t, dir, ev, 100)
	defer r.Close()
	free := tmpfs.Fill(t, dir)
	// The journal's last page takes a few lines before the disk is full.
	written := 0
	for r.HeldState().Err == nil {
		ev.record(t, r, numbered(written))
		written++
	}
	for i := written; i < 300; i++ {
		ev.record(t, r, numbered(i))
	}
	lost := 300 - written + 1 - 100
	if st := r.HeldState(); st.Held != 100 || st.Dropped != lost {
		t.Fatalf("held %+v, want 100 held, %d dropped", st, lost)
	}
	// The caller hears that lines are being lost (the retry loop's report).
	waitFor(t, func() bool {
		ev.mu.Lock()
		defer ev.mu.Unlock()
		last := ev.states[len(ev.states)-1]
		return last.Again && last.Dropped == lost && last.Held == 100
	})
	free()
	ev.record(t, r, numbered(300))
	_, lines, _ := journal.ReadFile(r.JournalPath())
	n := written - 1 + 100
	if len(lines) != n+2 {
		for _, l := range lines[n-3:] {
			t.Log(l.Text)
		}
		t.Fatalf("%d lines in the journal, want %d (written %d)", len(lines), n+2, written)
	}
	inOrderOnce(t, "held", lines[:n], n)
	m := lines[n]
	want := fmt.Sprintf("%d lines said from %s to 15:04:59 were NOT recorded", lost, numbered(n).Time.Format("15:04:05"))
	if m.Kind != meeting.Gap || !m.From.Equal(numbered(n).Time) || !m.Time.Equal(numbered(299).Time) || !strings.Contains(m.Text, want) {
		t.Fatalf("marker %+v\nwant %q", m, want)
	}
	if lines[n+1].Text != numbered(300).Text || len(ev.late) != n+2 {
		t.Fatalf("after the marker: %+v; %d lines folded", lines[n+1], len(ev.late))
	}
}

// TestCloseHandsBackUnwrittenLines: quitting while the disk is still full
// gives the held lines back instead of dropping them.
func TestCloseHandsBackUnwrittenLines(t *testing.T) {
	dir := tmpfs.Mount(t, "256k")
	r := holdRecorder(t, dir, &events{}, 0)
	r.Record(numbered(0))
	defer tmpfs.Fill(t, dir)()
	for i := 1; i < 40; i++ {
		r.Record(numbered(i))
	}
	err := r.Close()
	var uw *UnwrittenError
	if !errors.As(err, &uw) || len(uw.Lines) == 0 || uw.Lines[len(uw.Lines)-1].Text != numbered(39).Text {
		t.Fatalf("close: %v", err)
	}
	_, lines, _ := journal.ReadFile(r.JournalPath())
	if len(lines)+len(uw.Lines) != 40 {
		t.Fatalf("%d written + %d handed back != 40", len(lines), len(uw.Lines))
	}
}

// TestOutageSilentWhenQuiet: a --quiet recorder's outage report says it
// must not speak (the bot then only logs it); a speaking one may.
func TestOutageSilentWhenQuiet(t *testing.T) {
	for _, quiet := range []bool{false, true} {
		dir := tmpfs.Mount(t, "256k")
		ev := &events{}
		r, err := Open(Config{Network: "test", Channel: "#c", BotNick: "gavel", Self: "gavel", JournalDir: dir, Quiet: quiet,
			RetryEvery: time.Hour, OnJournal: ev.onJournal}, &fakeSender{})
		if err != nil {
			t.Fatal(err)
		}
		free := tmpfs.Fill(t, dir)
		for i := 0; len(ev.states) == 0 && i < 200; i++ {
			r.Record(numbered(i))
		}
		if len(ev.states) != 1 || ev.states[0].Silent != quiet {
			t.Fatalf("quiet=%v: states %+v", quiet, ev.states)
		}
		free()
		r.Close()
	}
}
