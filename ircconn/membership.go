package ircconn

import (
	"github.com/gavel-irc/gavel/meeting"
	"github.com/lrstanley/girc"
)

// Membership: JOIN, PART, KICK, QUIT, NICK, TOPIC and account changes of
// the members of the channels we are in.

func (cn *conn) onJoin(e girc.Event) {
	c := cn.c
	if e.Source == nil || len(e.Params) == 0 {
		return
	}
	name := e.Params[0]
	nick := e.Source.Name
	account, realname := "", ""
	if len(e.Params) >= 3 { // extended-join: JOIN #chan account :realname
		realname = e.Params[2]
	}
	if len(e.Params) >= 3 && e.Params[1] != "*" {
		account = e.Params[1]
	} else if a, ok := e.Tags.Get("account"); ok && a != "*" {
		account = a
	}
	c.mu.Lock()
	self := fold(nick) == fold(c.nick)
	key := fold(name)
	cs := c.chans[key]
	if self {
		c.ident, c.host = e.Source.Ident, e.Source.Host
		cs = &chanState{name: c.canon(name), members: map[string]*Member{}}
		if _, ok := e.Tags.Get("time"); ok {
			cs.joined = e.Timestamp.UTC()
		}
		c.chans[key] = cs
	}
	if cs == nil {
		c.mu.Unlock()
		return
	}
	cs.members[fold(nick)] = &Member{Nick: nick, Account: account, RealName: realname}
	ev := c.line(e, cs, cs.name, meeting.Join, "")
	ev.Line.Account = account
	var names Event
	if realname != "" && !self {
		// Who joined is known now, not one WHO round trip later.
		names = roster(cs)
	}
	c.mu.Unlock()
	c.emit(ev)
	if names.Type != 0 {
		c.emit(names)
	}
	if self {
		cn.requestHistory(name)
	}
}

func (c *Client) onPart(e girc.Event) {
	if e.Source == nil || len(e.Params) == 0 {
		return
	}
	reason := ""
	if len(e.Params) >= 2 {
		reason = e.Params[1]
	}
	c.inChannel(e.Params[0], func(key string, cs *chanState) (Event, bool) {
		ev := c.line(e, cs, cs.name, meeting.Part, reason)
		delete(cs.members, fold(e.Source.Name))
		if ev.Self {
			delete(c.chans, key)
		}
		return ev, true
	})
}

func (c *Client) onKick(e girc.Event) {
	if len(e.Params) < 2 {
		return
	}
	c.inChannel(e.Params[0], func(key string, cs *chanState) (Event, bool) {
		victim := e.Params[1]
		ev := c.line(e, cs, cs.name, meeting.Kick, victim)
		delete(cs.members, fold(victim))
		if fold(victim) == fold(c.nick) {
			// Kicked: leave it be (no automatic rejoin, not after reconnect).
			delete(c.chans, key)
			c.dropWant(cs.name)
		}
		return ev, true
	})
}

// onQuit reports a Quit line in every channel the nick was in (QUIT
// carries no channel; netsplits are QUITs too).
func (cn *conn) onQuit(e girc.Event) {
	c := cn.c
	if e.Source == nil {
		return
	}
	nick := e.Source.Name
	c.mu.Lock()
	var evs []Event
	for _, cs := range c.sortedChans() {
		if _, in := cs.members[fold(nick)]; in {
			evs = append(evs, c.line(e, cs, cs.name, meeting.Quit, e.Last()))
			delete(cs.members, fold(nick))
		}
	}
	regain := fold(nick) == fold(c.wanted) && fold(c.nick) != fold(c.wanted)
	c.mu.Unlock()
	for _, ev := range evs {
		c.emit(ev)
	}
	if regain {
		cn.regain()
	}
}

func (cn *conn) onNick(e girc.Event) {
	c := cn.c
	if e.Source == nil || len(e.Params) == 0 {
		return
	}
	old, nw := e.Source.Name, e.Last()
	c.mu.Lock()
	self := fold(old) == fold(c.nick)
	var evs []Event
	for _, cs := range c.sortedChans() {
		m := cs.members[fold(old)]
		if m == nil {
			continue
		}
		evs = append(evs, c.line(e, cs, cs.name, meeting.NickChange, nw))
		delete(cs.members, fold(old))
		m.Nick = nw
		cs.members[fold(nw)] = m
	}
	if self {
		c.nick = nw
	}
	regain := !self && fold(old) == fold(c.wanted) && fold(c.nick) != fold(c.wanted)
	c.mu.Unlock()
	for _, ev := range evs {
		c.emit(ev)
	}
	if self {
		c.emit(Event{Type: EventNick, Nick: nw})
	}
	if regain {
		cn.regain()
	}
}

func (c *Client) onTopic(e girc.Event) {
	if len(e.Params) < 1 {
		return
	}
	c.inChannel(e.Params[0], func(_ string, cs *chanState) (Event, bool) {
		topic := ""
		if len(e.Params) >= 2 {
			topic = e.Last()
		}
		cs.topic = topic
		return c.line(e, cs, cs.name, meeting.TopicChange, topic), true
	})
}

func (c *Client) onAccount(e girc.Event) {
	if e.Source == nil || len(e.Params) == 0 {
		return
	}
	account := e.Params[0]
	if account == "*" {
		account = ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cs := range c.chans {
		if m := cs.members[fold(e.Source.Name)]; m != nil {
			m.Account = account
		}
	}
}
