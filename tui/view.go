package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// The chair view's layout and drawing: pane sizes, the screen, header
// and footer. (model.go holds the state and what changes it.)

// SetSize lays the panes out.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = max(w, 20), max(h, 8)
	body := m.h - 3
	if m.trouble != "" {
		body-- // the banner
	}
	side, chanW := paneWidths(m.w)
	m.narrow = side == 0
	m.c.Keys.Panes.SetEnabled(m.narrow)
	if m.narrow {
		side = m.w // the panes take the screen when swapped in
	}
	m.channel.SetSize(chanW, body)
	chairsH := min(max(len(m.Meeting().Chairs())+1, 2), 6)
	votesH := min(8, max(body-chairsH-6, 3))
	rest := max(body-chairsH-votesH, 2)
	topicH := rest / 2
	m.chairs.SetSize(side, chairsH)
	m.votes.SetSize(side, votesH)
	m.topic.SetSize(side, topicH)
	m.actions.SetSize(side, rest-topicH)
	m.input.SetSize(m.w)
	m.minutes.SetSize(m.w, m.h-1)
	m.help.SetWidth(m.w)
}

// narrowWidth is the narrowest screen with the side panes beside the
// channel; below it they are a pane of their own (KeyMap.Panes).
const narrowWidth = 80

// paneWidths splits a screen's width: the side panes take a third, at
// least 30 and at most 44 columns, the channel the rest (less the
// separator). The widths follow the screen's alone — never the lines
// shown — and change by at most a column per column of resize, so
// nothing jumps. Below narrowWidth the side is 0: the channel has it all.
func paneWidths(w int) (side, channel int) {
	if w < narrowWidth {
		return 0, w
	}
	side = min(max(w/3, 30), 44)
	return side, w - side - 1
}

// View draws the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "gavel " + m.opts.Channel
	return v
}

func (m *Model) render() string {
	if m.quitting {
		return ""
	}
	switch m.mode {
	case modeMinutes:
		return m.header() + "\n" + m.minutes.View()
	case modeHelp:
		return m.header() + "\n" + m.helpView(m.h-1)
	}
	mt := m.Meeting()
	body := m.channel.View()
	side := func() string {
		return lipgloss.JoinVertical(lipgloss.Left, m.chairs.View(mt, m.present), m.votes.View(mt), m.actions.View(mt), m.topic.View(mt))
	}
	switch {
	case m.narrow && m.showSide:
		body = block(strings.Split(side(), "\n"), m.w, m.channel.h)
	case !m.narrow:
		sep := strings.TrimSuffix(strings.Repeat(m.c.Styles.Dim.Render("│")+"\n", m.channel.h), "\n")
		body = lipgloss.JoinHorizontal(lipgloss.Top, body, sep, side())
	}
	head := m.header()
	if m.trouble != "" {
		head += "\n" + fit(m.c.Styles.Banner.Render(" ⚠ "+plaintext.Plain(m.trouble)+strings.Repeat(" ", m.w)), m.w)
	}
	return head + "\n" + body + "\n" + m.input.View() + "\n" + m.footer()
}

func (m *Model) header() string {
	st := m.c.Styles
	mt := m.Meeting()
	parts := []string{st.Header.Render(" gavel ")}
	if m.opts.Network != "" && m.w >= 100 {
		parts = append(parts, st.HeaderDim.Render(plaintext.Plain(m.opts.Network)+" "))
	}
	parts = append(parts, st.Header.Render(plaintext.Plain(m.opts.Channel)+" "))
	connStyle := st.HeaderLive
	if m.conn.State != ConnConnected && m.conn.State != ConnReplay {
		connStyle = st.HeaderWarn
	}
	parts = append(parts, connStyle.Render("● "+m.connLabel()+" "))
	if m.speaker != "" {
		parts = append(parts, st.HeaderDim.Render("speaking: "+plaintext.Plain(m.speaker)+" "))
	}
	switch {
	case mt.Running():
		parts = append(parts, st.HeaderLive.Render("REC "), st.Header.Render(plaintext.Plain(mt.Name())+" "))
		now := m.now
		if m.replay != nil || now.IsZero() {
			now = mt.LastTime()
		}
		parts = append(parts, st.HeaderDim.Render(elapsed(now.Sub(mt.Started()))+" "))
	case mt.Ended():
		parts = append(parts, st.HeaderDim.Render("ended: "+plaintext.Plain(mt.Name())+" "))
	default:
		parts = append(parts, st.HeaderDim.Render("no meeting "))
	}
	if t, ok := mt.CurrentTopic(); ok && !mt.Ended() {
		parts = append(parts, st.Header.Render("Topic: "+plaintext.Plain(t.Text)+" "))
	}
	line := strings.Join(parts, st.HeaderDim.Render("│ "))
	return fit(line+st.Header.Render(strings.Repeat(" ", m.w)), m.w)
}

func elapsed(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Round(time.Second)
	h, mi, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	return strings.TrimPrefix(twoDigits(h)+":"+twoDigits(mi)+":"+twoDigits(s), "00:")
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

func (m *Model) footer() string {
	st := m.c.Styles
	switch m.mode {
	case modeConfirmEnd:
		return fit(st.Dialog.Render("End the meeting now? #endmeeting writes the minutes. (y/n)"), m.w)
	case modeConfirmQuit:
		return fit(st.Dialog.Render("A meeting is running and is being recorded. Quit anyway? (y/n)"), m.w)
	case modeConfirmPaste:
		return fit(st.Dialog.Render(m.pastePrompt()), m.w)
	}
	if m.status != "" {
		return fit(st.Status.Render(plaintext.Plain(m.status)), m.w)
	}
	h := m.help.ShortHelpView(m.c.Keys.ShortHelp())
	if m.replay != nil {
		h = m.replay.statusLine(st) + "  " + st.Help.Render(hintLine(m.c.Keys.ReplayHints()))
	} else if m.focusChannel {
		h = st.Help.Render("channel focused: " + hintLine(m.c.Keys.ChannelHints()))
	}
	return fit(h, m.w)
}
