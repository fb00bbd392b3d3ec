package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

// archiveWriter writes a meeting's minutes into the archive's zodbot layout.
// TEMPORARY until meeting/store lands: Markdown and JSON only.
func archiveWriter(dir string) func(*meeting.Minutes) ([]string, error) {
	return func(m *meeting.Minutes) ([]string, error) {
		clean := func(s string) string {
			s = strings.Map(func(r rune) rune {
				if r == '/' || r == '\\' || r < 0x20 {
					return '_'
				}
				return r
			}, s)
			return strings.TrimLeft(s, ".")
		}
		d := filepath.Join(dir, clean(strings.TrimLeft(m.Channel, "#")), m.Started.UTC().Format("2006-01-02"))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
		base := filepath.Join(d, clean(m.Name)+"."+m.Started.UTC().Format("2006-01-02-15.04"))
		var out []string
		for ext, f := range map[string]func(*bytes.Buffer, *meeting.Minutes) error{
			".md":   func(b *bytes.Buffer, m *meeting.Minutes) error { return minutes.Markdown(b, m) },
			".json": func(b *bytes.Buffer, m *meeting.Minutes) error { return minutes.JSON(b, m) },
		} {
			var b bytes.Buffer
			if err := f(&b, m); err != nil {
				return nil, err
			}
			if err := os.WriteFile(base+ext, b.Bytes(), 0o644); err != nil {
				return nil, err
			}
			out = append(out, base+ext)
		}
		return out, nil
	}
}
