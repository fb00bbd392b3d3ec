package importer

import (
	"bytes"

	"github.com/gavel-irc/gavel/meeting"
)

// splitStamp parses the time stamp that starts a MeetBot or irssi line:
// "HH:MM:SS", "HH:MM", optionally in brackets, after optional blanks. It
// returns the seconds of the day and the rest of the line.
func splitStamp(b []byte) (secs int, rest []byte, ok bool) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	bracket := i < len(b) && b[i] == '['
	if bracket {
		i++
	}
	secs, n, ok := parseClock(b[i:])
	if !ok {
		return 0, nil, false
	}
	i += n
	if bracket {
		if i >= len(b) || b[i] != ']' {
			return 0, nil, false
		}
		i++
	}
	return secs, b[i:], true
}

func skipBlanks(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

func trimBlanks(b []byte) []byte {
	b = skipBlanks(b)
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// isMode reports whether c is a channel-mode nick prefix (owner, admin,
// op, halfop, voice).
func isMode(c byte) bool {
	return c == '@' || c == '+' || c == '%' || c == '&' || c == '~'
}

// cleanNick trims blanks and mode prefixes ("@alice", "< +bob") from a nick.
func cleanNick(b []byte) []byte {
	b = trimBlanks(b)
	for len(b) > 0 && isMode(b[0]) {
		b = b[1:]
	}
	return trimBlanks(b)
}

// cutWord splits b at its first space: the word and what follows the space.
func cutWord(b []byte) (word, rest []byte) {
	if i := bytes.IndexByte(b, ' '); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

func dropOneSpace(b []byte) []byte {
	if len(b) > 0 && b[0] == ' ' {
		return b[1:]
	}
	return b
}

// parseText parses a MeetBot .log.txt line or, with irssi set, an irssi
// line (a superset: "-!-" events, "---" date lines, "-nick:#chan-"
// notices).
func (r *Reader) parseText(b []byte, irssi bool) bool {
	if irssi && len(b) > 4 && b[0] == '-' && b[1] == '-' && b[2] == '-' && b[3] == ' ' {
		r.irssiMeta(b[4:])
		return false
	}
	secs, rest, ok := splitStamp(b)
	if !ok {
		return false
	}
	rest = skipBlanks(rest)
	if len(rest) == 0 {
		return false
	}
	switch rest[0] {
	case '<':
		// The nick ends at the "> " before the text; nicks hold no space,
		// so that is the first space. This keeps a nick such as "<x>"
		// (bridges, imported logs) whole; without the space, the first '>'.
		k := bytes.IndexByte(rest, ' ') - 1
		if k < 1 || rest[k] != '>' {
			k = bytes.IndexByte(rest, '>')
		}
		if k < 0 {
			return false
		}
		nick := cleanNick(rest[1:k])
		if len(nick) == 0 {
			return false
		}
		r.emit(secs, meeting.Message, nick, dropOneSpace(rest[k+1:]))
		return true
	case '*':
		if len(rest) < 2 || rest[1] != ' ' {
			return false
		}
		nick, txt := cutWord(skipBlanks(rest[2:]))
		nick = cleanNick(nick)
		if len(nick) == 0 {
			return false
		}
		r.emit(secs, meeting.Action, nick, txt)
		return true
	case '-':
		if len(rest) > 4 && rest[1] == '!' && rest[2] == '-' && rest[3] == ' ' && r.parseGap(secs, rest[4:]) {
			return true // gavel's mark of a gap in the record (gap.go)
		}
		if !irssi {
			return false
		}
		if len(rest) > 4 && rest[1] == '!' && rest[2] == '-' && rest[3] == ' ' {
			return r.irssiEvent(secs, rest[4:])
		}
		return r.irssiNotice(secs, rest)
	}
	return false
}

// irssiMeta handles irssi's untimed "--- Log opened <ctime>", "--- Day
// changed <date>" lines, which set the current day.
func (r *Reader) irssiMeta(b []byte) {
	var rest []byte
	switch {
	case bytes.HasPrefix(b, []byte("Log opened ")):
		rest = b[len("Log opened "):]
	case bytes.HasPrefix(b, []byte("Day changed ")):
		rest = b[len("Day changed "):]
	default:
		return // "Log closed", anything else
	}
	day, secs, ok := parseCtimeClock(rest)
	if !ok {
		return
	}
	r.day = day
	r.dateKnown = true
	r.last = secs // -1 for "Day changed"
}

var (
	hasJoined   = []byte("has joined")
	hasLeft     = []byte("has left")
	hasQuit     = []byte("has quit")
	nowKnownAs  = []byte("is now known as ")
	changedTop  = []byte("changed the topic of ")
	wasKicked   = []byte("was kicked from ")
	topicUnset  = []byte("Topic unset by ")
	irssiTopicT = []byte(" to: ")
	irssiBy     = []byte(" by ")
)

// irssiEvent parses the text after "-!- ".
func (r *Reader) irssiEvent(secs int, b []byte) bool {
	if bytes.HasPrefix(b, topicUnset) {
		// "Topic unset by nick on #chan"
		nick, _ := cutWord(b[len(topicUnset):])
		if len(nick) == 0 {
			return false
		}
		r.emit(secs, meeting.TopicChange, nick, nil)
		return true
	}
	nick, rest := cutWord(b)
	nick = cleanNick(nick)
	if len(nick) == 0 {
		return false
	}
	// Skip "[user@host]" (and irssi's optional "[account]"/"[realname]").
	for len(rest) > 0 && rest[0] == '[' {
		k := bytes.IndexByte(rest, ']')
		if k < 0 {
			return false
		}
		rest = skipBlanks(rest[k+1:])
	}
	switch {
	case bytes.HasPrefix(rest, hasJoined):
		r.emit(secs, meeting.Join, nick, nil)
	case bytes.HasPrefix(rest, hasLeft):
		// "has left #chan [reason]"
		_, tail := cutWord(skipBlanks(rest[len(hasLeft):])) // the channel
		r.emit(secs, meeting.Part, nick, bracketed(tail, '[', ']'))
	case bytes.HasPrefix(rest, hasQuit):
		r.emit(secs, meeting.Quit, nick, bracketed(skipBlanks(rest[len(hasQuit):]), '[', ']'))
	case bytes.HasPrefix(rest, nowKnownAs):
		to := cleanNick(rest[len(nowKnownAs):])
		if len(to) == 0 {
			return false
		}
		r.emit(secs, meeting.NickChange, nick, to)
	case bytes.HasPrefix(rest, changedTop):
		k := bytes.Index(rest, irssiTopicT)
		if k < 0 {
			return false
		}
		r.emit(secs, meeting.TopicChange, nick, rest[k+len(irssiTopicT):])
	case bytes.HasPrefix(rest, wasKicked):
		// "victim was kicked from #chan by kicker [reason]"
		k := bytes.Index(rest, irssiBy)
		if k < 0 {
			return false
		}
		by, _ := cutWord(rest[k+len(irssiBy):])
		by = cleanNick(by)
		if len(by) == 0 {
			return false
		}
		r.emit(secs, meeting.Kick, by, nick)
	default:
		return false
	}
	return true
}

// irssiNotice parses irssi's channel notice "-nick:#chan- text" (or
// "-nick(user@host)- text").
func (r *Reader) irssiNotice(secs int, b []byte) bool {
	k := bytes.Index(b, []byte("- "))
	if k < 2 {
		return false
	}
	hdr := b[1:k]
	if i := bytes.IndexAny(hdr, ":("); i >= 0 {
		hdr = hdr[:i]
	}
	nick := cleanNick(hdr)
	if len(nick) == 0 || bytes.IndexByte(nick, ' ') >= 0 {
		return false
	}
	r.emit(secs, meeting.Notice, nick, b[k+2:])
	return true
}

// bracketed returns the inside of b when b is "<open>...<close>", else b
// trimmed.
func bracketed(b []byte, open, close byte) []byte {
	b = trimBlanks(b)
	if len(b) >= 2 && b[0] == open && b[len(b)-1] == close {
		return b[1 : len(b)-1]
	}
	return b
}
