package review

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// clean makes archive text safe to draw (no control characters, no
// highlight markers).
func clean(s string) string {
	s = plaintext.Plain(s)
	if strings.Contains(s, archive.MarkStart) || strings.Contains(s, archive.MarkEnd) {
		s = strings.NewReplacer(archive.MarkStart, "", archive.MarkEnd, "").Replace(s)
	}
	return s
}

// fit truncates a (possibly styled) line to w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

func padLines(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
