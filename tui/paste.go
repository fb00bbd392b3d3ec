package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// A paste of several lines into the chair input is never sent on its
// own: each line would be a message in the meeting's record (and maybe a
// command). The chair is asked first; the lines can also become the
// agenda.

// pasteLines splits pasted text into the lines it would send: CR LF and
// CR count as line ends, blank lines are dropped.
func pasteLines(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// paste takes a bracketed paste into the input line: one line goes into
// the input, several ask before anything is sent.
func (m *Model) paste(content string) tea.Cmd {
	lines := pasteLines(content)
	if len(lines) <= 1 {
		return m.input.Update(tea.PasteMsg{Content: strings.Join(lines, "")})
	}
	// what was typed before the paste starts its first line
	lines[0] = m.input.Value() + lines[0]
	m.pasted = lines
	m.mode = modeConfirmPaste
	return nil
}

// pasteKey answers the "Send N lines?" question.
func (m *Model) pasteKey(k tea.KeyPressMsg) tea.Cmd {
	keys := m.c.Keys
	lines := m.pasted
	switch {
	case key.Matches(k, keys.Yes):
		m.pasted, m.mode = nil, modeLive
		m.input.take()
		m.status = "sent " + itoa(len(lines)) + " pasted lines"
		// one command, so the lines go out in order
		return m.send(func(s Sender) {
			for _, l := range lines {
				s.Say(m.opts.Channel, l)
			}
		})
	case key.Matches(k, keys.PasteAgenda):
		m.input.take()
		m.opts.Agenda, m.agendaNext = agendaLines(strings.Join(lines, "\n")), 0
		m.status = "agenda: " + itoa(len(m.opts.Agenda)) + " topics — ^X n sends the next as #topic"
	case key.Matches(k, keys.No):
		m.status = "the paste was not sent"
	default:
		return nil // the question stays until it is answered
	}
	m.pasted, m.mode = nil, modeLive
	return nil
}

// pastePrompt is the footer while the question is open.
func (m *Model) pastePrompt() string {
	k := m.c.Keys
	return "Send " + itoa(len(m.pasted)) + " lines? " + k.Yes.Help().Key + "/" + k.No.Help().Key +
		" · " + k.PasteAgenda.Help().Key + ": " + k.PasteAgenda.Help().Desc
}
