package recorder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
	"github.com/gavel-irc/gavel/meeting/store"
)

// TestAnnounceURLsNeverPaths records a zodbot meeting that writes real
// files into a temporary archive and checks what the channel is told
// after #save and #endmeeting: URLs under the URL base, or file names
// alone — never the archive directory or any other local path.
func TestAnnounceURLsNeverPaths(t *testing.T) {
	tests := []struct {
		name, urlBase, layout string
		want                  []string
	}{
		{"url base, zodbot layout", "https://meetbot.example.org/", "", []string{
			"#c Minutes:        https://meetbot.example.org/c/2026-06-01/weekly_sync.2026-06-01-15.00.html",
			"#c Minutes (text): https://meetbot.example.org/c/2026-06-01/weekly_sync.2026-06-01-15.00.txt",
			"#c Log:            https://meetbot.example.org/c/2026-06-01/weekly_sync.2026-06-01-15.00.log.html"}},
		{"url base without slash, darst layout", "https://m.example/meetings", "%(channel)s/%%Y/%(channel)s.%%F-%%H.%%M", []string{
			"#c Minutes:        https://m.example/meetings/c/2026/c.2026-06-01-15.00.html",
			"#c Minutes (text): https://m.example/meetings/c/2026/c.2026-06-01-15.00.txt",
			"#c Log:            https://m.example/meetings/c/2026/c.2026-06-01-15.00.log.html"}},
		{"no url base", "", "", []string{
			"#c Minutes:        weekly_sync.2026-06-01-15.00.html",
			"#c Minutes (text): weekly_sync.2026-06-01-15.00.txt",
			"#c Log:            weekly_sync.2026-06-01-15.00.log.html"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			archive := filepath.Join(t.TempDir(), "home", "alice", "meetings")
			s := &fakeSender{}
			r, err := Open(Config{Network: "test", Channel: "#c", BotNick: "gavel", JournalDir: t.TempDir(),
				Write:   func(m *meeting.Minutes) ([]string, error) { return store.WriteMinutes(archive, m, minutes.AllFormats) },
				URLBase: tc.urlBase, ArchiveDir: archive, Flavour: meeting.FlavourZodbot, Layout: tc.layout}, s)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if _, err := r.Record(msg(0, "alice", "#startmeeting Weekly Sync"), msg(1, "alice", "#save")); err != nil {
				t.Fatal(err)
			}
			saved := len(s.said)
			ups, err := r.Record(msg(2, "alice", "#endmeeting"))
			if err != nil || len(ups[0].Written) != len(minutes.AllFormats) {
				t.Fatalf("updates %+v %v", ups, err)
			}
			for _, p := range ups[0].Written {
				if _, err := os.Stat(p); err != nil || !strings.HasPrefix(p, archive) {
					t.Errorf("written %q: %v", p, err)
				}
			}
			for _, said := range [][]string{s.said[:saved], s.said[saved:]} {
				var files []string
				for _, l := range said {
					if strings.Contains(l, archive) || strings.Contains(l, "/home/") || strings.Contains(l, os.TempDir()) {
						t.Errorf("local path posted: %q", l)
					}
					if strings.Contains(l, "Minutes") || strings.HasPrefix(l, "#c Log:") {
						files = append(files, l)
					}
				}
				if strings.Join(files, "\n") != strings.Join(tc.want, "\n") {
					t.Errorf("announced\n%s\nwant\n%s", strings.Join(files, "\n"), strings.Join(tc.want, "\n"))
				}
			}
		})
	}
}
