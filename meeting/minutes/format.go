package minutes

import (
	"fmt"
	"io"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
)

// Format is a minutes file format, named by the file extension it is
// written under (without the leading dot).
type Format string

// The formats gavel writes.
const (
	FormatMarkdown Format = "md"
	FormatText     Format = "txt"
	FormatHTML     Format = "html"
	FormatLogText  Format = "log.txt"
	FormatLogHTML  Format = "log.html"
	FormatJSON     Format = "json"
)

// AllFormats lists every format, in the order an archive writes them.
var AllFormats = []Format{FormatHTML, FormatText, FormatLogHTML, FormatLogText, FormatMarkdown, FormatJSON}

// LogOnly reports whether f renders only what Meeting.LogMinutes holds:
// the logs, which need none of the items.
func (f Format) LogOnly() bool { return f == FormatLogText || f == FormatLogHTML }

// Ext is the file extension with its leading dot (".log.html").
func (f Format) Ext() string { return "." + string(f) }

// ParseFormat accepts a format's name with or without a leading dot,
// case-insensitively, plus the aliases "markdown", "text" and "log".
func ParseFormat(s string) (Format, error) {
	n := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "."))
	switch n {
	case "markdown":
		return FormatMarkdown, nil
	case "text":
		return FormatText, nil
	case "log":
		return FormatLogText, nil
	}
	for _, f := range AllFormats {
		if string(f) == n {
			return f, nil
		}
	}
	return "", fmt.Errorf("minutes: unknown format %q (want one of md, txt, html, log.txt, log.html, json)", s)
}

// Render writes m in format f.
func Render(w io.Writer, f Format, m *meeting.Minutes) error {
	switch f {
	case FormatMarkdown:
		return Markdown(w, m)
	case FormatText:
		return Text(w, m)
	case FormatHTML:
		return HTML(w, m)
	case FormatLogText:
		return LogText(w, m)
	case FormatLogHTML:
		return LogHTML(w, m)
	case FormatJSON:
		return JSON(w, m)
	}
	return fmt.Errorf("minutes: unknown format %q", string(f))
}
