package ircconn

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lrstanley/girc"
)

// Registration: capabilities, the welcome (SASL check, NickServ IDENTIFY,
// joins) and ISUPPORT.

func (c *Client) onCAP(e girc.Event) {
	// CAP <nick> ACK|NAK|NEW|DEL [*] :caps
	if len(e.Params) < 3 {
		return
	}
	sub := strings.ToUpper(e.Params[1])
	for _, capName := range strings.Fields(e.Last()) {
		name, _, _ := strings.Cut(capName, "=")
		enabled := !strings.HasPrefix(name, "-")
		name = strings.TrimPrefix(name, "-")
		if name != "echo-message" {
			continue
		}
		c.mu.Lock()
		switch sub {
		case "ACK":
			c.echo = enabled
		case "DEL":
			c.echo = false
		}
		c.mu.Unlock()
	}
}

func (cn *conn) onWelcome(e girc.Event) {
	c := cn.c
	cn.mu.Lock()
	saslDone := cn.saslDone
	cn.mu.Unlock()
	c.mu.Lock()
	if len(e.Params) > 0 {
		c.nick = e.Params[0]
	}
	c.registered = true
	nick := c.nick
	want := append([]string(nil), c.want...)
	pw := c.password
	echo := c.echo
	c.mu.Unlock()
	if c.cfg.SASL != "" && !saslDone {
		// The server did not offer SASL (services down?): do not stay
		// connected unauthenticated; retry later.
		cn.close(fmt.Errorf("server %s did not offer SASL (services not linked?)", c.cfg.Server))
		return
	}
	if c.cfg.NickServ && c.cfg.SASL == "" {
		cn.gc.Send(&girc.Event{Command: girc.PRIVMSG, Params: []string{"NickServ", "IDENTIFY " + c.cfg.Account + " " + pw}, Sensitive: true})
	}
	if len(want) > 0 {
		cn.gc.Cmd.Join(want...)
	}
	c.log.Info("ircconn: connected", "server", c.cfg.Server, "nick", nick, "echo", echo)
	c.emit(Event{Type: EventState, State: StateConnected, Nick: nick})
	go cn.regainLoop() // acts only while we have a fallback nick
	c.q.poke()
}

func (c *Client) onISupport(e girc.Event) {
	if len(e.Params) < 2 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, tok := range e.Params[1 : len(e.Params)-1] {
		k, v, _ := strings.Cut(tok, "=")
		switch k {
		case "PREFIX": // (qaohv)~&@%+
			if i := strings.IndexByte(v, ')'); strings.HasPrefix(v, "(") && i > 0 && len(v)-i-1 == i-1 {
				c.prefixModes, c.prefixChars = v[1:i], v[i+1:]
			}
		case "CHANMODES":
			parts := strings.SplitN(v, ",", 4)
			copy(c.chanModes[:], parts)
		case "MONITOR":
			c.monitor = true
		case "CHATHISTORY":
			c.historyLimit, _ = strconv.Atoi(v)
		case "CHANTYPES":
			if v != "" {
				c.chanTypes = v
			}
		}
	}
}
