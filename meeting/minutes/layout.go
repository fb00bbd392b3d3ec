package minutes

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
)

// maxComponent caps each path component of Base, in bytes.
const maxComponent = 100

// DefaultLayout is zodbot's file name pattern, gavel's default.
const DefaultLayout = "%(channel)s/%%F/%(meetingname)s.%%F-%%H.%%M"

// Base is where a meeting's files go, relative to the archive directory
// and without extension: m.Layout expanded (see ParseLayout), zodbot's
//
//	<channel>/<YYYY-MM-DD>/<name>.<YYYY-MM-DD-HH.MM>
//
// when m.Layout is empty (or invalid: layouts are checked when they are
// configured). The date and time are the start time in UTC. Every
// substituted value is sanitised (see Layout.Expand), so Base never climbs
// out of the archive whatever the channel, network or meeting name. The
// separator is always '/'.
func Base(m *meeting.Minutes) string {
	l, err := ParseLayout(m.Layout)
	if err != nil {
		l = defaultLayout
	}
	return l.Expand(m)
}

// baseName is the file name part of Base: minutes and logs link to each
// other relative to their shared directory.
func baseName(m *meeting.Minutes) string { return path.Base(Base(m)) }

// PathComponent makes s safe as one file name component that also reads
// well in a URL: path separators, control and format characters, white
// space, invalid UTF-8 and the characters that mean something in a URL or
// in HTML ("#?%&<>\"'`:*|") become '_'; runs of dots collapse to one and
// leading and trailing dots go (no "..", no hidden files, no ".." once an
// extension is added); the result is capped at 100
// bytes on a rune boundary. An empty result is "meeting".
func PathComponent(s string) string {
	var b strings.Builder
	b.Grow(min(len(s), maxComponent))
	for i := 0; i < len(s) && b.Len() < maxComponent; {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1, r == '/', r == '\\', unicode.IsSpace(r),
			unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError,
			strings.ContainsRune("#?%&<>\"'`:*|", r):
			r = '_'
		case r == '.':
			if b.Len() == 0 || strings.HasSuffix(b.String(), ".") {
				continue
			}
		}
		if b.Len()+utf8.RuneLen(r) > maxComponent {
			break
		}
		b.WriteRune(r)
	}
	out := strings.TrimRight(b.String(), ".")
	if out == "" {
		return "meeting"
	}
	return out
}
