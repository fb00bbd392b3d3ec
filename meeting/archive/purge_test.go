package archive

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// indexedTerms counts a term's rows in both full-text tables' vocabulary:
// what the index file itself still holds, whatever search shows.
func indexedTerms(t *testing.T, a *Archive, term string) int {
	t.Helper()
	total := 0
	for _, tbl := range []string{"lines_fts", "items_fts"} {
		if _, err := a.db.Exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_` + tbl + ` USING fts5vocab(main, ` + tbl + `, row)`); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := a.db.QueryRow(`SELECT coalesce(sum(cnt), 0) FROM temp.v_`+tbl+` WHERE term = ?`, term).Scan(&n); err != nil {
			t.Fatal(err)
		}
		total += n
	}
	return total
}

// TestRedactionLeavesNoWordInTheIndex: a redacted line's words are gone
// from the index file, not only from search results — whether the
// meeting's files were as indexed (its rows are purged) or changed by
// hand since (the index is rebuilt).
func TestRedactionLeavesNoWordInTheIndex(t *testing.T) {
	for _, tc := range []struct {
		name  string
		touch bool // change the log by hand first, unindexed
	}{{"as indexed", false}, {"files changed since indexing", true}} {
		t.Run(tc.name, func(t *testing.T) {
			a, m := amendArchive(t)
			if n := indexedTerms(t, a, "0199"); n != 1 {
				t.Fatalf("before: %d rows hold 0199", n)
			}
			if tc.touch {
				p := filepath.Join(a.Dir, filepath.FromSlash(m.Base+".log.txt"))
				b, _ := os.ReadFile(p)
				if err := os.WriteFile(p, append(b, "\n15:59:00 <zed> a late line"...), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			at := time.Date(2026, 1, 6, 9, 0, 0, 0, time.UTC)
			if _, err := a.Amend(ctx, m, meeting.Amendment{Op: meeting.AmendRedact, Line: 4, By: "alice", At: at, Why: "personal data"}); err != nil {
				t.Fatal(err)
			}
			for _, w := range []string{"0199", "555"} {
				if n := indexedTerms(t, a, w); n != 0 {
					t.Errorf("%d rows of the index still hold %q", n, w)
				}
			}
			if hits, err := a.Search(ctx, "hangar", 10); err != nil || len(hits) == 0 {
				t.Fatalf("the rest of the meeting is no longer found: %v %v", hits, err)
			}
		})
	}
}
