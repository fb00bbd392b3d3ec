package ircconn

import (
	"time"

	"github.com/gavel-irc/gavel/ircconn/irctext"
	"github.com/lrstanley/girc"
)

// ---- public sending API (never blocks) ----

// Say sends a PRIVMSG to target (a channel or a nick). Long text is split
// into several messages on rune boundaries; like everything sent, it goes
// through irctext.Clean (no CR, LF, NUL or other control characters but
// mIRC formatting reach the wire).
func (c *Client) Say(target, text string) { c.enqueue("PRIVMSG", target, text) }

// Action sends a CTCP ACTION (/me); irctext.Clean takes any \x01 out of
// the text, so it cannot end the CTCP early.
func (c *Client) Action(target, text string) {
	c.enqueue("ACTION", target, text)
}

// Notice sends a NOTICE.
func (c *Client) Notice(target, text string) { c.enqueue("NOTICE", target, text) }

// SetTopic sets channel's topic (cut to one line if too long).
func (c *Client) SetTopic(channel, topic string) { c.enqueue("TOPIC", channel, topic) }

// Nick changes our nick and makes it the wanted nick.
func (c *Client) Nick(nick string) {
	nick = irctext.Clean(nick)
	if !girc.IsValidNick(nick) {
		c.log.Warn("ircconn: invalid nick dropped", "nick", nick)
		return
	}
	c.mu.Lock()
	c.wanted = nick
	c.mu.Unlock()
	c.q.push(outMsg{cmd: "NICK", text: nick})
}

// Join joins channel now (when connected) and after every reconnect.
func (c *Client) Join(channel string) {
	if !validTarget(channel) {
		c.log.Warn("ircconn: invalid channel dropped", "channel", irctext.Clean(channel))
		return
	}
	c.mu.Lock()
	c.addWant(channel)
	c.mu.Unlock()
	c.q.push(outMsg{cmd: "JOIN", target: channel})
}

// Part leaves channel and stops rejoining it.
func (c *Client) Part(channel, reason string) {
	if !validTarget(channel) {
		return
	}
	c.mu.Lock()
	c.dropWant(channel)
	c.mu.Unlock()
	c.q.push(outMsg{cmd: "PART", target: channel, text: irctext.Clean(reason)})
}

// Quit sends QUIT after everything queued before it and makes Run return
// nil (at most 10 s later, even if the queue cannot drain).
func (c *Client) Quit(reason string) {
	c.mu.Lock()
	if c.quitting {
		c.mu.Unlock()
		return
	}
	c.quitting = true
	close(c.quitCh)
	c.mu.Unlock()
	c.q.push(outMsg{cmd: "QUIT", text: irctext.Clean(reason)})
	time.AfterFunc(10*time.Second, func() {
		c.mu.Lock()
		cn := c.cur
		c.mu.Unlock()
		if cn != nil {
			cn.close(nil)
		}
	})
}

func (c *Client) enqueue(cmd, target, text string) {
	if !validTarget(target) {
		c.log.Warn("ircconn: message to invalid target dropped", "target", irctext.Clean(target))
		return
	}
	c.q.push(outMsg{cmd: cmd, target: target, text: irctext.Clean(text)})
}
