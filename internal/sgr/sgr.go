// Package sgr reads the SGR sequences (ESC [ ... m) in terminal output,
// for tests that check which colours and attributes reached a screen.
package sgr

import (
	"regexp"
	"strconv"
	"strings"
)

var seq = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// Styling is what the SGR sequences of some output did.
type Styling struct {
	// Colour is the first sequence that sets a colour (foreground,
	// background or underline; 16, 256 or true colour), quoted; empty
	// when there is none. Going back to the default colour (39, 49, 59)
	// is not setting one: terminals (tmux) write it after every reset.
	Colour string
	attrs  map[int]bool
}

// Has reports whether some sequence set attribute n (1 bold, 4
// underline, 7 reverse...).
func (s Styling) Has(n int) bool { return s.attrs[n] }

// Scan reads every SGR sequence in out.
func Scan(out string) Styling {
	st := Styling{attrs: map[int]bool{}}
	for _, m := range seq.FindAllStringSubmatch(out, -1) {
		ps := strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' })
		for i := 0; i < len(ps); i++ {
			n, _ := strconv.Atoi(ps[i])
			switch {
			case n == 38 || n == 48 || n == 58:
				// An extended colour: its arguments are not attributes.
				if i+1 < len(ps) && ps[i+1] == "5" {
					i += 2
				} else if i+1 < len(ps) && ps[i+1] == "2" {
					i += 4
				}
				fallthrough
			case (n >= 30 && n <= 37) || (n >= 40 && n <= 47) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107):
				if st.Colour == "" {
					st.Colour = strconv.Quote(m[0])
				}
			case n == 39 || n == 49 || n == 59:
			default:
				st.attrs[n] = true
			}
		}
	}
	return st
}
