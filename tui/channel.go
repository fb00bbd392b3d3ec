package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// channelPane is the scrollable channel. It keeps every line but renders
// only what is on screen, caching each line's wrapped rows for the current
// width, so a frame costs the same with 100 or 100,000 lines of scrollback
// — at the bottom or scrolled anywhere: a scrolled view is anchored at the
// line and row shown last on screen, and every walk is bounded by the
// pane's height or the scroll distance.
type channelPane struct {
	c       *Common
	entries []*entry
	// follow shows the newest lines; otherwise the bottom screen row is
	// row anchorRow of entry anchor.
	follow    bool
	anchor    int
	anchorRow int
	below     int // rows under the anchor, shown as "more below" (approximate after a resize)
	w, h      int
	self      string
}

type entry struct {
	line  meeting.Line
	item  meeting.ItemType // set when the line recorded a minutes item
	width int
	rows  []string
}

func (p *channelPane) SetSize(w, h int) {
	p.w, p.h = max(w, 1), max(h, 1)
	if !p.follow && p.anchor < len(p.entries) {
		p.anchorRow = min(p.anchorRow, len(p.rowsOf(p.entries[p.anchor]))-1)
	}
}

func (p *channelPane) add(l meeting.Line) *entry {
	e := &entry{line: l}
	p.entries = append(p.entries, e)
	if !p.follow {
		p.below += len(p.rowsOf(e))
	}
	return e
}

// mark highlights an entry as having recorded an item.
func (p *channelPane) mark(e *entry, t meeting.ItemType) {
	e.item = t
	e.width = 0
}

// scroll moves the view up (rows > 0) or down (rows < 0).
func (p *channelPane) scroll(rows int) {
	if len(p.entries) == 0 {
		return
	}
	if p.follow || p.anchor >= len(p.entries) {
		if rows <= 0 {
			return
		}
		p.follow = false
		p.anchor = len(p.entries) - 1
		p.anchorRow = len(p.rowsOf(p.entries[p.anchor])) - 1
		p.below = 0
	}
	for ; rows > 0; rows-- { // up, but never so far that the top is blank
		if p.anchorRow > 0 {
			p.anchorRow--
		} else if p.anchor > 0 {
			p.anchor--
			p.anchorRow = len(p.rowsOf(p.entries[p.anchor])) - 1
		} else {
			break
		}
		p.below++
	}
	for ; rows < 0 && !p.follow; rows++ { // down
		if p.anchorRow < len(p.rowsOf(p.entries[p.anchor]))-1 {
			p.anchorRow++
		} else if p.anchor < len(p.entries)-1 {
			p.anchor++
			p.anchorRow = 0
		} else {
			p.toBottom()
		}
		p.below = max(p.below-1, 0)
	}
	if !p.follow && p.anchor == len(p.entries)-1 && p.anchorRow == len(p.rowsOf(p.entries[p.anchor]))-1 {
		p.toBottom()
	}
	if !p.follow {
		p.clampTop()
	}
}

// clampTop keeps a full screen above the anchor when there is one.
func (p *channelPane) clampTop() {
	rows := p.anchorRow + 1
	for i := p.anchor - 1; i >= 0 && rows < p.h; i-- {
		rows += len(p.rowsOf(p.entries[i]))
	}
	for rows < p.h && !p.follow {
		if p.anchorRow < len(p.rowsOf(p.entries[p.anchor]))-1 {
			p.anchorRow++
		} else if p.anchor < len(p.entries)-1 {
			p.anchor++
			p.anchorRow = 0
		} else {
			p.toBottom()
			return
		}
		p.below = max(p.below-1, 0)
		rows++
	}
}

func (p *channelPane) toTop() {
	if len(p.entries) == 0 {
		return
	}
	p.follow, p.anchor, p.anchorRow = false, 0, 0
	p.below = 1 // unknown without wrapping everything; the hint only needs "some"
	p.clampTop()
}

func (p *channelPane) toBottom() { p.follow, p.below = true, 0 }

// scrolled reports whether the view is off the newest line.
func (p *channelPane) scrolled() bool { return !p.follow }

func (p *channelPane) rowsOf(e *entry) []string {
	if e.width != p.w || e.rows == nil {
		e.width = p.w
		e.rows = strings.Split(ansi.Wrap(p.format(e), p.w, " "), "\n")
	}
	return e.rows
}

func (p *channelPane) format(e *entry) string {
	st := p.c.Styles
	l := e.line
	var b strings.Builder
	b.WriteString(st.Time.Render(l.Time.UTC().Format("15:04")))
	b.WriteByte(' ')
	if e.item != "" {
		if s, ok := st.Item[string(e.item)]; ok {
			b.WriteString(s.Render(" " + string(e.item) + " "))
			b.WriteByte(' ')
		}
	}
	nick := st.NickStyle(l.Nick).Render(plaintext.Plain(l.Nick))
	text := func() string { return RenderIRC(l.Text, st.Text, st) }
	ev := func(s string) string { return st.Event.Render(s) }
	if l.Recovered {
		b.WriteString(ev("↺ ")) // replayed by the server after a gap
	}
	switch l.Kind {
	case meeting.Gap:
		b.WriteString(st.Error.Render(meeting.GapNote{From: l.From, To: l.Time}.Text()))
	case meeting.GapFilled:
		b.WriteString(ev(meeting.FilledText))
	case meeting.Message:
		if l.Nick == p.self {
			nick = st.Self.Render(plaintext.Plain(l.Nick))
		}
		b.WriteString("<" + nick + "> " + text())
	case meeting.Action:
		b.WriteString("* " + nick + " " + text())
	case meeting.Notice:
		b.WriteString("-" + nick + "- " + text())
	case meeting.Join:
		b.WriteString(ev("→ ") + nick + ev(" joined"))
	case meeting.Part:
		b.WriteString(ev("← ") + nick + ev(" left") + reason(l.Text, st))
	case meeting.Quit:
		b.WriteString(ev("← ") + nick + ev(" quit") + reason(l.Text, st))
	case meeting.NickChange:
		b.WriteString(nick + ev(" is now known as ") + st.NickStyle(l.Text).Render(plaintext.Plain(l.Text)))
	case meeting.TopicChange:
		b.WriteString(nick + ev(" set the topic: ") + text())
	case meeting.Kick:
		b.WriteString(nick + ev(" kicked ") + plaintext.Plain(l.Text))
	}
	return b.String()
}

func reason(s string, st *Styles) string {
	if s == "" {
		return ""
	}
	return st.Event.Render(" (" + plaintext.Plain(s) + ")")
}

// View renders the visible rows, newest at the bottom.
func (p *channelPane) View() string {
	last, lastRow := len(p.entries)-1, -1
	if !p.follow {
		last, lastRow = p.anchor, p.anchorRow
	}
	rows := make([]string, 0, p.h) // bottom first
	for i := last; i >= 0 && len(rows) < p.h; i-- {
		r := p.rowsOf(p.entries[i])
		j := len(r) - 1
		if i == last && lastRow >= 0 {
			j = min(lastRow, j)
		}
		for ; j >= 0 && len(rows) < p.h; j-- {
			rows = append(rows, r[j])
		}
	}
	out := make([]string, p.h)
	for i := range rows {
		out[p.h-1-i] = rows[i]
	}
	if !p.follow {
		out[p.h-1] = p.c.Styles.Status.Render(ansi.Truncate("-- more below ("+itoa(max(p.below, 1))+" rows) -- End to jump", p.w, "…"))
	}
	return strings.Join(out, "\n")
}
