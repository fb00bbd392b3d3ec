package recorder

import (
	"fmt"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// JournalState is what OnJournal hears.
type JournalState struct {
	// Err is why the journal cannot be written; nil when it takes lines
	// again.
	Err error
	// Held is how many lines wait in memory; Dropped how many more came
	// past the bound (they are lost, and the journal gets a marker line
	// saying so).
	Held, Dropped int
	// Written is, on recovery, how many held lines went to disk.
	Written int
	// Since is when the journal stopped taking lines.
	Since time.Time
	// Again marks a later report of the same outage: the counts changed
	// (OnJournal hears at most one a RetryEvery).
	Again bool
	// Silent: we do not speak in the channel now (--quiet, or another
	// bot or gavel has the floor: speaker.go).
	Silent bool
}

// holding is the in-memory queue for a journal that cannot be written.
type holding struct {
	lines    []meeting.Line
	bytes    int
	dropped  int
	from, to time.Time // the dropped lines' times
	err      error
	since    time.Time
	written  int
	told     [2]int // held and dropped as last reported
}

func (h *holding) pending() bool { return len(h.lines) > 0 || h.dropped > 0 }

// lineSize approximates a line's memory for the byte bound.
func lineSize(l meeting.Line) int { return len(l.Nick) + len(l.Account) + len(l.Text) + 64 }

// keep queues lines behind the held ones, up to the bounds.
func (r *Recorder) keep(lines []meeting.Line) {
	h := &r.hold
	for _, l := range lines {
		if len(h.lines) >= r.cfg.MaxHeld || h.bytes+lineSize(l) > r.cfg.MaxHeldBytes {
			if h.dropped == 0 {
				h.from = l.Time
				r.log.Error("journal still not writable and the memory bound is reached: lines are now LOST (a marker will say how many)",
					"held", len(h.lines), "bytes", h.bytes)
			}
			h.dropped++
			h.to = l.Time
			continue
		}
		h.lines = append(h.lines, l)
		h.bytes += lineSize(l)
	}
}

// flushChunk bounds one write, so a disk with a little room again makes
// progress instead of failing one huge batch over and over.
const flushChunk = 512

// flush writes held lines in order, folding each chunk once it is on disk,
// and then the marker for dropped lines. It returns the folded lines'
// updates.
func (r *Recorder) flush() []Update {
	h := &r.hold
	var ups []Update
	for h.pending() {
		n := min(flushChunk, len(h.lines))
		batch := h.lines[:n:n]
		if n == 0 {
			batch = []meeting.Line{r.droppedMarker()}
		}
		if err := r.journal.Append(batch...); err != nil {
			r.trouble(err)
			return ups
		}
		if n == 0 {
			r.log.Error("lines lost while the journal could not be written", "lines", h.dropped, "from", h.from, "to", h.to)
			h.dropped = 0
		} else {
			h.lines = h.lines[n:]
			for _, l := range batch {
				h.bytes -= lineSize(l)
			}
		}
		if h.err != nil {
			h.written += n
		}
		ups = append(ups, r.fold(batch)...)
	}
	h.lines, h.bytes = nil, 0
	if h.err != nil {
		r.log.Info("journal writable again", "written", h.written, "down_since", h.since)
		st := JournalState{Written: h.written, Since: h.since, Silent: !r.floor.speaking()}
		h.err, h.written = nil, 0
		if r.cfg.OnJournal != nil {
			r.cfg.OnJournal(st)
		}
	}
	return ups
}

// trouble notes a failed write; OnJournal hears of the first.
func (r *Recorder) trouble(err error) {
	h := &r.hold
	if h.err != nil {
		h.err = err
		return
	}
	h.err, h.since = err, time.Now()
	h.told = [2]int{len(h.lines), h.dropped}
	r.log.Error("journal cannot be written: holding lines in memory and retrying", "err", err, "held", len(h.lines))
	if r.cfg.OnJournal != nil {
		r.cfg.OnJournal(JournalState{Err: err, Held: len(h.lines), Dropped: h.dropped, Since: h.since, Silent: !r.floor.speaking()})
	}
}

// retold reports an outage's new counts (from the retry loop, so at most
// once a RetryEvery).
func (r *Recorder) retold() {
	h := &r.hold
	if h.err == nil || h.told == [2]int{len(h.lines), h.dropped} {
		return
	}
	h.told = [2]int{len(h.lines), h.dropped}
	if r.cfg.OnJournal != nil {
		r.cfg.OnJournal(JournalState{Err: h.err, Held: len(h.lines), Dropped: h.dropped, Since: h.since, Again: true, Silent: !r.floor.speaking()})
	}
}

// droppedMarker is the record that stands in the journal for lines past
// the bound: a Gap over their times, so every minutes format says lines
// may be missing there; its text says why.
func (r *Recorder) droppedMarker() meeting.Line {
	h := &r.hold
	return meeting.Line{Time: h.to, From: h.from, Kind: meeting.Gap, Text: fmt.Sprintf(
		"gavel: %d lines said from %s to %s were NOT recorded: the journal could not be written (%v) and %d lines held in memory were the limit",
		h.dropped, h.from.UTC().Format("15:04:05"), h.to.UTC().Format("15:04:05"), h.err, r.cfg.MaxHeld)}
}

// HeldState reports the journal's state now (zero when it is fine).
func (r *Recorder) HeldState() JournalState {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := &r.hold
	return JournalState{Err: h.err, Held: len(h.lines), Dropped: h.dropped, Since: h.since, Silent: !r.floor.speaking()}
}

// retryLoop retries held lines every RetryEvery until Close.
func (r *Recorder) retryLoop() {
	defer close(r.done)
	t := time.NewTicker(r.cfg.RetryEvery)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			r.mu.Lock()
			if !r.closed && r.hold.pending() {
				if ups := r.flush(); len(ups) > 0 && r.cfg.OnLate != nil {
					r.cfg.OnLate(ups)
				}
				r.retold()
			}
			r.mu.Unlock()
		}
	}
}

// UnwrittenError is Close's report of lines that never reached the disk.
type UnwrittenError struct {
	Lines   []meeting.Line
	Dropped int
	Err     error
}

func (e *UnwrittenError) Error() string {
	s := fmt.Sprintf("%d lines could not be written to the journal (%v)", len(e.Lines), e.Err)
	if e.Dropped > 0 {
		s += fmt.Sprintf(", and %d more were dropped past the memory bound", e.Dropped)
	}
	return s
}

func (h *holding) unwritten() *UnwrittenError {
	if !h.pending() {
		return nil
	}
	return &UnwrittenError{Lines: h.lines, Dropped: h.dropped, Err: h.err}
}
