package tui

import (
	"fmt"
	"io"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"

	"github.com/gavel-irc/gavel/tui/palette"
)

// ProgressLine draws a long command's progress (gavel import, gavel
// index) on one terminal line, redrawn in place at most ten times a
// second: a bar, the count, what else is worth knowing, and the time
// left. Off (not a terminal), it draws nothing.
type ProgressLine struct {
	w     io.Writer
	on    bool
	mu    sync.Mutex
	bar   progress.Model
	start time.Time
	last  time.Time
	drew  bool
	// Now is the clock (tests set it).
	Now func() time.Time
}

// NewProgressLine starts a progress line on w; on says whether to draw.
func NewProgressLine(w io.Writer, on, dark bool) *ProgressLine {
	st := NewStyles(palette.For(dark, false))
	l := &ProgressLine{w: w, on: on, Now: time.Now,
		bar: progress.New(progress.WithColors(st.Progress), progress.WithWidth(30), progress.WithoutPercentage())}
	l.start = l.Now()
	return l
}

// Update draws done of total (what: "files") and a note after them.
func (l *ProgressLine) Update(done, total int, what, note string) {
	if !l.on {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	if now.Sub(l.last) < 100*time.Millisecond && done != total {
		return
	}
	l.last = now
	pct := 0.0
	if total > 0 {
		pct = float64(done) / float64(total)
	}
	line := fmt.Sprintf("%s %3.0f%%  %d/%d %s", l.bar.ViewAs(pct), 100*pct, done, total, what)
	if note != "" {
		line += "  " + note
	}
	if eta, ok := ETA(now.Sub(l.start), done, total); ok {
		line += "  ETA " + eta.String()
	}
	fmt.Fprint(l.w, "\r\x1b[K"+line)
	l.drew = true
}

// Finish clears the line; nothing is drawn after it.
func (l *ProgressLine) Finish() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.drew {
		fmt.Fprint(l.w, "\r\x1b[K")
	}
	l.on = false
}

// ETA is the time left when done of total took elapsed, at the same rate
// (rounded to seconds); ok is false until there is a rate to go by.
func ETA(elapsed time.Duration, done, total int) (time.Duration, bool) {
	if done <= 0 || total <= 0 || done > total || elapsed <= 0 {
		return 0, false
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	return left.Round(time.Second), true
}
