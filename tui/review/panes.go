package review

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// cursor is a selection in a list of n rows shown h at a time.
type cursor struct{ cur, top, n, h int }

func (c *cursor) set(i int) {
	c.cur = i
	c.fix()
}

func (c *cursor) fix() {
	c.cur = min(max(c.cur, 0), max(c.n-1, 0))
	h := max(c.h, 1)
	if c.cur < c.top {
		c.top = c.cur
	}
	if c.cur >= c.top+h {
		c.top = c.cur - h + 1
	}
	c.top = min(max(c.top, 0), max(c.n-h, 0))
}

func (c *cursor) keys(msg tea.KeyPressMsg, k *KeyMap) {
	h := max(c.h, 1)
	switch {
	case key.Matches(msg, k.Up):
		c.set(c.cur - 1)
	case key.Matches(msg, k.Down):
		c.set(c.cur + 1)
	case key.Matches(msg, k.PageUp):
		c.set(c.cur - h)
	case key.Matches(msg, k.PageDown):
		c.set(c.cur + h)
	case key.Matches(msg, k.Top):
		c.set(0)
	case key.Matches(msg, k.Bottom):
		c.set(c.n - 1)
	}
}

// ---- meeting list ----

type listPane struct {
	rows       []archive.Meeting
	t          rowTable
	filter     archive.MeetingFilter
	filterText string
}

// listFlex is the meeting list's column that takes the spare width.
const listFlex = 3

func newListTable(k *KeyMap) rowTable {
	t := newRowTable(k,
		table.Column{Title: "Started", Width: 16}, table.Column{Title: "Channel", Width: 18},
		table.Column{Title: "Name", Width: 16}, table.Column{Title: "Topics — people"})
	t.keep(0)
	return t
}

// set shows ms (again, after a style change), the cursor on row cur.
func (p *listPane) set(st *Styles, ms []archive.Meeting, cur int) {
	p.rows = ms
	rows := make([][]cell, len(ms))
	for i, m := range ms {
		rows[i] = []cell{
			paint(st.Time, m.Started.Format("2006-01-02 15:04")),
			paint(st.Channel, clean(m.Channel)),
			paint(st.Name, clean(m.Name)),
			join("  ", paint(st.Text, clean(strings.Join(m.Topics, " · "))),
				paint(st.Dim, "— "+clean(strings.Join(firstN(m.People, 6), ", "))))}
	}
	p.t.setRows(rows, cur)
}

func (p *listPane) render(st *Styles, w, h int) string {
	title := st.PaneTitle.Render(fmt.Sprintf("Meetings (%d)", len(p.rows)))
	if p.filterText != "" {
		title += st.Dim.Render("  filter: " + clean(p.filterText) + "  (esc clears)")
	}
	if len(p.rows) == 0 {
		return title + "\n" + st.Dim.Render("  no meetings — import logs with 'gavel import PATH', or change the filter")
	}
	return title + "\n" + p.t.view()
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(slices.Clone(s[:n]), fmt.Sprintf("+%d", len(s)-n))
	}
	return s
}

// ---- search results ----

type searchPane struct {
	q       string
	literal bool
	hits    []archive.Hit
	t       rowTable
}

// searchFlex is the search results' column that takes the spare width.
const searchFlex = 5

func newSearchTable(k *KeyMap) rowTable {
	t := newRowTable(k,
		table.Column{Title: "Date", Width: 10}, table.Column{Title: "Channel", Width: 14},
		table.Column{Title: "Meeting:line", Width: 20}, table.Column{Title: "Time", Width: 5},
		table.Column{Title: "Who", Width: 16}, table.Column{Title: "Said"})
	t.keep(0, 3)
	return t
}

// set shows hits (again, after a style change), the cursor on row cur.
func (p *searchPane) set(st *Styles, hits []archive.Hit, cur int) {
	p.hits = hits
	rows := make([][]cell, len(hits))
	for i, h := range hits {
		who := paint(st.Nick, "<"+clean(h.Nick)+">")
		if h.Kind == "item" {
			who = join(" ", paint(st.Accent, clean(h.Type)), paint(st.Nick, clean(h.Nick)))
		}
		rows[i] = []cell{
			paint(st.Time, h.Started.Format("2006-01-02")),
			paint(st.Channel, clean(h.Channel)),
			paint(st.Name, fmt.Sprintf("%s:%d", clean(h.Name), h.Line)),
			paint(st.Time, h.Time.Format("15:04")), who,
			marked(st, h.Marked)}
	}
	p.t.setRows(rows, cur)
}

func (p *searchPane) render(st *Styles, w, h int) string {
	title := st.PaneTitle.Render(fmt.Sprintf("Search: %s (%d hits)", clean(p.q), len(p.hits)))
	if p.q == "" {
		return title + "\n" + st.Dim.Render("  press / to search everything said (FTS5: words, \"a phrase\", pre*, a OR b, NEAR(a b))")
	}
	if len(p.hits) == 0 {
		return title + "\n" + st.Dim.Render("  no matches")
	}
	return title + "\n" + p.t.view()
}

// marked is text with its search hits highlighted; the text is
// sanitised first and the markers survive plaintext.Plain.
func marked(st *Styles, s string) cell {
	s = plaintext.Plain(s)
	var c cell
	for {
		i := strings.Index(s, archive.MarkStart)
		if i < 0 {
			return append(c, paint(st.Text, strings.ReplaceAll(s, archive.MarkEnd, ""))...)
		}
		c = append(c, paint(st.Text, strings.ReplaceAll(s[:i], archive.MarkEnd, ""))...)
		s = s[i+len(archive.MarkStart):]
		j := strings.Index(s, archive.MarkEnd)
		if j < 0 {
			j = len(s)
		}
		c = append(c, paint(st.Mark, strings.ReplaceAll(s[:j], archive.MarkStart, ""))...)
		s = s[min(j+len(archive.MarkEnd), len(s)):]
	}
}

// ---- one meeting: minutes and log ----

type meetPane struct {
	m          *archive.Meeting
	prev, next *archive.Meeting
	md         string
	rendered   bool
	vp         viewport.Model
	items      []archive.Item
	item       int // selected item, -1 for none
	log        []archive.LogLine
	logc       cursor
	target     int // log line jumped to
	focusLog   bool
}

func (p *meetPane) set(msg openedMsg) {
	p.m, p.prev, p.next, p.md = msg.m, msg.prev, msg.next, msg.md
	p.items, p.log = msg.items, msg.log
	p.item, p.target, p.rendered = -1, 0, false
	p.vp.SetContent("rendering minutes…")
	p.vp.GotoTop()
	p.logc = cursor{n: len(msg.log), h: p.logc.h}
	p.focusLog = msg.focusLog
	if msg.line > 0 {
		p.jump(msg.line)
		for i, it := range p.items {
			if it.Line == msg.line {
				p.item = i
				break
			}
		}
	}
}

// jump puts the log cursor on line n (1-based), centred.
func (p *meetPane) jump(n int) {
	i, _ := slices.BinarySearchFunc(p.log, n, func(l archive.LogLine, n int) int { return cmp.Compare(l.N, n) })
	p.target = n
	p.logc.cur = i
	p.logc.top = i - p.logc.h/2
	p.logc.fix()
}

func (p *meetPane) render(st *Styles, w, h int) string {
	if p.m == nil {
		return st.Dim.Render("  no meeting open: choose one in the list (m) or search (/)")
	}
	m := p.m
	nav := ""
	if p.prev != nil {
		nav += st.Dim.Render("  [ " + p.prev.Started.Format("2006-01-02"))
	}
	if p.next != nil {
		nav += st.Dim.Render("  ] " + p.next.Started.Format("2006-01-02"))
	}
	tabMin, tabLog := st.Focused.Render(" Minutes "), st.PaneTitle.Render(" Log ")
	if p.focusLog {
		tabMin, tabLog = st.PaneTitle.Render(" Minutes "), st.Focused.Render(" Log ")
	}
	head := fit(fmt.Sprintf("%s%s %s %s %s  %s%s", tabMin, tabLog,
		st.Channel.Render(clean(m.Channel)), st.Name.Render(clean(m.Name)),
		st.Time.Render(m.Started.Format("2006-01-02 15:04")),
		st.Dim.Render(fmt.Sprintf("%d lines · %d people", m.Lines, len(m.People))), nav), w)
	var sel string
	if p.focusLog {
		sel = st.Dim.Render(fmt.Sprintf("line %d of %d", p.logc.cur+1, len(p.log)))
	} else if p.item >= 0 && p.item < len(p.items) {
		it := p.items[p.item]
		sel = st.Accent.Render(fmt.Sprintf("▸ %s ", clean(it.Type))) + st.Text.Render(clean(it.Text)) +
			st.Dim.Render(fmt.Sprintf("  (%s, line %d — enter: jump to the log)", clean(it.Nick), it.Line))
	} else {
		sel = st.Dim.Render(fmt.Sprintf("%d items — n/N select an item, enter jumps to its log line", len(p.items)))
	}
	var body string
	if p.focusLog {
		body = p.renderLog(st, w)
	} else {
		body = p.vp.View()
	}
	return head + "\n" + padLines(body, max(h-2, 1)) + "\n" + fit(sel, w)
}

// ---- action items ----

type actionsPane struct {
	rows   []archive.Action
	t      rowTable
	status int // 0 all, 1 open, 2 done
	who    string
	note   string // shown once with the next reload
	total  int    // how many match: more than rows when cut at limit
	limit  int    // how many to load, 0 for actionsShown; More raises it
}

// The action list's columns: the text takes the spare width.
const (
	actID, actStatus, actOwners, actText, actMeetings = 0, 1, 2, 3, 4
)

func newActionsTable(k *KeyMap) rowTable {
	t := newRowTable(k,
		table.Column{Title: "ID", Width: 4}, table.Column{Title: "State", Width: 5},
		table.Column{Title: "Owners", Width: 12}, table.Column{Title: "Action"},
		table.Column{Title: "Latest meeting", Width: 30})
	t.keep(actID, actStatus) // a cut id could not be typed to 'gavel actions --done'
	return t
}

// actMeetingsWidth is the meetings column's share of a w-cell window: the
// text needs the room more.
func actMeetingsWidth(w int) int { return min(max((w-40)/3, 12), 34) }

// set shows acts (again, after a style change), the cursor on row cur.
func (p *actionsPane) set(st *Styles, acts []archive.Action, cur int) {
	p.rows = acts
	rows := make([][]cell, len(acts))
	idw := 2
	for i, a := range acts {
		status := paint(st.Open, "open")
		if a.Done {
			status = paint(st.Done, "done")
		}
		owners := strings.Join(a.Owners, ",")
		if owners == "" {
			owners = "UNASSIGNED"
		}
		seen := a.Last.Format("2006-01-02")
		if a.Meetings > 1 {
			seen += fmt.Sprintf(" ×%d", a.Meetings)
		}
		id := clean(a.ID)
		idw = max(idw, ansi.StringWidth(id))
		rows[i] = []cell{paint(st.Dim, id), status,
			paint(st.Nick, clean(owners)), paint(st.Text, clean(a.Text)),
			join(" ", paint(st.Channel, clean(a.Channel)), paint(st.Name, clean(a.Name)), paint(st.Time, seen))}
	}
	p.t.setWidth(actID, min(idw, 12))
	p.t.setRows(rows, cur)
}

// sortActions groups items by person (first owner), open ones first,
// newest mention first.
func sortActions(a []archive.Action) {
	owner := func(x archive.Action) string {
		if len(x.Owners) == 0 {
			return "\uffff"
		}
		return meeting.FoldNick(x.Owners[0])
	}
	slices.SortStableFunc(a, func(x, y archive.Action) int {
		if c := cmp.Compare(owner(x), owner(y)); c != 0 {
			return c
		}
		if x.Done != y.Done {
			if x.Done {
				return 1
			}
			return -1
		}
		return y.Last.Compare(x.Last)
	})
}

// count is how many items are shown, and of how many when the list is
// cut at actionsShown.
func (p *actionsPane) count() string {
	if p.total > len(p.rows) {
		return fmt.Sprintf("newest %d of %d", len(p.rows), p.total)
	}
	return fmt.Sprint(len(p.rows))
}

func (p *actionsPane) render(st *Styles, w, h int) string {
	title := st.PaneTitle.Render(fmt.Sprintf("Action items (%s, %s)", p.count(), []string{"all", "open", "done"}[p.status]))
	if p.who != "" {
		title += st.Dim.Render("  owner: " + clean(p.who))
	}
	if len(p.rows) == 0 {
		return title + "\n" + st.Dim.Render("  none")
	}
	return title + "\n" + p.t.view()
}

func ansiStrip(s string) string { return ansi.Strip(s) }

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}
