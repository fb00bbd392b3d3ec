package archive

import (
	"context"
	"database/sql"
	"path"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

// indexedMeeting is the text a meeting was indexed with, read back from
// its files while they are still exactly what the index read.
type indexedMeeting struct {
	id    int64
	min   *meeting.Minutes
	lines []meeting.Line
}

// indexedText reads m's files and returns their text when every source
// file's content is the one indexed (same hash), else nil: FTS5 can only
// forget a row given the very text it indexed.
func (a *Archive) indexedText(ctx context.Context, m *Meeting) *indexedMeeting {
	known, _, err := a.knownFiles(ctx, path.Dir(m.Base))
	if err != nil {
		return nil
	}
	js, lg, lf := a.readSources(m.Base)
	srcs := map[string][]byte{}
	if js != nil {
		srcs[m.Base+".json"] = js
	}
	if lg != nil {
		ext := ".log.txt"
		if lf != importer.MeetBotText {
			ext = ".log.html"
		}
		srcs[m.Base+ext] = lg
	}
	n := 0
	for p, r := range known {
		if r.meetingID != m.ID {
			continue
		}
		n++
		if b, ok := srcs[p]; !ok || contentHash(b) != r.hash {
			return nil
		}
	}
	if n == 0 || n != len(srcs) {
		return nil
	}
	min, lines, err := loadMeeting(m.Base, js, lg, lf)
	if err != nil {
		return nil
	}
	return &indexedMeeting{id: m.ID, min: min, lines: lines}
}

// purge deletes a meeting's full-text rows, given the text they were
// indexed with, so that no word of it stays in the index (a redaction).
func (a *Archive) purge(ctx context.Context, old *indexedMeeting) error {
	return a.writeTx(ctx, func(tx *sql.Tx) error {
		lineRows, itemRows := ftsRows(old.id, old.min, old.lines)
		for _, t := range []struct {
			table string
			rows  []ftsRow
		}{{"lines_fts", lineRows}, {"items_fts", itemRows}} {
			stmt, err := tx.PrepareContext(ctx, `INSERT INTO `+t.table+`(`+t.table+`, rowid, text) VALUES('delete', ?, ?)`)
			if err != nil {
				return err
			}
			for _, r := range t.rows {
				if _, err := stmt.ExecContext(ctx, r.rowid, r.text); err != nil {
					stmt.Close()
					return err
				}
			}
			stmt.Close()
		}
		return nil
	})
}

// reindexAmended indexes a meeting's rewritten files. Its old full-text
// rows are purged when their text could be read back (old); otherwise a
// redaction rebuilds the whole index, the only way left to drop the
// redacted words from it.
func (a *Archive) reindexAmended(ctx context.Context, m *Meeting, old *indexedMeeting, paths []string, redaction bool) error {
	if old != nil {
		if err := a.purge(ctx, old); err != nil {
			return err
		}
	} else if redaction {
		_, err := a.Rebuild(ctx, nil)
		return err
	}
	_, err := a.Written(ctx, paths)
	return err
}
