package tui

import (
	"bytes"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
	"github.com/gavel-irc/gavel/tui/mdterm"
)

// minutesPane shows the minutes rendered by glamour in a scrollable view.
type minutesPane struct {
	c       *Common
	vp      viewport.Model
	w, h    int
	title   string
	written []string
	ready   bool
}

func newMinutesPane(c *Common) minutesPane {
	return minutesPane{c: c, vp: viewport.New()}
}

func (p *minutesPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.vp.SetWidth(w)
	p.vp.SetHeight(max(h-1, 1))
}

// minutesRenderedMsg carries glamour's output back from its tea.Cmd.
type minutesRenderedMsg struct {
	width int
	text  string
	final bool
}

// renderMinutes renders a snapshot off the Update path (glamour is slow
// and its renderer is not safe to share, so each call builds its own).
func renderMinutes(min *meeting.Minutes, width int, dark, plain, final bool) tea.Cmd {
	return func() tea.Msg {
		var md bytes.Buffer
		if err := minutes.Markdown(&md, min); err != nil {
			return minutesRenderedMsg{width: width, text: err.Error(), final: final}
		}
		return minutesRenderedMsg{width: width, text: mdterm.Render(md.String(), width, mdterm.For(dark, plain)), final: final}
	}
}

func (p *minutesPane) set(text string) {
	p.vp.SetContent(text)
	p.ready = true
}

func (p *minutesPane) View() string {
	st := p.c.Styles
	head := []string{st.PaneFocused.Render(" "+p.title+" ") + st.Dim.Render("  esc back · pgup/pgdn scroll · q quit")}
	if len(p.written) > 0 {
		// the directory once (its end kept when too long), then the names
		dir := filepath.Dir(p.written[0])
		head = append(head, st.Status.Render("files written in ")+ansi.TruncateLeft(dir, max(len(dir)-(p.w-20), 0), "…"))
		names := make([]string, len(p.written))
		for i, f := range p.written {
			names[i] = filepath.Base(f)
		}
		for _, l := range strings.Split(ansi.Wrap(strings.Join(names, "  "), max(p.w-2, 10), " "), "\n") {
			head = append(head, "  "+l)
		}
	}
	p.vp.SetHeight(max(p.h-len(head), 1))
	body := p.vp.View()
	if !p.ready {
		body = st.Dim.Render("rendering the minutes…")
	}
	return block(head, p.w, len(head)) + "\n" + block(strings.Split(body, "\n"), p.w, max(p.h-len(head), 1))
}
