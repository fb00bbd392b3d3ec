package minutes

import (
	"fmt"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
)

// Layout is a parsed file name pattern in MeetBot's filenamePattern
// syntax: Python %-formatting with %(channel)s, %(meetingname)s and
// %(network)s, whose result then goes through strftime — so strftime
// directives are written with a doubled '%' ("%%F", "%%H"). Directories
// are separated by '/'. The zero Layout is not usable: use ParseLayout.
type Layout struct {
	parts []layoutPart
}

// layoutPart is one piece of a pattern: literal text, a variable
// (channel, meetingname, network) or a strftime directive letter.
type layoutPart struct {
	text      string
	variable  string
	directive byte
}

var defaultLayout = mustLayout(DefaultLayout)

func mustLayout(p string) Layout {
	l, err := ParseLayout(p)
	if err != nil {
		panic(err)
	}
	return l
}

// layoutVars are the variables a pattern may use.
var layoutVars = map[string]bool{"channel": true, "meetingname": true, "network": true}

// ParseLayout checks and parses a file name pattern; the empty pattern is
// DefaultLayout. A pattern must stay relative and inside the archive: no
// leading '/', no empty, "." or ".." directory, no backslash or control
// character; only the strftime directives Y y m d H M S F T j a A b B and
// the three variables are known.
func ParseLayout(p string) (Layout, error) {
	if p == "" {
		p = DefaultLayout
	}
	var l Layout
	lit := func(s string) {
		if n := len(l.parts); n > 0 && l.parts[n-1].variable == "" && l.parts[n-1].directive == 0 {
			l.parts[n-1].text += s
			return
		}
		l.parts = append(l.parts, layoutPart{text: s})
	}
	for i := 0; i < len(p); {
		if c := p[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return Layout{}, fmt.Errorf("layout %q: control character or backslash at byte %d", p, i)
		}
		if p[i] != '%' {
			lit(p[i : i+1])
			i++
			continue
		}
		rest := p[i+1:]
		switch {
		case strings.HasPrefix(rest, "("):
			end := strings.Index(rest, ")s")
			if end < 0 {
				return Layout{}, fmt.Errorf("layout %q: %%(name) at byte %d must end with \")s\"", p, i)
			}
			name := rest[1:end]
			if !layoutVars[name] {
				return Layout{}, fmt.Errorf("layout %q: unknown variable %%(%s)s (want channel, meetingname or network)", p, name)
			}
			l.parts = append(l.parts, layoutPart{variable: name})
			i += 1 + end + 2
		case len(rest) > 1 && rest[0] == '%' && strftimeLayouts[rest[1]] != "":
			l.parts = append(l.parts, layoutPart{directive: rest[1]})
			i += 3
		default:
			return Layout{}, fmt.Errorf("layout %q: unsupported %% sequence at byte %d (use %%(channel)s, %%(meetingname)s, %%(network)s or a strftime directive such as %%%%F)", p, i)
		}
	}
	// Check the shape with sample values: variables are sanitised when
	// expanded, so only the pattern's own text can climb out.
	sample := l.Expand(&meeting.Minutes{Channel: "#c", Name: "n", Network: "net"})
	if strings.HasPrefix(p, "/") {
		return Layout{}, fmt.Errorf("layout %q: must be relative to the archive", p)
	}
	for _, c := range strings.Split(sample, "/") {
		if strings.Trim(c, ".") == "" {
			return Layout{}, fmt.Errorf("layout %q: empty, \".\" or \"..\" path component", p)
		}
	}
	return l, nil
}

// Expand gives the relative file base of a meeting. The channel loses its
// leading '#'/'&' and spaces and is lower-cased, the network is
// lower-cased, and all three variables lose every '/' as in MeetBot; then
// each goes through PathComponent. Times are the start time in UTC.
func (l Layout) Expand(m *meeting.Minutes) string {
	var b strings.Builder
	st := m.Started.UTC()
	for _, p := range l.parts {
		switch {
		case p.variable != "":
			b.WriteString(PathComponent(strings.ReplaceAll(layoutValue(m, p.variable), "/", "")))
		case p.directive != 0:
			b.WriteString(st.Format(strftimeLayouts[p.directive]))
		default:
			b.WriteString(p.text)
		}
	}
	return b.String()
}

func layoutValue(m *meeting.Minutes, name string) string {
	switch name {
	case "channel":
		return strings.ToLower(strings.TrimLeft(strings.TrimSpace(m.Channel), "#& "))
	case "network":
		return strings.ToLower(strings.TrimSpace(m.Network))
	}
	return m.Name
}

// strftimeLayouts maps the strftime directives a layout may use to Go
// time layouts (C locale).
var strftimeLayouts = map[byte]string{
	'Y': "2006", 'y': "06", 'm': "01", 'd': "02", 'H': "15", 'M': "04", 'S': "05",
	'F': "2006-01-02", 'T': "15:04:05", 'j': "002", 'a': "Mon", 'A': "Monday", 'b': "Jan", 'B': "January",
}
