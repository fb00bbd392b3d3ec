package importer

import (
	"bytes"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// gavel's .log.txt marks a gap in the record with a line of its own
// (meeting/minutes): "HH:MM:SS -!- not connected from HH:MM:SS to HH:MM:SS;
// lines said then may be missing" or "…; the server replayed what was said
// then (N lines recovered), nothing is missing". Read back, it becomes the
// Gap record again (and GapFilled for the second form), so minutes
// regenerated from the log keep the mark. Which lines were recovered is not
// in the .log.txt, so the count is not kept.

var (
	gapPrefix  = []byte("not connected from ")
	gapFilled  = []byte("nothing is missing")
	gapToInfix = []byte(" to ")
)

// parseGap reads a gap line's text after "-!- "; secs is its stamp (the
// gap's start).
func (r *Reader) parseGap(secs int, rest []byte) bool {
	if !bytes.HasPrefix(rest, gapPrefix) {
		return false
	}
	b := rest[len(gapPrefix):]
	from, n, ok := parseClock(b)
	if !ok || from != secs || !bytes.HasPrefix(b[n:], gapToInfix) {
		return false
	}
	b = b[n+len(gapToInfix):]
	to, n, ok := parseClock(b)
	if !ok || n >= len(b) || b[n] != ';' {
		return false
	}
	r.emit(secs, meeting.Gap, nil, nil)
	start := r.line.Time
	end := start.Add(time.Duration(to-from) * time.Second)
	if to < from { // past midnight
		end = end.Add(24 * time.Hour)
	}
	r.line.Kind, r.line.From, r.line.Time = meeting.Gap, start, end
	r.filledNext = bytes.Contains(b[n:], gapFilled)
	return true
}

// takeFilled returns the GapFilled record that follows a filled gap's line.
func (r *Reader) takeFilled() bool {
	if !r.filledNext {
		return false
	}
	r.filledNext = false
	r.line = meeting.Line{Time: r.line.Time, Kind: meeting.GapFilled}
	return true
}
