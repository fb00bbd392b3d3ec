// Package review is gavel's archive browser: a list of meetings (newest
// first, filterable by channel, name, person and dates), full-text search
// whose hits jump into the log, a meeting view (minutes rendered by
// glamour, Tab to the log, items jumping to their log line, previous/next
// meeting of the series) and an Actions view across meetings.
//
// One root Model owns focus and layout; panes are structs with SetSize
// and render. Update does no I/O: every archive query runs in a tea.Cmd
// and comes back as a message. Every string from the archive goes through
// minutes.Plain before it is drawn.
package review

import (
	"charm.land/lipgloss/v2"
)

// Styles is every style the review view uses, for a dark or light
// background.
type Styles struct {
	Dark bool

	Header, HeaderDim  lipgloss.Style
	Tab, TabActive     lipgloss.Style
	Selected           lipgloss.Style
	Dim, Text, Accent  lipgloss.Style
	Channel, Name      lipgloss.Style
	Nick, Time         lipgloss.Style
	Mark               lipgloss.Style // search hit
	Open, Done         lipgloss.Style
	Status, Error      lipgloss.Style
	Prompt, Help       lipgloss.Style
	Target             lipgloss.Style // the log line jumped to
	PaneTitle, Focused lipgloss.Style
}

// NewStyles builds the styles for a background.
func NewStyles(dark bool) *Styles {
	ld := lipgloss.LightDark(dark)
	fg := ld(lipgloss.Color("235"), lipgloss.Color("252"))
	dim := ld(lipgloss.Color("244"), lipgloss.Color("243"))
	accent := ld(lipgloss.Color("25"), lipgloss.Color("75"))
	s := &Styles{Dark: dark}
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("255")).Background(ld(lipgloss.Color("25"), lipgloss.Color("24")))
	s.HeaderDim = s.Header.Bold(false)
	s.Tab = lipgloss.NewStyle().Foreground(dim).Padding(0, 1)
	s.TabActive = lipgloss.NewStyle().Bold(true).Foreground(accent).Reverse(true).Padding(0, 1)
	s.Selected = lipgloss.NewStyle().Reverse(true)
	s.Dim = lipgloss.NewStyle().Foreground(dim)
	s.Text = lipgloss.NewStyle().Foreground(fg)
	s.Accent = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Channel = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("30"), lipgloss.Color("80")))
	s.Name = lipgloss.NewStyle().Bold(true).Foreground(fg)
	s.Nick = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("97"), lipgloss.Color("183")))
	s.Time = s.Dim
	s.Mark = lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("0"), lipgloss.Color("0"))).Background(ld(lipgloss.Color("220"), lipgloss.Color("178")))
	s.Open = lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("166"), lipgloss.Color("214")))
	s.Done = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("28"), lipgloss.Color("114")))
	s.Status = s.Dim
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("160"), lipgloss.Color("203")))
	s.Prompt = s.Accent
	s.Help = s.Dim
	s.Target = lipgloss.NewStyle().Background(ld(lipgloss.Color("153"), lipgloss.Color("237")))
	s.PaneTitle = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Focused = s.PaneTitle.Reverse(true)
	return s
}
