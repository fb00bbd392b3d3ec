package importer

import (
	"bytes"

	"github.com/gavel-irc/gavel/meeting"
)

// weechatStamp parses WeeChat's "YYYY-MM-DD HH:MM:SS" followed by a tab,
// returning the date, the seconds of the day and the rest after the tab.
func weechatStamp(b []byte) (date []byte, secs int, rest []byte, ok bool) {
	if len(b) < 17 || b[4] != '-' || b[7] != '-' || b[10] != ' ' {
		return nil, 0, nil, false
	}
	secs, n, ok := parseClock(b[11:])
	if !ok || 11+n >= len(b) || b[11+n] != '\t' {
		return nil, 0, nil, false
	}
	return b[:10], secs, b[11+n+1:], true
}

var (
	wcHasJoined  = []byte("has joined ")
	wcHasLeft    = []byte("has left ")
	wcHasQuit    = []byte("has quit")
	wcHasKicked  = []byte("has kicked ")
	wcChangedTop = []byte("has changed topic for ")
	wcUnsetTop   = []byte("has unset topic for ")
	wcNotice     = []byte("Notice(")
	wcTo         = []byte("to \"")
	wcFrom       = []byte("from \"")
	wcFromTo     = []byte("\" to \"")
)

// parseWeeChat parses one WeeChat log line.
func (r *Reader) parseWeeChat(b []byte) bool {
	date, secs, rest, ok := weechatStamp(b)
	if !ok {
		return false
	}
	if r.lastDay == 0 || !bytes.Equal(date, r.lastDate[:]) {
		y, ok1 := digits(date[0:4])
		m, ok2 := digits(date[5:7])
		d, ok3 := digits(date[8:10])
		if !ok1 || !ok2 || !ok3 {
			return false
		}
		t, ok := mkDate(y, m, d)
		if !ok {
			return false
		}
		copy(r.lastDate[:], date)
		r.lastDay = t.Unix()
	}
	r.day, r.last, r.dateKnown = r.lastDay, -1, true

	k := bytes.IndexByte(rest, '\t')
	if k < 0 {
		return false
	}
	prefix, msg := rest[:k], rest[k+1:]
	switch string(prefix) {
	case "-->":
		nick, tail := weechatWho(msg)
		if len(nick) == 0 || !bytes.HasPrefix(tail, wcHasJoined) {
			return false
		}
		r.emit(secs, meeting.Join, nick, nil)
		return true
	case "<--":
		nick, tail := weechatWho(msg)
		if len(nick) == 0 {
			return false
		}
		switch {
		case bytes.HasPrefix(tail, wcHasLeft):
			_, reason := cutWord(tail[len(wcHasLeft):]) // the channel
			r.emit(secs, meeting.Part, nick, bracketed(reason, '(', ')'))
		case bytes.HasPrefix(tail, wcHasQuit):
			r.emit(secs, meeting.Quit, nick, bracketed(tail[len(wcHasQuit):], '(', ')'))
		case bytes.HasPrefix(tail, wcHasKicked):
			victim, _ := cutWord(tail[len(wcHasKicked):])
			victim = cleanNick(victim)
			if len(victim) == 0 {
				return false
			}
			r.emit(secs, meeting.Kick, nick, victim)
		default:
			return false
		}
		return true
	case "--":
		return r.weechatNetwork(secs, msg)
	case " *", "*":
		nick, txt := cutWord(msg)
		nick = cleanNick(nick)
		if len(nick) == 0 {
			return false
		}
		r.emit(secs, meeting.Action, nick, txt)
		return true
	case "=!=", "", " ", "-":
		return false
	}
	nick := prefix
	if len(nick) >= 2 && nick[0] == '<' && nick[len(nick)-1] == '>' {
		nick = nick[1 : len(nick)-1]
	}
	nick = cleanNick(nick)
	if len(nick) == 0 || bytes.IndexByte(nick, ' ') >= 0 {
		return false
	}
	r.emit(secs, meeting.Message, nick, msg)
	return true
}

// weechatWho splits "nick (user@host) rest" (the host part, and any
// "[account]" part, being optional) into the nick and rest.
func weechatWho(b []byte) (nick, rest []byte) {
	nick, rest = cutWord(b)
	nick = cleanNick(nick)
	for len(rest) > 0 && (rest[0] == '(' || rest[0] == '[') {
		close := byte(')')
		if rest[0] == '[' {
			close = ']'
		}
		k := bytes.IndexByte(rest, close)
		if k < 0 {
			return nil, nil
		}
		rest = skipBlanks(rest[k+1:])
	}
	return nick, rest
}

// weechatNetwork parses the message of a "--" line: nick changes, topic
// changes and channel notices; anything else is skipped.
func (r *Reader) weechatNetwork(secs int, msg []byte) bool {
	if bytes.HasPrefix(msg, wcNotice) {
		// "Notice(nick) -> #chan: text" or "Notice(nick): text"
		k := bytes.IndexByte(msg, ')')
		if k < 0 {
			return false
		}
		nick := cleanNick(msg[len(wcNotice):k])
		c := bytes.Index(msg[k:], []byte(": "))
		if len(nick) == 0 || c < 0 {
			return false
		}
		r.emit(secs, meeting.Notice, nick, msg[k+c+2:])
		return true
	}
	nick, rest := cutWord(msg)
	nick = cleanNick(nick)
	if len(nick) == 0 {
		return false
	}
	switch {
	case bytes.HasPrefix(rest, nowKnownAs):
		to := cleanNick(rest[len(nowKnownAs):])
		if len(to) == 0 {
			return false
		}
		r.emit(secs, meeting.NickChange, nick, to)
	case bytes.HasPrefix(rest, wcChangedTop):
		// "... for #c from "old" to "new"" or "... for #c to "new""
		_, tail := cutWord(rest[len(wcChangedTop):])
		var topic []byte
		switch {
		case bytes.HasPrefix(tail, wcTo):
			topic = tail[len(wcTo):]
		case bytes.HasPrefix(tail, wcFrom):
			k := bytes.LastIndex(tail, wcFromTo)
			if k < 0 {
				return false
			}
			topic = tail[k+len(wcFromTo):]
		default:
			return false
		}
		if n := len(topic); n > 0 && topic[n-1] == '"' {
			topic = topic[:n-1]
		}
		r.emit(secs, meeting.TopicChange, nick, topic)
	case bytes.HasPrefix(rest, wcUnsetTop):
		r.emit(secs, meeting.TopicChange, nick, nil)
	default:
		return false
	}
	return true
}
