// Package review is gavel's archive browser: a list of meetings (newest
// first, filterable by channel, name, person and dates), full-text search
// whose hits jump into the log, a meeting view (minutes rendered by
// glamour, Tab to the log, items jumping to their log line, previous/next
// meeting of the series) and an Actions view across meetings.
//
// One root Model owns focus and layout; panes are structs with SetSize
// and render. Update does no I/O: every archive query runs in a tea.Cmd
// and comes back as a message. Every string from the archive goes through
// plaintext.Plain before it is drawn.
package review

import (
	"charm.land/lipgloss/v2"

	"github.com/gavel-irc/gavel/tui/palette"
)

// Styles is every style the review view uses, built from one palette
// variant (dark, light or plain for NO_COLOR).
type Styles struct {
	Dark bool
	// Palette is the colours the styles were built from.
	Palette *palette.Palette

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

// NewStyles builds the styles from a palette variant.
func NewStyles(p *palette.Palette) *Styles {
	s := &Styles{Dark: p.Dark, Palette: p}
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(p.HeaderFg).Background(p.HeaderBg)
	s.HeaderDim = s.Header.Bold(false)
	s.Tab = lipgloss.NewStyle().Foreground(p.Dim).Padding(0, 1)
	s.TabActive = lipgloss.NewStyle().Bold(true).Foreground(p.Accent).Reverse(true).Padding(0, 1)
	s.Selected = lipgloss.NewStyle().Reverse(true)
	s.Dim = lipgloss.NewStyle().Foreground(p.Dim)
	s.Text = lipgloss.NewStyle().Foreground(p.Text)
	s.Accent = lipgloss.NewStyle().Foreground(p.Accent).Bold(true)
	s.Channel = lipgloss.NewStyle().Foreground(p.Channel)
	s.Name = lipgloss.NewStyle().Bold(true).Foreground(p.Text)
	s.Nick = lipgloss.NewStyle().Foreground(p.Person)
	s.Time = s.Dim
	s.Mark = lipgloss.NewStyle().Bold(true).Foreground(p.MarkFg).Background(p.MarkBg)
	s.Open = lipgloss.NewStyle().Bold(true).Foreground(p.Open)
	s.Done = lipgloss.NewStyle().Foreground(p.Ok)
	s.Status = s.Dim
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(p.Error)
	s.Prompt = s.Accent
	s.Help = s.Dim
	s.Target = lipgloss.NewStyle().Background(p.Target)
	if p.Plain {
		// Without colour a search hit and the line jumped to would not
		// show: underline the one, reverse the other.
		s.Mark = s.Mark.Underline(true)
		s.Target = s.Target.Reverse(true)
	}
	s.PaneTitle = lipgloss.NewStyle().Bold(true).Foreground(p.Accent)
	s.Focused = s.PaneTitle.Reverse(true)
	return s
}
