package review

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/gavel-irc/gavel/meeting/archive"
)

// key routes a key press: to the prompt when one is open, else to the
// global keys, then to the current screen's.
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
				m.acts.who, m.acts.limit = v, 0
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
			return m, m.openMeeting(m.list.rows[m.list.t.cursor()].ID, false, 0)
		}
		if key.Matches(msg, k.Back) && m.list.filterText != "" {
			m.list.filter, m.list.filterText = archive.MeetingFilter{}, ""
			return m, m.loadMeetings()
		}
		m.list.t.update(msg)
	case screenSearch:
		if key.Matches(msg, k.Open) && len(m.srch.hits) > 0 {
			h := m.srch.hits[m.srch.t.cursor()]
			return m, m.openMeeting(h.MeetingID, true, h.Line)
		}
		if key.Matches(msg, k.Back) {
			m.screen = screenList
			return m, nil
		}
		m.srch.t.update(msg)
	case screenActions:
		switch {
		case key.Matches(msg, k.MarkDone) && len(m.acts.rows) > 0:
			ac := m.acts.rows[m.acts.t.cursor()]
			if ac.Done {
				m.status = ac.ID + " is already done"
				return m, nil
			}
			return m, m.markDone(ac.ID, false)
		case key.Matches(msg, k.Reopen) && len(m.acts.rows) > 0:
			ac := m.acts.rows[m.acts.t.cursor()]
			if !ac.Done {
				m.status = ac.ID + " is open"
				return m, nil
			}
			return m, m.markDone(ac.ID, true)
		case key.Matches(msg, k.Status):
			m.acts.status, m.acts.limit = (m.acts.status+1)%3, 0
			return m, m.loadActions()
		case key.Matches(msg, k.More): // enabled only while the list is cut (see actionsMsg)
			m.acts.limit = len(m.acts.rows) + actionsShown
			return m, m.loadActions()
		case key.Matches(msg, k.Who):
			return m, m.prompt(inputWho, "owner (empty for everyone): ", m.acts.who)
		case key.Matches(msg, k.Open) && len(m.acts.rows) > 0:
			ac := m.acts.rows[m.acts.t.cursor()]
			return m, m.openMeeting(ac.MeetingID, true, ac.Line)
		case key.Matches(msg, k.Back):
			m.screen = screenList
			return m, nil
		}
		m.acts.t.update(msg)
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
