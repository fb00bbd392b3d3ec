package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/archive"
	"github.com/gavel-irc/gavel/meeting/minutes"
	"github.com/gavel-irc/gavel/meeting/store"
)

// archiveWriter writes a meeting's minutes, in every format, into the
// archive's zodbot layout (<channel>/<YYYY-MM-DD>/<name>.<YYYY-MM-DD-HH.MM>.*).
// store.WriteMinutes recognises the files of an earlier #save of the same
// meeting (same channel and start time in the .json) and overwrites them,
// so #save then #endmeeting updates one set of files; another meeting's
// files of the same name and minute are never clobbered (it gets "-2").
//
// The meeting's files are then indexed in the background (archive.Written:
// no walk of the archive): the files are the truth and are already safe; a
// slow index must not hold up the recording of the next line.
func archiveWriter(dir string, log *slog.Logger) func(*meeting.Minutes) ([]string, error) {
	var indexing sync.Mutex
	return func(m *meeting.Minutes) ([]string, error) {
		paths, err := store.WriteMinutes(dir, m, minutes.AllFormats)
		if err != nil {
			return nil, err
		}
		go func() {
			indexing.Lock()
			defer indexing.Unlock()
			a, err := archive.Open(dir)
			if err == nil {
				_, err = a.Written(context.Background(), paths)
				a.Close()
			}
			if err != nil {
				log.Warn("indexing the archive failed; run gavel index", "err", err)
			}
		}()
		return paths, nil
	}
}

// carryover looks up the open action items of the channel's last meeting
// in the archive, as lines to paste into the new one. No archive, or no
// earlier meeting, means nothing to carry over.
func carryover(ctx context.Context, dir, channel string, log *slog.Logger) []string {
	a, err := archive.Open(dir)
	if err != nil {
		log.Info("no archive to carry actions over from", "err", err)
		return nil
	}
	defer a.Close()
	if _, err := a.Refresh(ctx); err != nil {
		log.Warn("indexing the archive failed", "err", err)
	}
	m, acts, err := a.OpenSinceLast(ctx, channel, "", time.Now())
	if err != nil || m == nil || len(acts) == 0 {
		return nil
	}
	return archive.PasteLines(m, acts)
}
