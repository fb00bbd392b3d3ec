package main

import (
	"time"

	"github.com/gavel-irc/gavel/ircconn"
	"github.com/gavel-irc/gavel/meeting/recorder"
)

// showIdent makes this instance's gavel identity and puts it in the
// connection's realname, where other gavels in the channel read it to
// agree on who speaks for the meeting (meeting/recorder/speaker.go).
func showIdent(cfg *ircconn.Config, role recorder.Role, quiet bool) recorder.Ident {
	id := recorder.Ident{Role: role, Quiet: quiet, Since: time.Now()}
	cfg.RealName = id.String()
	return id
}

// quietEverywhere: the realname says quiet only when every channel is
// (one connection shows one realname; a quiet channel among speaking
// ones just never answers, and the other gavels there pass it over).
func quietEverywhere(quiet bool, per map[string]channelSettings) bool {
	for _, s := range per {
		if s.Quiet != nil && !*s.Quiet {
			return false
		}
	}
	return quiet
}

// rosterToRecorder tells the recorder who is in the channel and returns
// their nicks.
func rosterToRecorder(rec *recorder.Recorder, ev ircconn.Event) []string {
	nicks := make([]string, len(ev.Members))
	members := make([]recorder.Member, len(ev.Members))
	for i, m := range ev.Members {
		nicks[i] = m.Nick
		members[i] = recorder.Member{Nick: m.Nick, RealName: m.RealName}
	}
	rec.Roster(members, ev.Complete)
	return nicks
}

// rosterAccounts journals the accounts the server reported for members
// (WHO replies) that the meeting did not know: chair rights follow them.
// The time is ours: the server stamps no WHO reply.
func rosterAccounts(rec *recorder.Recorder, ev ircconn.Event) ([]recorder.Update, error) {
	members := make([]recorder.NickAccount, 0, len(ev.Members))
	for _, m := range ev.Members {
		if m.Account != "" {
			members = append(members, recorder.NickAccount{Nick: m.Nick, Account: m.Account})
		}
	}
	return rec.Accounts(time.Now().UTC(), members)
}
