package ircconn

import (
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/lrstanley/girc"
)

// Messages: PRIVMSG/NOTICE/ACTION and INVITE become Events with meeting
// lines (server time, account, msgid).

// lineTime is the server-time of e (UTC) when the server sent one, else
// our clock.
func (c *Client) lineTime(e girc.Event) time.Time {
	if _, ok := e.Tags.Get("time"); ok {
		return e.Timestamp.UTC()
	}
	return c.cfg.Now().UTC()
}

func srcNick(e girc.Event) string {
	if e.Source == nil {
		return ""
	}
	return e.Source.Name
}

// accountOf is the account-tag of e, else what we know of nick in cs.
// c.mu must be held.
func accountOf(e girc.Event, cs *chanState, nick string) string {
	if a, ok := e.Tags.Get("account"); ok && a != "*" {
		return a
	}
	if cs != nil {
		if m := cs.members[fold(nick)]; m != nil {
			return m.Account
		}
	}
	return ""
}

func msgID(e girc.Event) string {
	id, _ := e.Tags.Get("msgid")
	return id
}

func (c *Client) line(e girc.Event, cs *chanState, channel string, kind meeting.Kind, text string) Event {
	nick := srcNick(e)
	id := msgID(e)
	return Event{Type: EventLine, Channel: channel, MsgID: id,
		Self: fold(nick) == fold(c.nick),
		Line: meeting.Line{Time: c.lineTime(e), Nick: nick, Account: accountOf(e, cs, nick), Kind: kind, Text: text, MsgID: id}}
}

func (cn *conn) onMessage(e girc.Event) {
	c := cn.c
	if e.Source == nil || e.Source.Ident == "" && e.Source.Host == "" || len(e.Params) < 2 {
		return // server notices
	}
	text := e.Last()
	kind := meeting.Message
	if e.Command == girc.NOTICE {
		kind = meeting.Notice
	}
	if strings.HasPrefix(text, "\x01") {
		if e.Command != girc.PRIVMSG || !e.IsAction() {
			return // other CTCP requests and replies (onCTCP answers a few)
		}
		kind = meeting.Action
		text = e.StripAction()
	}
	target := e.Params[0]
	c.mu.Lock()
	if !c.isChannel(target) {
		self := fold(e.Source.Name) == fold(c.nick)
		c.mu.Unlock()
		if self {
			return // our own private messages (e.g. to NickServ) are never reported
		}
		c.emit(Event{Type: EventPrivate, MsgID: msgID(e), Line: meeting.Line{
			Time: c.lineTime(e), Nick: e.Source.Name, Account: accountOf(e, nil, ""), Kind: kind, Text: text}})
		return
	}
	cs := c.chans[fold(target)]
	channel := c.canon(target)
	ev := c.line(e, cs, channel, kind, text)
	ev.Self = ev.Self || e.Echo
	var joined time.Time
	if cs != nil {
		joined = cs.joined
	}
	c.mu.Unlock()
	ev.Line.Recovered = cn.historyLine(e, joined)
	c.emit(ev)
}

// onInvite reports an invitation to us; a hostile channel name is dropped.
func (c *Client) onInvite(e girc.Event) {
	if len(e.Params) < 2 || e.Source == nil {
		return
	}
	c.mu.Lock()
	me := fold(e.Params[0]) == fold(c.nick)
	c.mu.Unlock()
	if !me || !validTarget(e.Params[1]) || !c.isChannel(e.Params[1]) {
		return
	}
	c.emit(Event{Type: EventInvite, Channel: e.Params[1], Line: meeting.Line{Time: c.lineTime(e), Nick: e.Source.Name}})
}
