package tui

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/gavel-irc/gavel/meeting"
)

// inputPane is the IRC-client style input line: history on Up/Down and nick
// completion on Tab ("nick: " at the start of the line).
type inputPane struct {
	c        *Common
	ti       textinput.Model
	history  []string
	hpos     int
	draft    string
	w        int
	readOnly bool
	// completion state: the candidates for the word being completed
	compMatch []string
	compIdx   int
}

func newInput(c *Common) inputPane {
	ti := textinput.New()
	ti.Prompt = "› "
	ti.CharLimit = 4000
	ti.SetStyles(c.Styles.Palette.TextInput())
	ti.Focus()
	return inputPane{c: c, ti: ti}
}

func (p *inputPane) SetSize(w int) {
	p.w = w
	p.ti.SetWidth(max(w-3, 1))
}

func (p *inputPane) Value() string     { return p.ti.Value() }
func (p *inputPane) SetValue(s string) { p.ti.SetValue(s); p.ti.CursorEnd() }
func (p *inputPane) Focus() tea.Cmd    { return p.ti.Focus() }
func (p *inputPane) Blur()             { p.ti.Blur() }
func (p *inputPane) Focused() bool     { return p.ti.Focused() }
func (p *inputPane) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		p.compMatch = nil
	}
	var cmd tea.Cmd
	p.ti, cmd = p.ti.Update(msg)
	return cmd
}

// take empties the line and remembers it in the history.
func (p *inputPane) take() string {
	v := p.ti.Value()
	if strings.TrimSpace(v) != "" && (len(p.history) == 0 || p.history[len(p.history)-1] != v) {
		p.history = append(p.history, v)
	}
	p.hpos = len(p.history)
	p.ti.Reset()
	return v
}

func (p *inputPane) historyUp() {
	if p.hpos == len(p.history) {
		p.draft = p.ti.Value()
	}
	if p.hpos > 0 {
		p.hpos--
		p.SetValue(p.history[p.hpos])
	}
}

func (p *inputPane) historyDown() {
	if p.hpos < len(p.history) {
		p.hpos++
		if p.hpos == len(p.history) {
			p.SetValue(p.draft)
		} else {
			p.SetValue(p.history[p.hpos])
		}
	}
}

// complete replaces the word before the cursor with the next nick that
// starts with it; pressed again, it cycles.
func (p *inputPane) complete(nicks []string) {
	v := []rune(p.ti.Value())
	pos := p.ti.Position()
	start := pos
	for start > 0 && !unicode.IsSpace(v[start-1]) {
		start--
	}
	if p.compMatch == nil {
		word := meeting.FoldNick(string(v[start:pos]))
		if word == "" {
			return
		}
		for _, n := range nicks {
			if strings.HasPrefix(meeting.FoldNick(n), word) {
				p.compMatch = append(p.compMatch, n)
			}
		}
		if len(p.compMatch) == 0 {
			return
		}
		p.compIdx = 0
	} else {
		p.compIdx = (p.compIdx + 1) % len(p.compMatch)
		// the previous completion (and its suffix) is what we replace
		prev := p.compMatch[(p.compIdx+len(p.compMatch)-1)%len(p.compMatch)]
		suffix := " "
		if start == 0 || (start > 0 && strings.HasSuffix(string(v[:pos]), ": ")) {
			suffix = ": "
		}
		start = max(pos-len([]rune(prev+suffix)), 0)
	}
	nick := p.compMatch[p.compIdx]
	suffix := " "
	if start == 0 {
		suffix = ": "
	}
	matches := p.compMatch
	p.SetValue(string(v[:start]) + nick + suffix + string(v[pos:]))
	p.ti.SetCursor(start + len([]rune(nick+suffix)))
	p.compMatch = matches
}

func (p *inputPane) View() string {
	if p.readOnly {
		return fit(p.c.Styles.Prompt.Render("› ")+p.c.Styles.Dim.Render(p.ti.Value()), p.w)
	}
	return fit(p.ti.View(), p.w)
}
