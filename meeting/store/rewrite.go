package store

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

// Rewrite renders m in each of formats over the files of an existing
// meeting at base (a path under dir without extension), atomically: every
// format is rendered and fsynced first, then each is renamed into place.
// It is for a meeting the archive already holds (an amendment), so it
// replaces those files by name and never picks another base.
func Rewrite(dir, base string, m *meeting.Minutes, formats []minutes.Format) ([]string, error) {
	final := filepath.Join(dir, filepath.FromSlash(base))
	if err := inside(dir, final); err != nil {
		return nil, err
	}
	sub := filepath.Dir(final)
	perm := os.FileMode(0o644)
	if m.Restricted {
		perm = 0o600
	}
	temps := make([]string, len(formats))
	defer func() {
		for _, t := range temps {
			if t != "" {
				os.Remove(t)
			}
		}
	}()
	for i, f := range formats {
		t, err := renderTemp(sub, f, m, perm, true, false)
		if err != nil {
			return nil, fmt.Errorf("store: rendering %s: %w", f, err)
		}
		temps[i] = t.name
	}
	paths := make([]string, len(formats))
	for i, f := range formats {
		paths[i] = final + f.Ext()
		if err := os.Rename(temps[i], paths[i]); err != nil {
			return nil, err
		}
		temps[i] = ""
	}
	return paths, syncDir(sub)
}
