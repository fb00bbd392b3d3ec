// Package meeting is gavel's pure meeting engine: channel lines go in, meeting
// state and effects come out. It does no I/O and never reads the clock; time
// arrives with each line, so folding the same lines always gives the same
// meeting.
package meeting

import "time"

// Kind says what happened on a channel line.
type Kind uint8

const (
	// Message is an ordinary PRIVMSG to the channel.
	Message Kind = iota
	// Action is a CTCP ACTION (/me). Actions are logged and counted but
	// never carry commands or votes.
	Action
	// Join, Part and Quit change who is in the channel. Text holds the reason.
	Join
	Part
	Quit
	// NickChange renames Nick to Text.
	NickChange
	// TopicChange is a channel TOPIC change; Text is the new topic.
	TopicChange
	// Kick removes Text (the victim) from the channel; Nick is who kicked.
	Kick
	// Notice is a NOTICE to the channel. Logged, never a command.
	Notice
	// Gap says the recorder did not have the channel from Line.From to
	// Line.Time (a crash, a restart, a lost connection): lines said then
	// reached us only if the server replayed them (Recovered lines after
	// it). See gap.go.
	Gap
	// GapFilled says the server's history overlapped what we already had,
	// so the latest Gap is covered: nothing said in it is missing.
	GapFilled
	// AccountSeen says the server told us, outside any line, that Nick is
	// logged in to Account: WHO/WHOX replies about people already in the
	// channel when we joined. It is journaled like every other fact the
	// meeting decides by (chair rights follow accounts), never said.
	AccountSeen
)

var kindNames = [...]string{"message", "action", "join", "part", "quit", "nick", "topic", "kick", "notice", "gap", "gapfilled", "account"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// ParseKind is the inverse of Kind.String; unknown names give ok=false.
func ParseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), true
		}
	}
	return 0, false
}

// Line is one event on the meeting channel. Kind and Recovered sit
// together: a meeting holds every line it logged, and the padding of two
// one-byte fields apart cost 8 bytes a line.
type Line struct {
	Time time.Time
	Nick string
	// Account is the IRCv3 account of the sender when the server told us
	// (account-tag, extended-join); empty when unknown or logged out.
	Account string
	Text    string
	// MsgID is the IRCv3 msgid of the line when the server sent one: what
	// tells a replayed line from a new one.
	MsgID string
	// From is, for a Gap, when we last had the channel.
	From time.Time
	Kind Kind
	// Recovered marks a line said while we were not in the channel and
	// replayed by the server (history on join, bouncer playback,
	// CHATHISTORY) afterwards.
	Recovered bool
}

// Said reports whether the line is something a person said: it goes to the
// meeting log and counts towards "lines said".
func (l Line) Said() bool { return l.Kind == Message || l.Kind == Action }
