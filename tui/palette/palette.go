// Package palette is gavel's one set of colours, named by what they mean,
// for a dark background, a light one, and none at all (NO_COLOR). The
// chair view (package tui) and the archive browser (tui/review) build
// their lipgloss styles from it; no other code in tui names a colour.
package palette

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Palette holds the colours of one variant. In the plain variant every
// colour is lipgloss.NoColor, so styles keep only bold, italic and
// reverse: a selection stays visible without colour.
type Palette struct {
	Dark  bool
	Plain bool

	Text   color.Color // ordinary text
	Dim    color.Color // times, hints, the secondary
	Accent color.Color // pane titles, prompts, status, progress

	HeaderFg, HeaderBg color.Color // the top bar
	HeaderDim          color.Color // quiet text in the top bar
	HeaderLive         color.Color // "live" in the top bar
	HeaderWarn         color.Color // a warning in the top bar
	AlarmFg, AlarmBg   color.Color // a banner over the panes

	Error   color.Color
	Ok      color.Color // agreed, done, present, a +1
	Warning color.Color // an abstention (0)
	Open    color.Color // an open action item

	Info, Idea, Action, Link, Vote color.Color // item badges
	Channel                        color.Color // a channel name
	Person                         color.Color // a nick drawn in one colour
	MarkFg, MarkBg                 color.Color // a search hit
	Target                         color.Color // background of the log line jumped to

	// Nicks are the colours a nick's hash picks from; one NoColor when plain.
	Nicks []color.Color
}

// c is an ANSI 256 palette index.
func c(s string) color.Color { return lipgloss.Color(s) }

func colors(idx ...string) []color.Color {
	out := make([]color.Color, len(idx))
	for i, s := range idx {
		out[i] = c(s)
	}
	return out
}

// For picks the variant: plain (NO_COLOR) wins over the background.
func For(dark, plain bool) *Palette {
	if plain {
		return newPlain(dark)
	}
	pick := lipgloss.LightDark(dark)
	two := func(light, darkc string) color.Color { return pick(c(light), c(darkc)) }
	p := &Palette{
		Dark:       dark,
		Text:       two("235", "252"),
		Dim:        two("244", "243"),
		Accent:     two("25", "75"),
		HeaderFg:   c("255"),
		HeaderBg:   two("25", "24"),
		HeaderDim:  two("252", "250"),
		HeaderLive: c("120"),
		HeaderWarn: c("214"),
		AlarmFg:    c("231"),
		AlarmBg:    c("160"),
		Error:      two("160", "203"),
		Ok:         two("28", "114"),
		Warning:    two("136", "221"),
		Open:       two("166", "214"),
		Info:       two("30", "80"),
		Idea:       two("97", "177"),
		Action:     two("130", "215"),
		Link:       two("25", "117"),
		Vote:       two("90", "213"),
		Channel:    two("30", "80"),
		Person:     two("97", "183"),
		MarkFg:     c("0"),
		MarkBg:     two("220", "178"),
		Target:     two("153", "237"),
	}
	if dark {
		p.Nicks = colors("1", "2", "3", "4", "5", "6", "9", "10", "11", "12", "13", "14", "166", "172", "33", "127")
	} else {
		p.Nicks = colors("1", "2", "3", "4", "5", "6", "22", "25", "88", "90", "94", "130", "24", "54", "58", "124")
	}
	return p
}

func newPlain(dark bool) *Palette {
	var none color.Color = lipgloss.NoColor{}
	return &Palette{
		Dark: dark, Plain: true,
		Text: none, Dim: none, Accent: none,
		HeaderFg: none, HeaderBg: none, HeaderDim: none, HeaderLive: none, HeaderWarn: none,
		AlarmFg: none, AlarmBg: none,
		Error: none, Ok: none, Warning: none, Open: none,
		Info: none, Idea: none, Action: none, Link: none, Vote: none,
		Channel: none, Person: none, MarkFg: none, MarkBg: none, Target: none,
		Nicks: []color.Color{none},
	}
}

// mirc are the 16 classic mIRC colours as ANSI palette indices.
var mirc = [16]string{"15", "0", "4", "2", "9", "1", "5", "3", "11", "10", "6", "14", "12", "13", "8", "7"}

// MIRC is mIRC colour n (0-15) for text from IRC; nil when n is out of
// range or the palette is plain, so the text keeps its base colour.
func (p *Palette) MIRC(n int) color.Color {
	if p.Plain || n < 0 || n >= len(mirc) {
		return nil
	}
	return c(mirc[n])
}

// Help is the help bar's styles: bubbles' own for a background, or
// colourless ones (keys bold) when plain.
func (p *Palette) Help() help.Styles {
	if !p.Plain {
		return help.DefaultStyles(p.Dark)
	}
	key := lipgloss.NewStyle().Bold(true)
	none := lipgloss.NewStyle()
	return help.Styles{Ellipsis: none, ShortKey: key, ShortDesc: none, ShortSeparator: none,
		FullKey: key, FullDesc: none, FullSeparator: none}
}

// TextInput is an input line's styles: bubbles' own for a background, or
// colourless ones when plain.
func (p *Palette) TextInput() textinput.Styles {
	s := textinput.DefaultStyles(p.Dark)
	if !p.Plain {
		return s
	}
	none := lipgloss.NewStyle()
	for _, st := range []*textinput.StyleState{&s.Focused, &s.Blurred} {
		st.Placeholder, st.Suggestion, st.Prompt, st.Text = none, none, none, none
	}
	s.Cursor.Color = nil
	return s
}

// NoColor reports whether env (KEY=value pairs, as os.Environ or an SSH
// session's) asks for no colour: NO_COLOR set and not empty, as
// no-color.org defines it. The last setting of the key wins, as in a shell.
func NoColor(env []string) bool {
	on := false
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok {
			on = v != ""
		}
	}
	return on
}
