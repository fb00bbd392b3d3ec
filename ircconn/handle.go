package ircconn

import (
	"fmt"
	"strings"

	"github.com/lrstanley/girc"
)

// handle is our only girc handler: a foreground ALL_EVENTS handler, so it
// runs for one event at a time, in server order (echoes included: girc
// passes echo-message lines only to ALL_EVENTS handlers). It updates our
// own tracking and queues events for the dispatcher.
func (cn *conn) handle(_ *girc.Client, e girc.Event) {
	c := cn.c
	switch e.Command {
	case girc.INITIALIZED:
		cn.mu.Lock()
		cn.initialized = true
		closing := cn.closing
		cn.mu.Unlock()
		if closing {
			cn.gc.Close()
		}
	case girc.CAP:
		c.onCAP(e)
	case girc.RPL_LOGGEDIN: // 900 <nick> <mask> <account> :text
		if len(e.Params) >= 3 {
			c.mu.Lock()
			c.account = e.Params[2]
			c.mu.Unlock()
		}
	case "901": // logged out
		c.mu.Lock()
		c.account = ""
		c.mu.Unlock()
	case girc.RPL_SASLSUCCESS:
		cn.mu.Lock()
		cn.saslDone = true
		cn.mu.Unlock()
	case "902", "904", "905", "906", "908":
		if c.cfg.SASL != "" {
			cn.mu.Lock()
			if cn.fatal == nil && !cn.saslDone {
				cn.fatal = fmt.Errorf("ircconn: %w (SASL %s, account %q): %s", ErrSASL,
					strings.ToUpper(c.cfg.SASL), c.cfg.Account, e.Last())
			}
			cn.mu.Unlock()
		}
	case girc.RPL_WELCOME:
		cn.onWelcome(e)
	case girc.RPL_ISUPPORT:
		c.onISupport(e)
	case girc.JOIN:
		cn.onJoin(e)
	case girc.PART:
		c.onPart(e)
	case girc.KICK:
		c.onKick(e)
	case girc.QUIT:
		cn.onQuit(e)
	case girc.NICK:
		cn.onNick(e)
	case girc.TOPIC:
		c.onTopic(e)
	case girc.RPL_TOPIC: // 332 <me> <chan> :topic
		if len(e.Params) >= 3 {
			c.mu.Lock()
			if cs := c.chans[fold(e.Params[1])]; cs != nil {
				cs.topic = e.Last()
			}
			c.mu.Unlock()
		}
	case girc.RPL_NAMREPLY:
		c.onNames(e)
	case girc.RPL_ENDOFNAMES:
		c.onEndOfNames(e)
	case girc.MODE:
		c.onMode(e)
	case girc.CAP_ACCOUNT: // account-notify: ACCOUNT <account|*>
		c.onAccount(e)
	case girc.CAP_CHGHOST:
		if e.Source != nil && len(e.Params) >= 2 {
			c.mu.Lock()
			if fold(e.Source.Name) == fold(c.nick) {
				c.ident, c.host = e.Params[0], e.Params[1]
			}
			c.mu.Unlock()
		}
	case girc.PRIVMSG, girc.NOTICE:
		cn.onMessage(e)
	case "BATCH":
		cn.onBatch(e)
	case girc.INVITE: // INVITE <me> <channel>
		c.onInvite(e)
	case girc.RPL_WHOREPLY, girc.RPL_WHOSPCRPL:
		c.onWhoReply(e)
	case girc.RPL_ENDOFWHO:
		c.onEndOfWho(e)
	case "376", "422": // end of MOTD: ISUPPORT is known now
		c.mu.Lock()
		monitor := c.monitor && fold(c.nick) != fold(c.wanted)
		wanted := c.wanted
		c.mu.Unlock()
		if monitor {
			// The server tells us (731 RPL_MONOFFLINE) when the nick is free.
			cn.gc.Send(&girc.Event{Command: "MONITOR", Params: []string{"+", wanted}})
		}
	case "731": // RPL_MONOFFLINE <me> :nick[!user@host],...
		c.mu.Lock()
		wanted := c.wanted
		c.mu.Unlock()
		for _, target := range strings.Split(e.Last(), ",") {
			if nick, _, _ := strings.Cut(target, "!"); fold(nick) == fold(wanted) {
				cn.regain()
			}
		}
	}
}
