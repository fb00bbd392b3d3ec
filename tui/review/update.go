package review

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/gavel-irc/gavel/meeting/archive"
)

// Update routes messages; it never touches the archive itself.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.layout()
		if m.meet.m != nil && m.meet.md != "" {
			return m, renderMarkdown(m.openSeq, m.meet.md, m.meet.vp.Width(), m.st.Dark, m.opts.Plain)
		}
		return m, nil
	case tea.BackgroundColorMsg:
		m.setDark(msg.IsDark())
		if m.meet.m != nil && m.meet.md != "" {
			return m, renderMarkdown(m.openSeq, m.meet.md, m.meet.vp.Width(), m.st.Dark, m.opts.Plain)
		}
		return m, nil
	case meetingsMsg:
		if msg.err != nil {
			m.err = msg.err.Error()
			return m, nil
		}
		m.list.set(m.st, msg.ms, 0)
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
		m.srch.q, m.srch.literal = msg.q, msg.literal
		m.srch.set(m.st, msg.hits, 0)
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
		return m, renderMarkdown(m.openSeq, m.meet.md, m.meet.vp.Width(), m.st.Dark, m.opts.Plain)
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
		m.acts.total = msg.total
		cur := m.acts.t.cursor()
		if cur < len(m.acts.rows) { // stay on the item, wherever the new list sorts it
			if i := slices.IndexFunc(msg.acts, func(a archive.Action) bool { return a.ID == m.acts.rows[cur].ID }); i >= 0 {
				cur = i
			}
		}
		m.acts.set(m.st, msg.acts, cur)
		m.keys.More.SetEnabled(msg.total > len(msg.acts)) // shown in the help only when it does something
		m.status = fmt.Sprintf("%s action items (%s)", m.acts.count(), []string{"all", "open", "done"}[m.acts.status])
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
