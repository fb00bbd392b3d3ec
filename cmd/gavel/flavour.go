package main

import (
	"fmt"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

// botStyle is --flavour and --layout (bot, chair, minutes, import) and
// --url-base (bot, chair, minutes) checked: the bot gavel names meetings
// and writes files like, where the files go under the archive, and where
// the archive is published. It is the meeting.Config those three fields
// of.
func botStyle(v *values) (meeting.Config, error) {
	f, err := meeting.ParseFlavour(v.str("flavour"))
	if err != nil {
		return meeting.Config{}, usageErr(fmt.Errorf("--flavour: %w", err))
	}
	if _, err := minutes.ParseLayout(v.str("layout")); err != nil {
		return meeting.Config{}, usageErr(fmt.Errorf("--layout: %w", err))
	}
	c := meeting.Config{Flavour: f, Layout: v.str("layout")}
	if v.fs.Lookup("url-base") != nil {
		c.URLBase = v.str("url-base")
	}
	return c, nil
}
