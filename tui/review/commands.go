package review

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/minutes"
	"github.com/gavel-irc/gavel/meeting/plaintext"
	"github.com/gavel-irc/gavel/tui/mdterm"
)

// The messages and commands of the review: all archive access happens
// here, off the Update path.

type meetingsMsg struct {
	ms  []archive.Meeting
	err error
}

type searchMsg struct {
	q       string
	hits    []archive.Hit
	literal bool
	err     error
}

type openedMsg struct {
	seq        int
	m          *archive.Meeting
	prev, next *archive.Meeting
	items      []archive.Item
	log        []archive.LogLine
	md         string
	focusLog   bool
	line       int
	err        error
}

type renderedMsg struct {
	seq   int
	width int
	dark  bool
	text  string
}

type actionsMsg struct {
	acts  []archive.Action
	total int // how many match (more than acts when cut at actionsShown)
	err   error
}

type markedMsg struct {
	ac     *archive.Action
	reopen bool
	err    error
}

type updatedMsg struct {
	st  *archive.UpdateStats
	err error
}

var bg = context.Background()

func (m *Model) loadMeetings() tea.Cmd {
	a, f := m.a, m.list.filter
	return func() tea.Msg {
		ms, err := a.Meetings(bg, f)
		return meetingsMsg{ms, err}
	}
}

func (m *Model) updateIndex() tea.Cmd {
	a := m.a
	return func() tea.Msg {
		st, err := a.Refresh(bg)
		return updatedMsg{st, err}
	}
}

func (m *Model) runSearch(q string) tea.Cmd {
	a := m.a
	return func() tea.Msg {
		hits, err := a.Search(bg, q, 200)
		if errors.Is(err, archive.ErrQuery) {
			if lq := archive.QuoteQuery(q); lq != "" {
				hits, err = a.Search(bg, lq, 200)
				return searchMsg{q, hits, true, err}
			}
		}
		return searchMsg{q, hits, false, err}
	}
}

func (m *Model) openMeeting(id int64, focusLog bool, line int) tea.Cmd {
	m.openSeq++
	seq, a := m.openSeq, m.a
	return func() tea.Msg {
		om := openedMsg{seq: seq, focusLog: focusLog, line: line}
		mt, err := a.MeetingByID(bg, id)
		if err != nil {
			om.err = err
			return om
		}
		om.m = mt
		if om.prev, om.next, err = a.Adjacent(bg, mt); err != nil {
			om.err = err
			return om
		}
		if om.items, err = a.Items(bg, id); err != nil {
			om.err = err
			return om
		}
		if om.log, err = a.Log(bg, id); err != nil {
			om.err = err
			return om
		}
		min, err := a.Minutes(bg, mt)
		if err != nil {
			om.md = "*" + strings.ReplaceAll(plaintext.Plain(err.Error()), "*", "") + "*"
			return om
		}
		var buf bytes.Buffer
		if err := minutes.Markdown(&buf, min); err != nil {
			om.md = "*could not render the minutes*"
		}
		om.md = buf.String()
		return om
	}
}

// renderMarkdown renders minutes Markdown with glamour, off the Update
// path, with a style chosen from the background (no terminal query) or
// none when plain (NO_COLOR).
func renderMarkdown(seq int, md string, width int, dark, plain bool) tea.Cmd {
	return func() tea.Msg {
		return renderedMsg{seq, width, dark, mdterm.Render(md, width, mdterm.For(dark, plain))}
	}
}

// actionsShown is how many items the Actions view holds at first, the
// newest: a table of every item of a large archive takes seconds to build
// and holds more than anyone scrolls. The title says how many match; an
// owner or a status narrows the list, and More takes in this many more.
var actionsShown = 1000

func (m *Model) loadActions() tea.Cmd {
	a := m.a
	f := archive.ActionFilter{Who: m.acts.who, Open: m.acts.status == 1, Done: m.acts.status == 2, Newest: true, Limit: cmp.Or(m.acts.limit, actionsShown)}
	return func() tea.Msg {
		acts, err := a.Actions(bg, f)
		total := len(acts)
		if err == nil && total == f.Limit {
			total, err = a.CountActions(bg, f)
		}
		sortActions(acts)
		return actionsMsg{acts, total, err}
	}
}

// markDone closes an item by hand, or (reopen) undoes its closing.
func (m *Model) markDone(id string, reopen bool) tea.Cmd {
	a, who, now := m.a, m.opts.User, m.opts.Now()
	set := a.MarkDone
	if reopen {
		set = a.Reopen
	}
	return func() tea.Msg {
		ac, err := set(bg, id, who, now)
		return markedMsg{ac, reopen, err}
	}
}
