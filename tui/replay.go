package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/gavel-irc/gavel/meeting"
)

// Replay plays recorded lines through the live view, paced by their
// timestamps. Timers are tea.Ticks; a generation number drops the ticks
// made stale by pause, step or speed changes.
type Replay struct {
	lines  []meeting.Line
	pos    int
	speed  float64
	maxGap time.Duration
	paused bool
	gen    int
}

type replayMsg struct {
	gen   int
	apply bool // the typed command was shown; now it lands
}

// typingTime is how long a chair's command sits in the input line before
// it lands, so a viewer sees what was typed.
const typingTime = 700 * time.Millisecond

// NewReplay plays lines at speed times real time, never waiting more than
// maxGap between two lines.
func NewReplay(lines []meeting.Line, speed float64, maxGap time.Duration) *Replay {
	if speed <= 0 {
		speed = 1
	}
	if maxGap <= 0 {
		maxGap = 3 * time.Second
	}
	return &Replay{lines: lines, speed: speed, maxGap: maxGap}
}

// Done reports whether every line has been played.
func (r *Replay) Done() bool { return r.pos >= len(r.lines) }

func (r *Replay) start() tea.Cmd { return r.schedule(300*time.Millisecond, false) }

func (r *Replay) schedule(d time.Duration, apply bool) tea.Cmd {
	r.gen++
	g := r.gen
	return tea.Tick(d, func(time.Time) tea.Msg { return replayMsg{gen: g, apply: apply} })
}

func (r *Replay) step(m *Model, msg replayMsg) tea.Cmd {
	if msg.gen != r.gen || r.paused || r.Done() {
		return nil
	}
	l := r.lines[r.pos]
	if !msg.apply && r.typedByChair(m, l) {
		m.input.SetValue(l.Text)
		return r.schedule(min(typingTime, time.Duration(float64(typingTime)*10/r.speed)), true)
	}
	return r.advance(m)
}

// advance plays the next line now and schedules the one after.
func (r *Replay) advance(m *Model) tea.Cmd {
	l := r.lines[r.pos]
	r.pos++
	m.input.SetValue("")
	cmd := m.apply(l)
	if r.Done() {
		m.status = "replay finished: m minutes · q quit"
		return cmd
	}
	return tea.Batch(cmd, r.schedule(r.wait(), false))
}

// typedByChair: a chair's (or the opener's) # command is shown being typed.
func (r *Replay) typedByChair(m *Model, l meeting.Line) bool {
	if l.Kind != meeting.Message || !strings.HasPrefix(l.Text, "#") {
		return false
	}
	mt := m.Meeting()
	return strings.HasPrefix(strings.ToLower(l.Text), "#startmeeting") || mt.IsChair(l.Nick, l.Account)
}

func (r *Replay) wait() time.Duration {
	if r.pos == 0 || r.Done() {
		return 0
	}
	gap := r.lines[r.pos].Time.Sub(r.lines[r.pos-1].Time)
	d := time.Duration(float64(gap) / r.speed)
	return min(max(d, 20*time.Millisecond), r.maxGap)
}

func (r *Replay) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	keys := m.c.Keys
	switch {
	case key.Matches(k, keys.Pause):
		r.paused = !r.paused
		if !r.paused && !r.Done() {
			return r.schedule(0, false)
		}
		r.gen++
	case key.Matches(k, keys.Step):
		if !r.Done() {
			r.gen++
			return r.advance(m)
		}
	case key.Matches(k, keys.Faster):
		r.speed = min(r.speed*2, 1000)
	case key.Matches(k, keys.Slower):
		r.speed = max(r.speed/2, 0.25)
	}
	return nil
}

func (r *Replay) statusLine(st *Styles) string {
	state := "▶"
	if r.paused {
		state = "⏸ paused"
	}
	return st.Status.Render(fmt.Sprintf("%s %g× %d/%d", state, r.speed, r.pos, len(r.lines)))
}
