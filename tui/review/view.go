package review

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// bodyHeight is what the screen leaves the current pane: less the header,
// the status or prompt line and the help.
func (m *Model) bodyHeight() int {
	h := m.h - 3 // header, status/input, help
	if m.full {
		h -= 5
	}
	return max(h, 1)
}

func (m *Model) layout() {
	bh := m.bodyHeight()
	m.list.t.setSize(m.w, bh-1, listFlex)
	m.srch.t.setSize(m.w, bh-1, searchFlex)
	m.acts.t.setWidth(actMeetings, actMeetingsWidth(m.w))
	m.acts.t.setSize(m.w, bh-1, actText)
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
