package ircconn

import (
	"strings"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/ircconn/irctext"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/lrstanley/girc"
)

// CTCP replies are ours, not girc's: girc answers every CTCP request at
// once, unpaced, echoing PING text back, telling FINGER our idle time and
// sending an error for unknown requests. Anyone can make a bot flood
// itself off the network that way. We answer VERSION, PING, TIME and
// CLIENTINFO only, through the paced send queue and Clean, within a rate
// limit per asker and overall; everything else gets no reply.

const (
	ctcpPerTarget = 2                // replies per asker ...
	ctcpOverall   = 5                // ... and to everyone together ...
	ctcpWindow    = 10 * time.Second // ... per window (token buckets)
	ctcpMaxText   = 64               // bytes of a PING token echoed back
)

// girc's default CTCP handlers, all replaced by onCTCP.
var gircCTCP = []string{girc.CTCP_PING, girc.CTCP_PONG, girc.CTCP_VERSION, girc.CTCP_SOURCE, girc.CTCP_TIME,
	girc.CTCP_FINGER}

// takeOverCTCP removes girc's CTCP replies and routes every CTCP to us.
func (cn *conn) takeOverCTCP() {
	for _, cmd := range gircCTCP {
		cn.gc.CTCP.Clear(cmd)
	}
	cn.gc.CTCP.Set("*", cn.c.onCTCP)
}

// onCTCP runs (in girc's handler goroutine) before girc looks for a
// handler of its own. With none left, girc would send an error reply to
// an unknown request's source: we clear the source's name (this event's
// own copy) so it has no one to send it to.
func (c *Client) onCTCP(_ *girc.Client, ev girc.CTCPEvent) {
	if ev.Source == nil || ev.Reply || ev.Command == girc.CTCP_ACTION {
		return
	}
	nick := ev.Source.Name
	ev.Source.Name = ""
	var text string
	switch ev.Command {
	case girc.CTCP_VERSION:
		text = "gavel " + strings.TrimPrefix(meeting.Version, "gavel ")
	case girc.CTCP_PING:
		text = truncate(ev.Text, ctcpMaxText)
	case girc.CTCP_TIME:
		text = c.cfg.Now().UTC().Format(time.RFC1123Z)
	case girc.CTCP_CLIENTINFO:
		text = "ACTION CLIENTINFO PING TIME VERSION"
	default:
		return
	}
	if !validTarget(nick) || !c.ctcp.allow(fold(nick), c.cfg.Now()) {
		c.log.Debug("ircconn: CTCP reply not sent (rate limit)", "to", irctext.Clean(nick), "ctcp", ev.Command)
		return
	}
	reply := ev.Command
	if text != "" {
		reply += " " + text
	}
	c.q.push(outMsg{cmd: "CTCP", target: nick, text: irctext.Clean(reply)})
}

// ctcpLimiter is a token bucket per asker plus one for all askers.
type ctcpLimiter struct {
	mu      sync.Mutex
	overall bucket
	per     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// refill adds the tokens earned since its last use: size per window, at
// most size.
func (b *bucket) refill(now time.Time, size int) {
	if b.last.IsZero() {
		b.tokens = float64(size)
	} else if d := now.Sub(b.last); d > 0 {
		b.tokens = min(float64(size), b.tokens+float64(size)*float64(d)/float64(ctcpWindow))
	}
	b.last = now
}

// allow reports whether one more reply to key may go out now, and counts
// it if so. A refused request spends nothing.
func (l *ctcpLimiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.per == nil || len(l.per) > 1000 { // forget old askers, not the overall limit
		l.per = map[string]*bucket{}
	}
	b := l.per[key]
	if b == nil {
		b = &bucket{}
		l.per[key] = b
	}
	b.refill(now, ctcpPerTarget)
	l.overall.refill(now, ctcpOverall)
	if b.tokens < 1 || l.overall.tokens < 1 {
		return false
	}
	b.tokens--
	l.overall.tokens--
	return true
}
