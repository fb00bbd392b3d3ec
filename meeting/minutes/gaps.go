package minutes

import "github.com/gavel-irc/gavel/meeting"

// Gaps are written where they happened: in the logs between the last line
// before the gap and the first after it (its recovered lines, then live
// ones), as a line of its own stamped with the gap's start; in the minutes
// next to the "Meeting ended" line. The wording is meeting.GapNote.Text in
// every format.

// gapCursor hands out a meeting's gaps in log order.
type gapCursor []meeting.GapNote

// before returns the gaps that come before log line n (1-based) and not
// handed out yet; n past the last line gives the rest.
func (c *gapCursor) before(n int) []meeting.GapNote {
	i := 0
	for i < len(*c) && (*c)[i].Line < n {
		i++
	}
	out := (*c)[:i]
	*c = (*c)[i:]
	return out
}

// gapMark is a gap's line in the .log.txt and .log.html (before escaping).
func gapMark(g meeting.GapNote) string {
	return string(appendClock(nil, g.From)) + " -!- " + g.Text()
}

// recoveredTitle explains the mark on a recovered line in the .log.html.
const recoveredTitle = "said while gavel was not connected; replayed by the server"

// gapLines are the minutes' notes of a meeting's gaps, one a line.
func gapLines(m *meeting.Minutes) []string {
	out := make([]string, len(m.Gaps))
	for i, g := range m.Gaps {
		out[i] = "Gap in the record: " + g.Text() + "."
	}
	return out
}
