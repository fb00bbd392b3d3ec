package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/gavel-irc/gavel/meeting"
)

// helpNote closes the help screen; it wraps to the width. Its keys come
// from the keymap, like every other hint: a rebound key shows as bound.
func (m *Model) helpNote() string {
	k := m.c.Keys
	h := func(b key.Binding) string { return b.Help().Key }
	return fmt.Sprintf("Meeting commands: %s then the letter (or the letter alone with the channel focused: %s). "+
		"%s/%s %s/%s scroll; any other key closes this help.",
		h(k.Leader), h(k.FocusChannel), h(k.LineUp), h(k.LineDown), h(k.PageUp), h(k.PageDown))
}

// helpLines lays the keymap's full help out for a width: its groups side
// by side as far as they fit, the rest below, and no line wider than w.
func (m *Model) helpLines(w int) []string {
	st := m.help.Styles
	var blocks []string
	for _, group := range m.c.Keys.FullHelp() {
		keyW := 0
		for _, b := range group {
			if b.Enabled() {
				keyW = max(keyW, lipgloss.Width(b.Help().Key))
			}
		}
		var rows []string
		for _, b := range group {
			if !b.Enabled() {
				continue
			}
			h := b.Help()
			rows = append(rows, st.FullKey.Render(h.Key+strings.Repeat(" ", keyW-lipgloss.Width(h.Key)))+"  "+st.FullDesc.Render(h.Desc))
		}
		if len(rows) > 0 {
			blocks = append(blocks, strings.Join(rows, "\n"))
		}
	}
	out := []string{"gavel — keys", ""}
	var row []string
	rowW := 0
	flush := func() {
		if len(row) == 0 {
			return
		}
		for _, l := range strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n") {
			out = append(out, fit(l, w))
		}
		out = append(out, "")
		row, rowW = nil, 0
	}
	const gap = 4
	for _, b := range blocks {
		bw := lipgloss.Width(b)
		if len(row) > 0 && rowW+gap+bw > w {
			flush()
		}
		if len(row) > 0 {
			b = lipgloss.NewStyle().PaddingLeft(gap).Render(b)
			bw += gap
		}
		row = append(row, b)
		rowW += bw
	}
	flush()
	out = append(out, strings.Split(lipgloss.NewStyle().Width(w).Render(m.helpNote()), "\n")...)
	// The meeting commands, from the engine's own table.
	out = append(out, "", "Meeting commands (typed, or from the keys above):")
	wrap := lipgloss.NewStyle().Width(w).PaddingLeft(2)
	for _, name := range meeting.CommandNames() {
		out = append(out, strings.Split(wrap.Render(meeting.CommandUsage(strings.TrimPrefix(name, "#"))), "\n")...)
	}
	return out
}

// helpView is the help screen: helpLines from the scroll position, with
// a mark when more is below.
func (m *Model) helpView(h int) string {
	lines := m.helpLines(m.w)
	m.helpTop = min(m.helpTop, max(len(lines)-h, 0))
	end := min(m.helpTop+h, len(lines))
	shown := append([]string(nil), lines[m.helpTop:end]...)
	if end < len(lines) && len(shown) > 0 {
		shown[len(shown)-1] = fit(m.c.Styles.Dim.Render("↓ more: j/↓ or PgDn"), m.w)
	}
	return block(shown, m.w, h)
}

// helpKey scrolls the help or closes it.
func (m *Model) helpKey(pressed func(key.Binding) bool) {
	keys := m.c.Keys
	switch {
	case pressed(keys.LineDown):
		m.helpTop++
	case pressed(keys.LineUp):
		m.helpTop = max(m.helpTop-1, 0)
	case pressed(keys.PageDown):
		m.helpTop += max(m.h-3, 1)
	case pressed(keys.PageUp):
		m.helpTop = max(m.helpTop-max(m.h-3, 1), 0)
	default:
		m.mode, m.helpTop = modeLive, 0
	}
}
