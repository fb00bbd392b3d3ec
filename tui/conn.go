package tui

import (
	"fmt"
	"time"
)

// ConnState is the connection's state as the view shows it.
type ConnState uint8

const (
	ConnOffline      ConnState = iota // not connected yet
	ConnConnecting                    // dialling and registering
	ConnConnected                     // registered with the server
	ConnDisconnected                  // dropped; RetryAt says when the next attempt starts
	ConnFailed                        // given up for good (Err says why)
	ConnStopped                       // quitting
	ConnReplay                        // no server: a replay or the demo
)

var connNames = [...]string{"offline", "connecting", "connected", "disconnected", "failed", "stopped", "replay"}

func (s ConnState) String() string {
	if int(s) < len(connNames) {
		return connNames[s]
	}
	return "unknown"
}

// ConnMsg is the connection state for the header.
type ConnMsg struct {
	State ConnState
	Err   string
	Nick  string
	// RetryAt is when a dropped connection tries again (ConnDisconnected).
	RetryAt time.Time
}

// connLabel is the header's word for the connection: a dropped one
// counts down to its next attempt.
func (m *Model) connLabel() string {
	c := m.conn
	if c.State == ConnDisconnected && !c.RetryAt.IsZero() {
		now := m.now
		if now.IsZero() {
			now = time.Now()
		}
		if left := c.RetryAt.Sub(now).Round(time.Second); left > 0 {
			return fmt.Sprintf("disconnected, retry in %s", left)
		}
		return "disconnected, retrying"
	}
	return c.State.String()
}

// setConn takes a new connection state. Its error goes to the footer and
// is cleared when the connection is back, so the footer never keeps an
// error that no longer holds.
func (m *Model) setConn(msg ConnMsg) {
	m.conn = msg
	switch {
	case msg.Err != "":
		m.status = msg.State.String() + ": " + msg.Err
		m.connStatus = true
	case msg.State == ConnConnected && m.connStatus:
		m.status, m.connStatus = "", false
	}
	if msg.Nick != "" {
		m.opts.Nick, m.channel.self = msg.Nick, msg.Nick
	}
}
