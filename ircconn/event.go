package ircconn

import (
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// EventType says what an Event carries.
type EventType uint8

const (
	// EventLine is a channel line (message, action, notice, join, part,
	// quit, nick change, topic change, kick) in Line, for Channel.
	EventLine EventType = iota + 1
	// EventPrivate is a message or notice sent to us directly (Channel is
	// empty). Our own private messages are never reported.
	EventPrivate
	// EventRoster is the full member list (Members) and topic (Topic) of
	// Channel: after we joined (end of NAMES), after op/voice changes, and
	// when members' realnames become known (a join with extended-join, the
	// end of a WHO reply). Complete says the realnames are all known.
	EventRoster
	// EventState is a connection state change (State, RetryIn, Err).
	EventState
	// EventNick is a change of our own nick (Nick).
	EventNick
	// EventInvite: Line.Nick invited us to Channel (not joined by itself:
	// the consumer decides, e.g. `gavel bot --join-on-invite`).
	EventInvite
)

var eventTypeNames = [...]string{"", "line", "private", "roster", "state", "nick", "invite"}

func (t EventType) String() string {
	if int(t) < len(eventTypeNames) && t != 0 {
		return eventTypeNames[t]
	}
	return "unknown"
}

// ConnState is the state of the connection.
type ConnState uint8

const (
	// StateConnecting: dialling and registering.
	StateConnecting ConnState = iota + 1
	// StateConnected: registered (001 received); channels are being joined.
	StateConnected
	// StateDisconnected: the connection dropped; RetryIn says when the
	// next attempt starts, Err why it dropped.
	StateDisconnected
	// StateFailed: a final error (SASL refused, untrusted certificate, bad
	// configuration). Run returns Err.
	StateFailed
	// StateStopped: Run is returning after Quit or context cancellation.
	StateStopped
)

var stateNames = [...]string{"", "connecting", "connected", "disconnected", "failed", "stopped"}

func (s ConnState) String() string {
	if int(s) < len(stateNames) && s != 0 {
		return stateNames[s]
	}
	return "unknown"
}

// Member is one nick in a channel.
type Member struct {
	Nick string
	// Account is the services account when known (extended-join,
	// account-notify, account-tag), else empty.
	Account string
	// Prefix holds the member's status prefixes, highest first ("@", "@+").
	Prefix string
	// RealName is the member's realname (GECOS) when known: from
	// extended-join, or from the WHO replies that follow every join.
	RealName string
}

// Op reports channel operator status or higher (~ & @).
func (m Member) Op() bool { return strings.ContainsAny(m.Prefix, "~&@") }

// Voice reports voice (+) or half-op (%) status.
func (m Member) Voice() bool { return strings.ContainsAny(m.Prefix, "+%") }

// Event is something that happened on the connection. Events are delivered
// to Config.OnEvent one at a time, in the order the server sent them.
type Event struct {
	Type EventType
	// Seq numbers events of one Client from 1, without gaps.
	Seq uint64
	// Channel is the channel, spelled as in Config.Channels / Join when it
	// is one of ours, else as the server sent it.
	Channel string
	// Line is the channel line (EventLine, EventPrivate). Line.Time is the
	// server-time when the server sent one (UTC), else Config.Now.
	Line meeting.Line
	// Self is set when Line.Nick is us (our messages, our join, our nick
	// change).
	Self bool
	// MsgID is the IRCv3 msgid tag, when present (also in Line.MsgID).
	// Line.Recovered marks a line the server replayed from its history
	// (history.go).
	MsgID string
	// Members and Topic for EventRoster. Complete is set once the WHO of
	// the channel sent after our join has ended: from then on every
	// member's RealName is known (or the member has none).
	Members  []Member
	Topic    string
	Complete bool
	// At is when a disconnect was noticed (EventState, our clock).
	At time.Time
	// State, RetryIn and Err for EventState.
	State   ConnState
	RetryIn time.Duration
	Err     error
	// Nick is our nick (EventNick, and EventState when connected).
	Nick string
}
