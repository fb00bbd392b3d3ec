package recorder

import (
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// Accounts records what the server says of members' accounts outside any
// line — the WHO/WHOX replies about people who were in the channel before
// us. Chair rights follow accounts, so the meeting must know the account
// of a chair who has not said anything yet; and a meeting is its journal,
// so the fact is journaled (an AccountSeen line) like everything else the
// meeting decides by. Only news is recorded: an account the meeting does
// not already know for that nick. at is when the server told us.
func (r *Recorder) Accounts(at time.Time, members []NickAccount) ([]Update, error) {
	r.mu.Lock()
	cur := r.session.Current()
	var lines []meeting.Line
	for _, m := range members {
		if m.Account != "" && m.Nick != "" && cur.AccountOf(m.Nick) != m.Account {
			lines = append(lines, meeting.Line{Time: at, Nick: m.Nick, Account: m.Account, Kind: meeting.AccountSeen})
		}
	}
	r.mu.Unlock()
	if len(lines) == 0 {
		return nil, nil
	}
	return r.Record(lines...)
}

// NickAccount is a member the server says is logged in to Account.
type NickAccount struct{ Nick, Account string }
