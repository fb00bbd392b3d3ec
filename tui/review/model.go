package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/tui/mdterm"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

// Options configure the review view.
type Options struct {
	Archive *archive.Archive
	// Dark is the background guess until the terminal answers.
	Dark bool
	// Update runs an incremental index update in the background at start
	// and reloads the list when it changed something.
	Update bool
	// User is who marks action items done.
	User string
	// Now is the clock for closings (time.Now when nil).
	Now func() time.Time
	// ReadOnly shows the archive without changing it (gavel serve): no
	// marking action items done, no index update. The keys that would
	// change something are disabled, so help does not offer them.
	ReadOnly bool
}

type screen uint8

const (
	screenList screen = iota
	screenSearch
	screenMeeting
	screenActions
)

type inputMode uint8

const (
	inputNone inputMode = iota
	inputFilter
	inputSearch
	inputWho
	inputAmend // an item's new text or change (amend.go)
	inputWhy   // the reason for an amendment
)

// Model is the root model.
type Model struct {
	opts   Options
	a      *archive.Archive
	w, h   int
	st     *Styles
	keys   *KeyMap
	help   help.Model
	full   bool
	screen screen
	back   screen // where esc goes from the meeting view

	mode  inputMode
	input textinput.Model

	list listPane
	srch searchPane
	meet meetPane
	acts actionsPane

	status  string
	err     string
	openSeq int
	pending meeting.Amendment // what the amendment prompts are building
}

// New builds the review model.
func New(opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := &Model{opts: opts, a: opts.Archive, keys: DefaultKeyMap(), help: help.New()}
	if opts.ReadOnly {
		m.opts.Update = false
		m.keys.MarkDone.SetEnabled(false)
		m.keys.Reopen.SetEnabled(false)
		m.keys.Amend.SetEnabled(false)
	}
	m.setDark(opts.Dark)
	m.input = textinput.New()
	m.input.CharLimit = 400
	m.meet.vp = viewport.New()
	m.meet.item = -1
	m.status = "loading meetings…"
	return m
}

func (m *Model) setDark(dark bool) {
	m.st = NewStyles(dark)
	m.help.Styles = help.DefaultStyles(dark)
	m.input.SetStyles(textinput.DefaultStyles(dark))
}

// Init loads the meeting list and asks for the background colour.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.loadMeetings()}
	if m.opts.Update {
		cmds = append(cmds, m.updateIndex())
	}
	return tea.Batch(cmds...)
}

// ---- messages and commands (all archive access happens here) ----

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
	acts []archive.Action
	err  error
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
			om.md = "*" + strings.ReplaceAll(minutes.Plain(err.Error()), "*", "") + "*"
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
// path, with a style chosen from the background (no terminal query).
func renderMarkdown(seq int, md string, width int, dark bool) tea.Cmd {
	return func() tea.Msg {
		style := mdterm.Light
		if dark {
			style = mdterm.Dark
		}
		return renderedMsg{seq, width, dark, mdterm.Render(md, width, style)}
	}
}

func (m *Model) loadActions() tea.Cmd {
	a := m.a
	f := archive.ActionFilter{Who: m.acts.who, Open: m.acts.status == 1, Done: m.acts.status == 2}
	return func() tea.Msg {
		acts, err := a.Actions(bg, f)
		sortActions(acts)
		return actionsMsg{acts, err}
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

// ---- Update ----

// Update routes messages; it never touches the archive itself.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.layout()
		if m.meet.m != nil && m.meet.md != "" {
			return m, renderMarkdown(m.openSeq, m.meet.md, m.meet.vp.Width(), m.st.Dark)
		}
		return m, nil
	case tea.BackgroundColorMsg:
		m.setDark(msg.IsDark())
		if m.meet.m != nil && m.meet.md != "" {
			return m, renderMarkdown(m.openSeq, m.meet.md, m.meet.vp.Width(), m.st.Dark)
		}
		return m, nil
	case meetingsMsg:
		if msg.err != nil {
			m.err = msg.err.Error()
			return m, nil
		}
		m.list.rows = msg.ms
		m.list.c.n = len(msg.ms)
		m.list.c.set(0)
		m.status = fmt.Sprintf("%d meetings", len(msg.ms))
		if len(msg.ms) >= 500 {
			m.status = "newest 500 meetings (filter with f)"
		}
		if f := m.list.filterText; f != "" {
			m.status += " · filter: " + f
		}
		return m, nil
	case updatedMsg:
		if msg.err != nil {
			m.err = "index: " + msg.err.Error()
			return m, nil
		}
		if st := msg.st; st.Added+st.Changed+st.Removed > 0 {
			m.status = fmt.Sprintf("index updated: %d new, %d changed, %d removed", st.Added, st.Changed, st.Removed)
			return m, m.loadMeetings()
		}
		return m, nil
	case searchMsg:
		m.srch.q, m.srch.hits, m.srch.literal = msg.q, msg.hits, msg.literal
		m.srch.c.n = len(msg.hits)
		m.srch.c.set(0)
		m.err = ""
		if msg.err != nil {
			m.err = msg.err.Error()
		}
		m.status = fmt.Sprintf("%d hits for %s", len(msg.hits), clean(msg.q))
		if msg.literal {
			m.status += " (searched literally: not FTS5 syntax)"
		}
		m.screen = screenSearch
		return m, nil
	case openedMsg:
		if msg.seq != m.openSeq {
			return m, nil
		}
		if msg.err != nil {
			m.err = msg.err.Error()
			return m, nil
		}
		m.err = ""
		m.meet.set(msg)
		if m.screen != screenMeeting {
			m.back = m.screen
		}
		m.screen = screenMeeting
		m.layout()
		m.status = fmt.Sprintf("%s %s %s", clean(msg.m.Channel), clean(msg.m.Name), msg.m.Started.Format("2006-01-02 15:04"))
		return m, renderMarkdown(m.openSeq, m.meet.md, m.meet.vp.Width(), m.st.Dark)
	case renderedMsg:
		if msg.seq == m.openSeq && msg.dark == m.st.Dark {
			m.meet.vp.SetContent(msg.text)
			m.meet.rendered = true
		}
		return m, nil
	case actionsMsg:
		if msg.err != nil {
			m.err = msg.err.Error()
			return m, nil
		}
		cur := m.acts.c.cur
		m.acts.rows = msg.acts
		m.acts.c.n = len(msg.acts)
		m.acts.c.set(cur)
		m.status = fmt.Sprintf("%d action items (%s)", len(msg.acts), []string{"all", "open", "done"}[m.acts.status])
		if m.acts.who != "" {
			m.status += " · owner " + clean(m.acts.who)
		}
		if m.acts.note != "" {
			m.status = m.acts.note + " · " + m.status
			m.acts.note = ""
		}
		return m, nil
	case amendedMsg:
		return m, m.amended(msg)
	case markedMsg:
		if msg.err != nil {
			m.err = msg.err.Error()
			return m, nil
		}
		verb := "closed "
		if msg.reopen {
			verb = "reopened "
		}
		m.acts.note = verb + msg.ac.ID + ": " + clean(msg.ac.Text)
		return m, m.loadActions()
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	if m.mode != inputNone {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	if m.mode != inputNone {
		switch msg.String() {
		case "enter":
			v := strings.TrimSpace(m.input.Value())
			mode := m.mode
			m.mode = inputNone
			m.input.Blur()
			switch mode {
			case inputSearch:
				if v == "" {
					return m, nil
				}
				m.status = "searching…"
				return m, m.runSearch(v)
			case inputFilter:
				f, err := parseFilter(v)
				if err != nil {
					m.err = err.Error()
					return m, nil
				}
				m.err = ""
				m.list.filter, m.list.filterText = f, v
				m.screen = screenList
				return m, m.loadMeetings()
			case inputWho:
				m.acts.who = v
				return m, m.loadActions()
			case inputAmend, inputWhy:
				return m, m.amendEntered(mode, v)
			}
			return m, nil
		case "esc":
			m.mode = inputNone
			m.input.Blur()
			return m, nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.full = !m.full
		m.layout()
		return m, nil
	case key.Matches(msg, k.Search):
		return m, m.prompt(inputSearch, "search: ", m.srch.q)
	case key.Matches(msg, k.Filter) && m.screen != screenActions:
		return m, m.prompt(inputFilter, "filter (#chan name:N who:NICK from:YYYY-MM-DD to:YYYY-MM-DD): ", m.list.filterText)
	case key.Matches(msg, k.Meetings) && m.screen != screenMeeting:
		m.screen = screenList
		return m, nil
	case key.Matches(msg, k.Actions) && m.screen != screenMeeting:
		m.screen = screenActions
		m.status = "loading action items…"
		return m, m.loadActions()
	}
	switch m.screen {
	case screenList:
		if key.Matches(msg, k.Open) && len(m.list.rows) > 0 {
			return m, m.openMeeting(m.list.rows[m.list.c.cur].ID, false, 0)
		}
		if key.Matches(msg, k.Back) && m.list.filterText != "" {
			m.list.filter, m.list.filterText = archive.MeetingFilter{}, ""
			return m, m.loadMeetings()
		}
		m.list.c.keys(msg, k)
	case screenSearch:
		if key.Matches(msg, k.Open) && len(m.srch.hits) > 0 {
			h := m.srch.hits[m.srch.c.cur]
			return m, m.openMeeting(h.MeetingID, true, h.Line)
		}
		if key.Matches(msg, k.Back) {
			m.screen = screenList
			return m, nil
		}
		m.srch.c.keys(msg, k)
	case screenActions:
		switch {
		case key.Matches(msg, k.MarkDone) && len(m.acts.rows) > 0:
			ac := m.acts.rows[m.acts.c.cur]
			if ac.Done {
				m.status = ac.ID + " is already done"
				return m, nil
			}
			return m, m.markDone(ac.ID, false)
		case key.Matches(msg, k.Reopen) && len(m.acts.rows) > 0:
			ac := m.acts.rows[m.acts.c.cur]
			if !ac.Done {
				m.status = ac.ID + " is open"
				return m, nil
			}
			return m, m.markDone(ac.ID, true)
		case key.Matches(msg, k.Status):
			m.acts.status = (m.acts.status + 1) % 3
			return m, m.loadActions()
		case key.Matches(msg, k.Who):
			return m, m.prompt(inputWho, "owner (empty for everyone): ", m.acts.who)
		case key.Matches(msg, k.Open) && len(m.acts.rows) > 0:
			ac := m.acts.rows[m.acts.c.cur]
			return m, m.openMeeting(ac.MeetingID, true, ac.Line)
		case key.Matches(msg, k.Back):
			m.screen = screenList
			return m, nil
		}
		m.acts.c.keys(msg, k)
	case screenMeeting:
		return m, m.meetingKey(msg)
	}
	return m, nil
}

func (m *Model) meetingKey(msg tea.KeyPressMsg) tea.Cmd {
	k, p := m.keys, &m.meet
	switch {
	case key.Matches(msg, k.Back):
		m.screen = m.back
		return nil
	case key.Matches(msg, k.Tab):
		p.focusLog = !p.focusLog
		return nil
	case key.Matches(msg, k.Prev):
		if p.prev != nil {
			return m.openMeeting(p.prev.ID, false, 0)
		}
		m.status = "no earlier meeting of this series"
		return nil
	case key.Matches(msg, k.Next):
		if p.next != nil {
			return m.openMeeting(p.next.ID, false, 0)
		}
		m.status = "no later meeting of this series"
		return nil
	case key.Matches(msg, k.Amend):
		return m.startAmend()
	}
	if p.focusLog {
		p.logc.keys(msg, k)
		return nil
	}
	switch {
	case key.Matches(msg, k.NextItem), key.Matches(msg, k.PrevItem):
		if len(p.items) == 0 {
			return nil
		}
		d := 1
		if key.Matches(msg, k.PrevItem) {
			d = -1
		}
		p.item = (p.item + d + len(p.items)) % len(p.items)
		return nil
	case key.Matches(msg, k.Open):
		if p.item >= 0 && p.item < len(p.items) {
			p.jump(p.items[p.item].Line)
			p.focusLog = true
		}
		return nil
	}
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return cmd
}

func (m *Model) prompt(mode inputMode, prompt, value string) tea.Cmd {
	m.mode = mode
	m.input.Prompt = prompt
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.input.SetWidth(max(m.w-len(prompt)-2, 10))
	return m.input.Focus()
}

// parseFilter reads "#chan name:N who:NICK from:DATE to:DATE"; a bare
// word is a meeting name, "@nick" a person.
func parseFilter(s string) (archive.MeetingFilter, error) {
	var f archive.MeetingFilter
	for _, tok := range strings.Fields(s) {
		k, v, ok := strings.Cut(tok, ":")
		if !ok {
			switch {
			case strings.HasPrefix(tok, "#"):
				f.Channel = tok
			case strings.HasPrefix(tok, "@"):
				f.Person = tok[1:]
			default:
				f.Name = tok
			}
			continue
		}
		switch strings.ToLower(k) {
		case "channel", "chan", "c":
			f.Channel = archive.NormChannel(v)
		case "name", "n":
			f.Name = v
		case "who", "person", "p", "nick":
			f.Person = v
		case "from", "since":
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return f, fmt.Errorf("from:%s: want YYYY-MM-DD", clean(v))
			}
			f.From = t
		case "to", "until":
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return f, fmt.Errorf("to:%s: want YYYY-MM-DD", clean(v))
			}
			f.To = t.AddDate(0, 0, 1)
		default:
			return f, fmt.Errorf("unknown filter %q (channel:, name:, who:, from:, to:)", clean(k))
		}
	}
	return f, nil
}

// ---- layout and View ----

func (m *Model) bodyHeight() int {
	h := m.h - 3 // header, status/input, help
	if m.full {
		h -= 5
	}
	return max(h, 1)
}

func (m *Model) layout() {
	bh := m.bodyHeight()
	m.list.c.h = bh - 1
	m.srch.c.h = bh - 1
	m.acts.c.h = bh - 1
	m.meet.vp.SetWidth(max(m.w, 10))
	m.meet.vp.SetHeight(max(bh-2, 1))
	m.meet.logc.h = max(bh-2, 1)
	m.meet.logc.fix()
	m.help.SetWidth(m.w)
}

// View draws the screen.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	if m.w == 0 {
		v.SetContent("gavel review: loading…")
		return v
	}
	var body string
	bh := m.bodyHeight()
	switch m.screen {
	case screenList:
		body = m.list.render(m.st, m.w, bh)
	case screenSearch:
		body = m.srch.render(m.st, m.w, bh)
	case screenMeeting:
		body = m.meet.render(m.st, m.w, bh)
	case screenActions:
		body = m.acts.render(m.st, m.w, bh)
	}
	body = padLines(body, bh)
	var bottom string
	switch {
	case m.mode != inputNone:
		bottom = m.input.View()
	case m.err != "":
		bottom = m.st.Error.Render(fit(clean(m.err), m.w))
	default:
		bottom = m.st.Status.Render(fit(m.status, m.w))
	}
	var hl string
	if m.full {
		m.help.ShowAll = true
		hl = m.help.FullHelpView(m.FullHelp())
	} else {
		hl = m.help.ShortHelpView(m.ShortHelp())
	}
	v.SetContent(lipgloss.JoinVertical(lipgloss.Left, m.header(), body, bottom, hl))
	return v
}

func (m *Model) header() string {
	tab := func(s screen, label string) string {
		if m.screen == s {
			return m.st.TabActive.Render(label)
		}
		return m.st.Tab.Render(label)
	}
	left := m.st.Header.Render(" gavel review ")
	tabs := tab(screenList, "Meetings") + tab(screenSearch, "Search") + tab(screenMeeting, "Meeting") + tab(screenActions, "Actions")
	dir := m.st.Dim.Render(" " + clean(m.a.Dir))
	if m.opts.ReadOnly {
		// shared over SSH: the server's paths are none of the reader's business
		dir = m.st.Dim.Render(" read-only")
	}
	return fit(left+" "+tabs+dir, m.w)
}

// clean makes archive text safe to draw (no control characters, no
// highlight markers).
func clean(s string) string {
	s = minutes.Plain(s)
	if strings.Contains(s, archive.MarkStart) || strings.Contains(s, archive.MarkEnd) {
		s = strings.NewReplacer(archive.MarkStart, "", archive.MarkEnd, "").Replace(s)
	}
	return s
}

// fit truncates a (possibly styled) line to w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

func padLines(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
