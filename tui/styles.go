// Package tui draws gavel's live chair view: one root Model owns focus and
// layout; the panes are plain structs that render strings. Nothing here
// does I/O in Update: sending goes through tea.Cmds, and lines arrive as
// messages.
package tui

import (
	"hash/fnv"
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles is every style the view uses, built for a dark or light
// background. NO_COLOR is handled by the program's colour profile, which
// strips colours but keeps bold/reverse so highlights still show.
type Styles struct {
	Dark bool

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

// NewStyles builds the styles for a background.
func NewStyles(dark bool) *Styles {
	ld := lipgloss.LightDark(dark)
	fg := ld(lipgloss.Color("235"), lipgloss.Color("252"))
	dim := ld(lipgloss.Color("244"), lipgloss.Color("243"))
	accent := ld(lipgloss.Color("25"), lipgloss.Color("75"))
	s := &Styles{Dark: dark, Progress: accent}
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("255"), lipgloss.Color("255"))).Background(ld(lipgloss.Color("25"), lipgloss.Color("24")))
	s.HeaderLive = s.Header.Foreground(ld(lipgloss.Color("120"), lipgloss.Color("120")))
	s.HeaderWarn = s.Header.Foreground(ld(lipgloss.Color("214"), lipgloss.Color("214")))
	s.HeaderDim = s.Header.Bold(false).Foreground(ld(lipgloss.Color("252"), lipgloss.Color("250")))
	s.PaneTitle = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.PaneFocused = s.PaneTitle.Reverse(true)
	s.Dim = lipgloss.NewStyle().Foreground(dim)
	s.Text = lipgloss.NewStyle().Foreground(fg)
	s.Time = s.Dim
	s.Self = lipgloss.NewStyle().Bold(true)
	s.Event = lipgloss.NewStyle().Foreground(dim).Italic(true)
	s.Inert = lipgloss.NewStyle().Reverse(true)
	s.Status = lipgloss.NewStyle().Foreground(accent)
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("160"), lipgloss.Color("203")))
	s.Banner = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("231")).Background(lipgloss.Color("160"))
	s.Present = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("28"), lipgloss.Color("114")))
	s.Away = s.Dim
	s.Bar = map[string]lipgloss.Style{
		"+1": lipgloss.NewStyle().Foreground(ld(lipgloss.Color("28"), lipgloss.Color("114"))),
		"0":  lipgloss.NewStyle().Foreground(ld(lipgloss.Color("136"), lipgloss.Color("221"))),
		"-1": lipgloss.NewStyle().Foreground(ld(lipgloss.Color("160"), lipgloss.Color("203"))),
	}
	badge := func(c color.Color) lipgloss.Style {
		return lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(c)
	}
	s.Item = map[string]lipgloss.Style{
		"TOPIC":    badge(accent),
		"INFO":     badge(ld(lipgloss.Color("30"), lipgloss.Color("80"))),
		"IDEA":     badge(ld(lipgloss.Color("97"), lipgloss.Color("177"))),
		"ACTION":   badge(ld(lipgloss.Color("130"), lipgloss.Color("215"))),
		"AGREED":   badge(ld(lipgloss.Color("28"), lipgloss.Color("114"))),
		"ACCEPTED": badge(ld(lipgloss.Color("28"), lipgloss.Color("114"))),
		"REJECTED": badge(ld(lipgloss.Color("160"), lipgloss.Color("203"))),
		"LINK":     badge(ld(lipgloss.Color("25"), lipgloss.Color("117"))),
		"HELP":     badge(ld(lipgloss.Color("130"), lipgloss.Color("215"))),
		"VOTE":     badge(ld(lipgloss.Color("90"), lipgloss.Color("213"))),
	}
	s.Prompt = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Dialog = lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1)
	s.Help = s.Dim
	for _, c := range []string{"1", "2", "3", "4", "5", "6", "9", "10", "11", "12", "13", "14", "166", "172", "33", "127"} {
		s.nicks = append(s.nicks, lipgloss.Color(c))
	}
	if !dark {
		s.nicks = nil
		for _, c := range []string{"1", "2", "3", "4", "5", "6", "22", "25", "88", "90", "94", "130", "24", "54", "58", "124"} {
			s.nicks = append(s.nicks, lipgloss.Color(c))
		}
	}
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
