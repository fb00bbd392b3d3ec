package ircconn

import (
	"github.com/gavel-irc/gavel/meeting"
	"github.com/lrstanley/girc"
)

// ---- writer sink ----

func (c *Client) budget(m outMsg) int {
	c.mu.Lock()
	nickLen := max(len(c.nick), len(c.wanted)+2)
	identLen, hostLen := len(c.ident), len(c.host)
	if identLen == 0 {
		identLen = max(len(c.cfg.User)+1, 11)
	}
	if hostLen == 0 {
		hostLen = 63
	}
	cn := c.cur
	c.mu.Unlock()
	overhead := len("PRIVMSG") + 1 + len(m.target) + 2 // "PRIVMSG #chan :"
	if m.cmd == "NOTICE" {
		overhead = len("NOTICE") + 1 + len(m.target) + 2
	}
	b := MaxLine - (1 + nickLen + 1 + identLen + 1 + hostLen + 1) - overhead
	if cn != nil {
		// girc splits again above its own limit; stay below it.
		b = min(b, cn.gc.MaxEventLength()-overhead-1)
	}
	if m.cmd == "ACTION" {
		b -= len("\x01ACTION \x01")
	}
	return max(b, 32)
}

func (c *Client) deliver(m outMsg) bool {
	c.mu.Lock()
	cn := c.cur
	ok := cn != nil && c.registered
	echo, nick, account := c.echo, c.nick, c.account
	isChan := c.isChannel(m.target)
	channel := c.canon(m.target)
	c.mu.Unlock()
	if !ok {
		// a CTCP reply is for now or never: one held for a reconnect would
		// answer a question nobody is waiting on
		return m.cmd == "CTCP"
	}
	gc := cn.gc
	kind := meeting.Message
	switch m.cmd {
	case "PRIVMSG":
		gc.Send(&girc.Event{Command: girc.PRIVMSG, Params: []string{m.target, m.text}})
	case "ACTION":
		kind = meeting.Action
		gc.Send(&girc.Event{Command: girc.PRIVMSG, Params: []string{m.target, "\x01ACTION " + m.text + "\x01"}})
	case "NOTICE":
		kind = meeting.Notice
		gc.Send(&girc.Event{Command: girc.NOTICE, Params: []string{m.target, m.text}})
	case "CTCP": // a CTCP reply; Clean took any \x01 out of the text
		gc.Send(&girc.Event{Command: girc.NOTICE, Params: []string{m.target, "\x01" + m.text + "\x01"}})
		return true
	case "TOPIC":
		gc.Send(&girc.Event{Command: girc.TOPIC, Params: []string{m.target, truncate(m.text, c.budget(m))}})
		return true
	case "NICK":
		gc.Cmd.Nick(m.text)
		return true
	case "JOIN":
		gc.Cmd.Join(m.target)
		return true
	case "PART":
		if m.text != "" {
			gc.Cmd.PartMessage(m.target, m.text)
		} else {
			gc.Cmd.Part(m.target)
		}
		return true
	case "QUIT":
		cn.shutdown(m.text)
		return true
	default:
		return true
	}
	if !echo && isChan {
		c.emit(Event{Type: EventLine, Channel: channel, Self: true, Line: meeting.Line{
			Time: c.cfg.Now().UTC(), Nick: nick, Account: account, Kind: kind, Text: m.text}})
	}
	return true
}
