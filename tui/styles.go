// Package tui draws gavel's live chair view: one root Model owns focus and
// layout; the panes are plain structs that render strings. Nothing here
// does I/O in Update: sending goes through tea.Cmds, and lines arrive as
// messages.
package tui

import (
	"hash/fnv"
	"image/color"

	"charm.land/lipgloss/v2"

	"github.com/gavel-irc/gavel/tui/palette"
)

// Styles is every style the view uses, built from one palette variant
// (dark, light or plain for NO_COLOR, which keeps bold/reverse so
// highlights still show).
type Styles struct {
	Dark bool
	// Palette is the colours the styles were built from (RenderIRC takes
	// IRC's colours from it).
	Palette *palette.Palette

	Header      lipgloss.Style
	HeaderLive  lipgloss.Style
	HeaderWarn  lipgloss.Style
	HeaderDim   lipgloss.Style
	PaneTitle   lipgloss.Style
	PaneFocused lipgloss.Style
	Dim         lipgloss.Style
	Text        lipgloss.Style
	Time        lipgloss.Style
	Self        lipgloss.Style
	Event       lipgloss.Style
	Inert       lipgloss.Style // control characters drawn as ^X
	Status      lipgloss.Style
	Error       lipgloss.Style
	Banner      lipgloss.Style // an alarm over the panes (journal not writable)
	Present     lipgloss.Style
	Away        lipgloss.Style
	Bar         map[string]lipgloss.Style // "+1", "0", "-1"
	Item        map[string]lipgloss.Style // item type -> badge
	Prompt      lipgloss.Style
	Dialog      lipgloss.Style
	Help        lipgloss.Style
	// Progress is the colour of progress bars (gavel import, index).
	Progress color.Color

	nicks []color.Color
}

// NewStyles builds the styles from a palette variant.
func NewStyles(p *palette.Palette) *Styles {
	s := &Styles{Dark: p.Dark, Palette: p, Progress: p.Accent}
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(p.HeaderFg).Background(p.HeaderBg)
	s.HeaderLive = s.Header.Foreground(p.HeaderLive)
	s.HeaderWarn = s.Header.Foreground(p.HeaderWarn)
	s.HeaderDim = s.Header.Bold(false).Foreground(p.HeaderDim)
	s.PaneTitle = lipgloss.NewStyle().Bold(true).Foreground(p.Accent)
	s.PaneFocused = s.PaneTitle.Reverse(true)
	s.Dim = lipgloss.NewStyle().Foreground(p.Dim)
	s.Text = lipgloss.NewStyle().Foreground(p.Text)
	s.Time = s.Dim
	s.Self = lipgloss.NewStyle().Bold(true)
	s.Event = lipgloss.NewStyle().Foreground(p.Dim).Italic(true)
	s.Inert = lipgloss.NewStyle().Reverse(true)
	s.Status = lipgloss.NewStyle().Foreground(p.Accent)
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(p.Error)
	s.Banner = lipgloss.NewStyle().Bold(true).Foreground(p.AlarmFg).Background(p.AlarmBg)
	if p.Plain {
		s.Banner = s.Banner.Reverse(true) // an alarm must stand out without its red
	}
	s.Present = lipgloss.NewStyle().Foreground(p.Ok)
	s.Away = s.Dim
	s.Bar = map[string]lipgloss.Style{
		"+1": lipgloss.NewStyle().Foreground(p.Ok),
		"0":  lipgloss.NewStyle().Foreground(p.Warning),
		"-1": lipgloss.NewStyle().Foreground(p.Error),
	}
	badge := func(c color.Color) lipgloss.Style {
		return lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(c)
	}
	s.Item = map[string]lipgloss.Style{
		"TOPIC":    badge(p.Accent),
		"INFO":     badge(p.Info),
		"IDEA":     badge(p.Idea),
		"ACTION":   badge(p.Action),
		"AGREED":   badge(p.Ok),
		"ACCEPTED": badge(p.Ok),
		"REJECTED": badge(p.Error),
		"LINK":     badge(p.Link),
		"HELP":     badge(p.Action),
		"VOTE":     badge(p.Vote),
	}
	s.Prompt = lipgloss.NewStyle().Bold(true).Foreground(p.Accent)
	s.Dialog = lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1)
	s.Help = s.Dim
	s.nicks = p.Nicks
	return s
}

// NickStyle gives a nick its colour: a hash of the folded nick picks from
// the palette, so a person keeps one colour everywhere (WeeChat's way).
func (s *Styles) NickStyle(nick string) lipgloss.Style {
	h := fnv.New32a()
	for _, r := range nick {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		h.Write([]byte(string(r)))
	}
	return lipgloss.NewStyle().Foreground(s.nicks[h.Sum32()%uint32(len(s.nicks))])
}
