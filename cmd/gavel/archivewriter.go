package main

import (
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
	"github.com/gavel-irc/gavel/meeting/store"
)

// archiveWriter writes a meeting's minutes, in every format, into the
// archive's zodbot layout (<channel>/<YYYY-MM-DD>/<name>.<YYYY-MM-DD-HH.MM>.*).
// store.WriteMinutes recognises the files of an earlier #save of the same
// meeting (same channel and start time in the .json) and overwrites them,
// so #save then #endmeeting updates one set of files; another meeting's
// files of the same name and minute are never clobbered (it gets "-2").
func archiveWriter(dir string) func(*meeting.Minutes) ([]string, error) {
	return func(m *meeting.Minutes) ([]string, error) {
		return store.WriteMinutes(dir, m, minutes.AllFormats)
	}
}
