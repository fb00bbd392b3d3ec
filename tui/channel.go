package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting"
)

// channelPane is the scrollable channel. It keeps every line but renders
// only what is on screen, caching each line's wrapped rows for the current
// width, so a frame costs the same with 100 or 100,000 lines of scrollback.
type channelPane struct {
	c       *Common
	entries []*entry
	offset  int // rows scrolled up from the newest
	w, h    int
	focused bool
	self    string
}

type entry struct {
	line  meeting.Line
	item  meeting.ItemType // set when the line recorded a minutes item
	width int
	rows  []string
}

func (p *channelPane) SetSize(w, h int) { p.w, p.h = max(w, 1), max(h, 1) }

func (p *channelPane) add(l meeting.Line) *entry {
	e := &entry{line: l}
	p.entries = append(p.entries, e)
	if p.offset > 0 {
		p.offset += len(p.rowsOf(e)) // keep the view still while scrolled up
	}
	return e
}

// mark highlights the newest entry as having recorded an item.
func (p *channelPane) mark(e *entry, t meeting.ItemType) {
	e.item = t
	e.width = 0
}

func (p *channelPane) scroll(rows int) {
	p.offset = max(p.offset+rows, 0)
}

func (p *channelPane) toTop()    { p.offset = 1 << 30 }
func (p *channelPane) toBottom() { p.offset = 0 }

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
	nick := st.NickStyle(l.Nick).Render(plainIRC(l.Nick))
	text := func() string { return RenderIRC(l.Text, st.Text, st) }
	ev := func(s string) string { return st.Event.Render(s) }
	switch l.Kind {
	case meeting.Message:
		if l.Nick == p.self {
			nick = st.Self.Render(plainIRC(l.Nick))
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
		b.WriteString(nick + ev(" is now known as ") + st.NickStyle(l.Text).Render(plainIRC(l.Text)))
	case meeting.TopicChange:
		b.WriteString(nick + ev(" set the topic: ") + text())
	case meeting.Kick:
		b.WriteString(nick + ev(" kicked ") + plainIRC(l.Text))
	}
	return b.String()
}

func reason(s string, st *Styles) string {
	if s == "" {
		return ""
	}
	return st.Event.Render(" (" + plainIRC(s) + ")")
}

// View renders the visible rows, newest at the bottom.
func (p *channelPane) View() string {
	need := p.h + p.offset
	var rows []string // newest first
	for i := len(p.entries) - 1; i >= 0 && len(rows) < need; i-- {
		r := p.rowsOf(p.entries[i])
		for j := len(r) - 1; j >= 0 && len(rows) < need; j-- {
			rows = append(rows, r[j])
		}
	}
	if p.offset > 0 && len(rows) < need { // scrolled past the oldest line
		p.offset = max(len(rows)-p.h, 0)
	}
	start := min(p.offset, len(rows))
	end := min(start+p.h, len(rows))
	visible := rows[start:end]
	out := make([]string, p.h)
	for i := range visible {
		out[p.h-1-i] = visible[i]
	}
	if p.offset > 0 {
		out[p.h-1] = p.c.Styles.Status.Render(ansi.Truncate("-- more below ("+itoa(p.offset)+" rows) -- End to jump", p.w, "…"))
	}
	return strings.Join(out, "\n")
}
