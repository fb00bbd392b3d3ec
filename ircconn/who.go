package ircconn

import (
	"strings"

	"github.com/lrstanley/girc"
)

// girc sends "WHO <channel> %tacuhnr,1" after our join and "WHO <nick>
// %tacuhnr,1" after every other join; their replies tell us members'
// realnames (a gavel shows its role there, see meeting/recorder) and, with
// WHOX, their accounts: on a network without account-tag or extended-join
// that is how a line's sender gets its account (chair rights follow it).

// onWhoReply records the realname (and WHOX account) of one WHO (352) or
// WHOX (354) reply.
func (c *Client) onWhoReply(e girc.Event) {
	var nick, realname, account string
	whox := false
	switch e.Command {
	case girc.RPL_WHOSPCRPL:
		// 354 <me> 1 <channel> <user> <host> <nick> <account> :<realname>
		if len(e.Params) != 8 || e.Params[1] != "1" {
			return // not the WHOX girc asked for
		}
		nick, account, realname, whox = e.Params[5], e.Params[6], e.Last(), true
		if account == "0" { // WHOX: not logged in
			account = ""
		}
	default:
		// 352 <me> <channel> <user> <host> <server> <nick> <flags> :<hops> <realname>
		if len(e.Params) < 8 {
			return
		}
		nick = e.Params[5]
		_, realname, _ = strings.Cut(e.Last(), " ")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cs := range c.chans {
		for _, set := range []map[string]*Member{cs.members, cs.names} {
			if m := set[fold(nick)]; m != nil && (m.RealName != realname || whox && m.Account != account) {
				m.RealName = realname
				if whox {
					m.Account = account
				}
				cs.whoDirty = true
			}
		}
	}
}

// onEndOfWho reports the roster of the channel whose WHO ended (from then
// on complete), or of every channel where a WHO of one nick changed a
// realname.
func (c *Client) onEndOfWho(e girc.Event) {
	// 315 <me> <target> :End of /WHO list.
	if len(e.Params) < 2 {
		return
	}
	target := fold(e.Params[1])
	c.mu.Lock()
	var evs []Event
	for _, cs := range c.sortedChans() {
		isTarget := fold(cs.name) == target
		if isTarget {
			cs.who = true
		}
		if isTarget || cs.whoDirty {
			cs.whoDirty = false
			evs = append(evs, roster(cs))
		}
	}
	c.mu.Unlock()
	for _, ev := range evs {
		c.emit(ev)
	}
}
